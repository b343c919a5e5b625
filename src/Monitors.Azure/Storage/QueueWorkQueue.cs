using Azure;
using Azure.Storage.Queues;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
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
        return response.Value.Select(m => new QueuedMessage(queue, m.MessageId, m.PopReceipt, m.Body.ToString(), m.DequeueCount, Age(m, visibilityTimeout))).ToArray();
    }

    /// <summary>Both times are the service's: the receiver's clock (simulated in the demo, skewed elsewhere) plays no part.</summary>
    private static TimeSpan Age(global::Azure.Storage.Queues.Models.QueueMessage message, TimeSpan visibilityTimeout)
    {
        if (message.InsertedOn is not { } inserted || message.NextVisibleOn is not { } nextVisible)
        {
            return TimeSpan.Zero;
        }

        var age = nextVisible - visibilityTimeout - inserted;
        return age > TimeSpan.Zero ? age : TimeSpan.Zero;
    }

    public async Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await clients.Queues.GetQueueClient(message.Queue).DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException e) when (IsGone(e))
        {
            // Handled for longer than its visibility timeout: another receiver holds it (or deleted it) now. Every
            // handler is idempotent, so its second handling changes nothing.
        }
    }

    private static bool IsGone(RequestFailedException e) => e.Status == 404 || (e.Status == 400 && e.ErrorCode == "PopReceiptMismatch");

    public async Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await clients.Queues.GetQueueClient(message.Queue).UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (IsGone(e))
        {
            // Its visibility ran out and another receiver took it (or handled it) meanwhile: it is theirs now.
        }
    }

    public async Task MoveToPoisonAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await clients.Queues.GetQueueClient(StorageNames.Queues.PoisonOf(message.Queue)).SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await DeleteAsync(message, cancellationToken);
    }
}
