using System.Globalization;
using Microsoft.Extensions.Logging;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Alerts;

/// <summary>
/// The weekly timer's whole job (function <c>ScheduleDigests</c>, <c>%DIGEST_SCHEDULE%</c>): one <c>digests</c> message per
/// confirmed subscriber with the digest on who follows a platform. The digests fan out from the queue.
/// </summary>
public sealed partial class DigestScheduler(ISubscriberStore subscribers, IWorkQueue queue, TimeProvider time, ILogger<DigestScheduler> logger)
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(7);

    /// <summary>Enqueues the digests of the week ending now (or at <paramref name="periodEnd"/>) and returns them.</summary>
    public async Task<IReadOnlyList<DigestMessage>> EnqueueAsync(DateTimeOffset? periodEnd = null, CancellationToken cancellationToken = default)
    {
        var end = periodEnd ?? time.GetUtcNow();
        var week = IsoWeek(end);
        var messages = new List<DigestMessage>();
        await foreach (var subscriber in subscribers.ListAsync(cancellationToken))
        {
            if (!subscriber.ReceivesDigest || subscriber.Following.Count == 0)
            {
                continue;
            }

            var message = new DigestMessage(subscriber.Id, week, end);
            await queue.EnqueueAsync(StorageNames.Queues.Digests, message, cancellationToken: cancellationToken);
            messages.Add(message);
        }

        LogScheduled(logger, messages.Count, week);
        return messages;
    }

    /// <summary>ISO 8601 week of a moment (UTC), e.g. <c>2026-W02</c>: the idempotency key of one subscriber's digest.</summary>
    public static string IsoWeek(DateTimeOffset at)
    {
        var date = at.UtcDateTime;
        return $"{ISOWeek.GetYear(date).ToString(CultureInfo.InvariantCulture)}-W{ISOWeek.GetWeekOfYear(date).ToString("D2", CultureInfo.InvariantCulture)}";
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Scheduled {Count} digests for {Week}")]
    private static partial void LogScheduled(ILogger logger, int count, string week);
}
