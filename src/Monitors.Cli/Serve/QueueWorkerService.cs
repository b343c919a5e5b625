using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitors.Core.Queues;
using Monitors.Core.Storage;

namespace Monitors.Cli.Serve;

/// <summary>The queue triggers, locally: polls each handler's queue and runs its messages.</summary>
internal sealed partial class QueueWorkerService(IEnumerable<IQueueHandler> handlers, QueueRunner runner, TimeSpan pollInterval, ILogger<QueueWorkerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = handlers.ToArray();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var handler in all)
            {
                try
                {
                    await runner.PollAsync(handler.Queue, handler.TryHandleAsync, stoppingToken);
                }
                catch (StorageUnavailableException e)
                {
                    // The messages stay on the queue; polling goes on and picks them up once storage answers again.
                    LogStorageUnavailable(logger, handler.Queue, e.Message);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPollFailed(logger, e, handler.Queue);
                }
            }

            await Task.Delay(pollInterval, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Polling queue {Queue} failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Polling queue {Queue} paused until the next poll: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string queue, string reason);
}
