using Microsoft.Extensions.Logging;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Alerts;

/// <summary>
/// The <c>changes</c> queue: a change record was stored; enqueue one <c>alerts</c> message per confirmed Monitor
/// subscriber with same-day alerts on who follows the platform and whose filter the change matches. Handling a notice
/// twice enqueues the alerts twice; the <c>Deliveries</c> row makes the second of each send nothing.
/// </summary>
public sealed partial class ChangeFanOut(
    IChangeStore changes,
    ISubscriberStore subscribers,
    ISubscriptionStore subscriptions,
    IWorkQueue queue,
    ILogger<ChangeFanOut> logger) : IQueueHandler
{
    public string Queue => StorageNames.Queues.Changes;

    public Task HandleAsync(string body, CancellationToken cancellationToken = default) =>
        FanOutAsync(MessageJson.Deserialize<ChangeNotice>(body), cancellationToken);

    /// <summary>Returns the alerts enqueued.</summary>
    public async Task<IReadOnlyList<AlertMessage>> FanOutAsync(ChangeNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var record = await changes.GetAsync(notice.ChangeId, cancellationToken);
        if (record is null)
        {
            LogChangeMissing(logger, notice.ChangeId, notice.PlatformId);
            return [];
        }

        var alerts = new List<AlertMessage>();
        await foreach (var subscription in subscriptions.ListByPlatformAsync(record.PlatformId, cancellationToken))
        {
            var subscriber = await subscribers.GetAsync(subscription.SubscriberId, cancellationToken);
            if (subscriber is null || !AlertSender.IsEligible(subscriber, subscription, record))
            {
                continue;
            }

            var alert = new AlertMessage(subscriber.Id, record.Id);
            await queue.EnqueueAsync(StorageNames.Queues.Alerts, alert, cancellationToken: cancellationToken);
            alerts.Add(alert);
        }

        LogFannedOut(logger, record.Id, record.PlatformId, alerts.Count);
        return alerts;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Change {ChangeId} of {PlatformId} is not in the change store; no alerts")]
    private static partial void LogChangeMissing(ILogger logger, string changeId, string platformId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Change {ChangeId} of {PlatformId}: {Count} alerts enqueued")]
    private static partial void LogFannedOut(ILogger logger, string changeId, string platformId, int count);
}
