using Microsoft.Extensions.Logging;
using Monitors.Core.Changes;
using Monitors.Core.Configuration;
using Monitors.Core.Email;
using Monitors.Core.Queues;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Alerts;

/// <summary>
/// The <c>alerts</c> queue (function <c>SendAlert</c>): renders and sends one same-day alert, at most once per
/// (subscriber, change). Eligibility is checked again at send time, so an unsubscribe between fan-out and send wins.
/// </summary>
public sealed partial class AlertSender(
    IChangeStore changes,
    ISubscriberStore subscribers,
    ISubscriptionStore subscriptions,
    EmailComposer composer,
    DeliveryLedger ledger,
    ILogger<AlertSender> logger) : IQueueHandler
{
    public string Queue => StorageNames.Queues.Alerts;

    public Task HandleAsync(string body, CancellationToken cancellationToken = default) =>
        SendAsync(MessageJson.Deserialize<AlertMessage>(body), cancellationToken);

    public async Task<DeliveryOutcome> SendAsync(AlertMessage alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (string.IsNullOrWhiteSpace(alert.SubscriberId) || string.IsNullOrWhiteSpace(alert.ChangeId))
        {
            throw new InvalidQueueMessageException("An alert message needs a subscriberId and a changeId.");
        }

        var subscriber = await subscribers.GetAsync(alert.SubscriberId, cancellationToken);
        var record = subscriber is null ? null : await changes.GetAsync(alert.ChangeId, cancellationToken);
        if (subscriber is null || record is null)
        {
            LogMissing(logger, alert.SubscriberId, alert.ChangeId);
            return DeliveryOutcome.Missing;
        }

        Subscription? subscription = null;
        await foreach (var s in subscriptions.ListBySubscriberAsync(subscriber.Id, cancellationToken))
        {
            if (string.Equals(s.PlatformId, record.PlatformId, StringComparison.Ordinal))
            {
                subscription = s;
            }
        }

        subscription ??= new Subscription(subscriber.Id, record.PlatformId, subscriber.CreatedAt);
        if (!IsEligible(subscriber, subscription, record))
        {
            LogNotEligible(logger, subscriber.Id, record.Id);
            return DeliveryOutcome.NotEligible;
        }

        // A narrowed follow sees only the passages it asked for.
        var seen = SubscriptionFilters.ForFollower(subscription.Filter, record);
        return await ledger.SendOnceAsync(subscriber.Id, Delivery.AlertKey(record.Id), () => composer.Alert(subscriber, seen), cancellationToken);
    }

    /// <summary>Who gets a same-day alert of a change: confirmed, Monitor tier, alerts on, following the platform, the change substantive and concerning their filter.</summary>
    public static bool IsEligible(Subscriber subscriber, Subscription subscription, ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(record);
        return subscriber.ReceivesAlerts
            && subscriber.Follows(record.PlatformId)
            && SubscriptionFilters.Matches(subscription.Filter, record);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Alert of change {ChangeId} to subscriber {SubscriberId} dropped: the subscriber or the change record is gone")]
    private static partial void LogMissing(ILogger logger, string subscriberId, string changeId);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Alert of change {ChangeId} to subscriber {SubscriberId} not sent: no longer eligible")]
    private static partial void LogNotEligible(ILogger logger, string subscriberId, string changeId);
}
