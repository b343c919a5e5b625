using Microsoft.Azure.Functions.Worker;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Site;

namespace Monitors.Functions;

/// <summary>Queue: check one document. After <c>maxDequeueCount</c> failures the host moves the message to <c>checks-poison</c>.</summary>
public sealed class CheckDocument(DocumentChecker checker)
{
    [Function(nameof(CheckDocument))]
    public Task<CheckResult> RunAsync([QueueTrigger(StorageNames.Queues.Checks)] string message, CancellationToken cancellationToken) =>
        checker.HandleMessageAsync(message, cancellationToken);
}

/// <summary>
/// Queue: a version was published; bring the site's read models (clauses, topics, change lists, search) up to date.
/// Apart from the check so a check costs what checking costs; after <c>maxDequeueCount</c> failures, <c>site-poison</c>.
/// </summary>
public sealed class UpdateSite(SiteUpdateHandler handler)
{
    [Function(nameof(UpdateSite))]
    public Task RunAsync([QueueTrigger(StorageNames.Queues.Site)] string message, CancellationToken cancellationToken) =>
        handler.HandleAsync(message, cancellationToken);
}
