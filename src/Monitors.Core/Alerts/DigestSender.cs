using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Filters;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Email;
using Monitors.Core.Queues;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Alerts;

/// <summary>
/// The <c>digests</c> queue (function <c>SendDigest</c>): one email with every change of the 7 days up to the period end on
/// the platforms the subscriber follows (through their filters), grouped by platform, most severe first. At most one per
/// (subscriber, ISO week). A quiet week sends a short "nothing changed" email unless <see cref="DigestOptions.SendEmptyDigest"/> is off.
/// Documents that could not be checked in the week (or are failing now) get a "Could not check" section, and then the
/// digest never says "nothing changed" or "we checked every document".
/// </summary>
public sealed partial class DigestSender(
    IChangeStore changes,
    ISubscriberStore subscribers,
    ISubscriptionStore subscriptions,
    PlatformCatalog catalog,
    CoverageReader coverage,
    EmailComposer composer,
    DeliveryLedger ledger,
    IOptions<DigestOptions> options,
    ILogger<DigestSender> logger) : IQueueHandler
{
    public string Queue => StorageNames.Queues.Digests;

    public Task HandleAsync(string body, CancellationToken cancellationToken = default) =>
        SendAsync(MessageJson.Deserialize<DigestMessage>(body), cancellationToken);

    public async Task<DeliveryOutcome> SendAsync(DigestMessage digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (string.IsNullOrWhiteSpace(digest.SubscriberId) || string.IsNullOrWhiteSpace(digest.Week))
        {
            throw new InvalidQueueMessageException("A digest message needs a subscriberId and a week.");
        }

        var subscriber = await subscribers.GetAsync(digest.SubscriberId, cancellationToken);
        if (subscriber is null)
        {
            return DeliveryOutcome.Missing;
        }

        if (!subscriber.ReceivesDigest || subscriber.Following.Count == 0)
        {
            LogNotEligible(logger, subscriber.Id, digest.Week);
            return DeliveryOutcome.NotEligible;
        }

        var start = digest.PeriodEnd - DigestScheduler.Period;
        var sections = await CollectAsync(subscriber, start, digest.PeriodEnd, cancellationToken);
        // A week with a document we could not check is never "empty": the reader must hear that we could not look.
        if (sections.All(s => s.Changes.Count == 0 && (s.CouldNotCheck is null || s.CouldNotCheck.Count == 0)) && !options.Value.SendEmptyDigest)
        {
            LogSkippedEmpty(logger, subscriber.Id, digest.Week);
            return DeliveryOutcome.Skipped;
        }

        return await ledger.SendOnceAsync(
            subscriber.Id,
            Delivery.DigestKey(digest.Week),
            () => composer.Digest(subscriber, digest.Week, start, digest.PeriodEnd, sections),
            cancellationToken);
    }

    private async Task<IReadOnlyList<DigestSection>> CollectAsync(Subscriber subscriber, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, ProvisionFilter?>(StringComparer.Ordinal);
        await foreach (var s in subscriptions.ListBySubscriberAsync(subscriber.Id, cancellationToken))
        {
            filters[s.PlatformId] = s.Filter;
        }

        var sections = new List<DigestSection>();
        foreach (var platformId in subscriber.Following)
        {
            var records = new List<ChangeRecord>();
            await foreach (var summary in changes.ListAsync(platformId, start, cancellationToken))
            {
                // The period is (start, end]: a change at the very moment of one digest belongs to that digest, not the next.
                if (summary.DetectedAt > end || summary.DetectedAt <= start)
                {
                    continue;
                }

                var record = await changes.GetAsync(summary.ChangeId, cancellationToken);
                if (record is not null && SubscriptionFilters.Matches(filters.GetValueOrDefault(platformId), record))
                {
                    records.Add(SubscriptionFilters.ForFollower(filters.GetValueOrDefault(platformId), record));
                }
            }

            var gaps = (await coverage.ForPlatformAsync(platformId, cancellationToken)).Where(c => c.HasGapSince(start)).ToArray();
            sections.Add(new DigestSection(platformId, catalog.Find(platformId)?.Name ?? records.FirstOrDefault()?.PlatformName ?? platformId, records, gaps));
        }

        return sections;
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Digest {Week} to subscriber {SubscriberId} not sent: digest off or nothing followed")]
    private static partial void LogNotEligible(ILogger logger, string subscriberId, string week);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "Digest {Week} to subscriber {SubscriberId} skipped: nothing changed and empty digests are off")]
    private static partial void LogSkippedEmpty(ILogger logger, string subscriberId, string week);
}
