namespace Monitors.Core.Storage;

/// <summary>Storage queues, used by the Functions app and the local runner alike.</summary>
public interface IWorkQueue
{
    Task EnqueueAsync<T>(string queue, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="maxMessages"/> visible messages, hiding them for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Puts a received message back, visible again after <paramref name="delay"/>, for another receiver: its owner.</summary>
    Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>Moves a message that failed too often to <c>{queue}-poison</c>, as the Functions host does.</summary>
    Task MoveToPoisonAsync(QueuedMessage message, CancellationToken cancellationToken = default);
}

/// <param name="Age">How long ago the message was enqueued, by the queue service's clock (zero when unknown).</param>
public sealed record QueuedMessage(string Queue, string MessageId, string PopReceipt, string Body, long DequeueCount, TimeSpan Age = default);
