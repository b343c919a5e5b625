using Monitors.Core.Catalog;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

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
