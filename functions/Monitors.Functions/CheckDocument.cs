using Microsoft.Azure.Functions.Worker;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;

namespace Monitors.Functions;

/// <summary>Queue: check one document. After <c>maxDequeueCount</c> failures the host moves the message to <c>checks-poison</c>.</summary>
public sealed class CheckDocument(DocumentChecker checker)
{
    [Function(nameof(CheckDocument))]
    public Task<CheckResult> RunAsync([QueueTrigger(StorageNames.Queues.Checks)] string message, CancellationToken cancellationToken) =>
        checker.HandleMessageAsync(message, cancellationToken);
}
