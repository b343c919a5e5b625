using Microsoft.Extensions.Logging;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Email;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Alerts;

/// <summary>
/// Runs with the check timer (function <c>NotifyOutages</c>, <c>%CHECK_SCHEDULE%</c>): a confirmed Monitor subscriber with
/// same-day alerts on whose platform has had a document needing attention for over <see cref="Threshold"/> gets one
/// notice per outage. The delivery key holds the outage's start (the earliest failing document's first failure), so the
/// notice goes once however many checks fail after it, and again only for a new outage after a recovery.
/// </summary>
public sealed partial class OutageNotifier(
    PlatformCatalog catalog,
    CoverageReader coverage,
    ISubscriberStore subscribers,
    ISubscriptionStore subscriptions,
    EmailComposer composer,
    DeliveryLedger ledger,
    TimeProvider time,
    ILogger<OutageNotifier> logger)
{
    public static readonly TimeSpan Threshold = TimeSpan.FromHours(24);

    /// <summary>Sends the notices that are due and returns how many were sent now.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var platform in catalog.Platforms)
        {
            var down = (await coverage.ForPlatformAsync(platform.Id, cancellationToken))
                .Where(c => c is { NeedsAttention: true, FailingSince: { } since } && now - since >= Threshold)
                .ToArray();
            if (down.Length == 0)
            {
                continue;
            }

            var outageStart = down.Min(c => c.FailingSince!.Value);
            var key = $"outage-{platform.Id}-{outageStart.UtcDateTime:yyyyMMddHHmmss}";
            await foreach (var subscription in subscriptions.ListByPlatformAsync(platform.Id, cancellationToken))
            {
                var subscriber = await subscribers.GetAsync(subscription.SubscriberId, cancellationToken);
                if (subscriber is null || !subscriber.ReceivesAlerts)
                {
                    continue;
                }

                var outcome = await ledger.SendOnceAsync(
                    subscriber.Id,
                    key,
                    () => composer.OutageNotice(subscriber, platform.Name, down, Threshold, $"{key}-{subscriber.Id}"),
                    cancellationToken);
                if (outcome == DeliveryOutcome.Sent)
                {
                    sent++;
                }
            }

            LogOutage(logger, platform.Id, down.Length, outageStart);
        }

        return sent;
    }

    [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "Platform {PlatformId}: {Count} document(s) could not be checked since {Since}; outage notices sent once")]
    private static partial void LogOutage(ILogger logger, string platformId, int count, DateTimeOffset since);
}
