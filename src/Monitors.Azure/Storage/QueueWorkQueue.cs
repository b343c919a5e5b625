using Azure.Storage.Queues;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>Azure Storage queues (Base64 messages, like the Functions queue trigger).</summary>
public sealed class QueueWorkQueue(StorageClients clients) : IWorkQueue
{
    public async Task EnqueueAsync<T>(string queue, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        var body = MessageJson.Serialize(message);
        await clients.Queues.GetQueueClient(queue).SendMessageAsync(body, visibilityDelay, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var response = await clients.Queues.GetQueueClient(queue).ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), visibilityTimeout, cancellationToken);
        return response.Value.Select(m => new QueuedMessage(queue, m.MessageId, m.PopReceipt, m.Body.ToString(), m.DequeueCount)).ToArray();
    }

    public Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return clients.Queues.GetQueueClient(message.Queue).DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    public async Task MoveToPoisonAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await clients.Queues.GetQueueClient(StorageNames.Queues.PoisonOf(message.Queue)).SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await DeleteAsync(message, cancellationToken);
    }
}
