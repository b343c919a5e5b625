using Microsoft.Azure.Functions.Worker;
using Monitors.Core.Checking;

namespace Monitors.Functions;

/// <summary>Timer: enqueue one <c>checks</c> message per catalog document. The checks fan out from the queue.</summary>
public sealed class ScheduleChecks(CheckScheduler scheduler)
{
    [Function(nameof(ScheduleChecks))]
    public Task RunAsync([TimerTrigger("%CHECK_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.EnqueueAsync(cancellationToken: cancellationToken);
}
