using Microsoft.Azure.Functions.Worker;
using Monitors.Core.Alerts;
using Monitors.Core.Configuration;

namespace Monitors.Functions;

/// <summary>Queue: a change record was stored; enqueue one alert per eligible follower.</summary>
public sealed class FanOutChange(ChangeFanOut fanOut)
{
    [Function(nameof(FanOutChange))]
    public Task RunAsync([QueueTrigger(StorageNames.Queues.Changes)] string message, CancellationToken cancellationToken) =>
        fanOut.HandleAsync(message, cancellationToken);
}

/// <summary>Queue: render and send one same-day alert, once per (subscriber, change). After <c>maxDequeueCount</c> failures the host moves it to <c>alerts-poison</c>.</summary>
public sealed class SendAlert(AlertSender sender)
{
    [Function(nameof(SendAlert))]
    public Task RunAsync([QueueTrigger(StorageNames.Queues.Alerts)] string message, CancellationToken cancellationToken) =>
        sender.HandleAsync(message, cancellationToken);
}

/// <summary>Timer (<c>%DIGEST_SCHEDULE%</c>, default Monday 08:00 UTC): one <c>digests</c> message per subscriber with the digest on.</summary>
public sealed class ScheduleDigests(DigestScheduler scheduler)
{
    [Function(nameof(ScheduleDigests))]
    public Task RunAsync([TimerTrigger("%DIGEST_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.EnqueueAsync(cancellationToken: cancellationToken);
}

/// <summary>Queue: one subscriber's weekly digest, once per (subscriber, ISO week).</summary>
public sealed class SendDigest(DigestSender sender)
{
    [Function(nameof(SendDigest))]
    public Task RunAsync([QueueTrigger(StorageNames.Queues.Digests)] string message, CancellationToken cancellationToken) =>
        sender.HandleAsync(message, cancellationToken);
}
