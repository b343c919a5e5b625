using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
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

/// <summary>The <c>checks</c> queue: check one document — when this runner's catalog has it and no live run owns the message.</summary>
public sealed class CheckQueueHandler(DocumentChecker checker, PlatformCatalog catalog) : IQueueHandler
{
    public string Queue => StorageNames.Queues.Checks;

    public Task HandleAsync(string body, CancellationToken cancellationToken = default) => checker.HandleMessageAsync(body, cancellationToken);

    public async Task<MessageHandling> TryHandleAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var check = MessageJson.Deserialize<CheckMessage>(message.Body);
        if (CheckOwnership.Decide(check, message, catalog, runId: null) == CheckClaim.Leave)
        {
            return MessageHandling.Left;
        }

        await checker.CheckAsync(check, cancellationToken);
        return MessageHandling.Handled;
    }
}
