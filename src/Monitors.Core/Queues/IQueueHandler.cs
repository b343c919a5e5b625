using Monitors.Core.Checking;
using Monitors.Core.Configuration;

namespace Monitors.Core.Queues;

/// <summary>
/// Handles one message of one queue. In Azure each is called by a queue-triggered function; locally <c>monitors serve</c>
/// polls every registered handler's queue through <see cref="QueueRunner"/>.
/// </summary>
public interface IQueueHandler
{
    string Queue { get; }

    Task HandleAsync(string body, CancellationToken cancellationToken = default);
}

/// <summary>The <c>checks</c> queue: check one document.</summary>
public sealed class CheckQueueHandler(DocumentChecker checker) : IQueueHandler
{
    public string Queue => StorageNames.Queues.Checks;

    public Task HandleAsync(string body, CancellationToken cancellationToken = default) => checker.HandleMessageAsync(body, cancellationToken);
}
