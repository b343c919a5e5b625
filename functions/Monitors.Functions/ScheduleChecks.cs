using Microsoft.Azure.Functions.Worker;
using Monitors.Core.Alerts;
using Monitors.Core.Checking;

namespace Monitors.Functions;

/// <summary>Timer: enqueue one <c>checks</c> message per catalog document. The checks fan out from the queue.</summary>
public sealed class ScheduleChecks(CheckScheduler scheduler)
{
    [Function(nameof(ScheduleChecks))]
    public Task RunAsync([TimerTrigger("%CHECK_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.EnqueueAsync(cancellationToken: cancellationToken);
}

/// <summary>
/// Timer, with the checks: one notice to each Monitor subscriber whose platform could not be checked for over a day
/// (<see cref="OutageNotifier"/>; once per outage).
/// </summary>
public sealed class NotifyOutages(OutageNotifier notifier)
{
    [Function(nameof(NotifyOutages))]
    public Task RunAsync([TimerTrigger("%CHECK_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        notifier.SendDueAsync(cancellationToken);
}
