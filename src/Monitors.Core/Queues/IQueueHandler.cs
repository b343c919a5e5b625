using Monitors.Core.Storage;

namespace Monitors.Core.Queues;

/// <summary>
/// Handles one message of one queue. In Azure each is called by a queue-triggered function; locally <c>monitors serve</c>
/// polls every registered handler's queue through <see cref="QueueRunner"/>.
/// </summary>
public interface IQueueHandler
{
    string Queue { get; }

    Task HandleAsync(string body, CancellationToken cancellationToken = default);

    /// <summary>Handles the message, or leaves it for another receiver (the queue runner puts it back, never deletes it).</summary>
    async Task<MessageHandling> TryHandleAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await HandleAsync(message.Body, cancellationToken);
        return MessageHandling.Handled;
    }
}
