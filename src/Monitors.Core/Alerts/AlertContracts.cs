using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Monitors.Core.Alerts;

/// <summary>The body of a message on the <c>alerts</c> queue: send one subscriber the alert for one change record.</summary>
public sealed record AlertMessage(string SubscriberId, string ChangeId);

/// <summary>The body of a message on the <c>digests</c> queue: send one subscriber the digest of the 7 days before <paramref name="PeriodEnd"/>.</summary>
/// <param name="Week">ISO week of <paramref name="PeriodEnd"/>, e.g. <c>2026-W10</c>: the digest's idempotency key.</param>
public sealed record DigestMessage(string SubscriberId, string Week, DateTimeOffset PeriodEnd);

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryState>))]
public enum DeliveryState
{
    /// <summary>Claimed by a sender that has not finished; another waits for it, or takes over after the lease.</summary>
    Sending,
    /// <summary>The provider accepted the email. Nothing is sent again for this key.</summary>
    Sent,
    /// <summary>The last attempt failed; the next delivery of the queue message tries again.</summary>
    Failed,
}

/// <summary>
/// One email to one subscriber, keyed by what it is about (<c>alert-{changeId}</c>, <c>digest-{week}</c>): a row of
/// Table <c>Deliveries</c>, written before the send and marked sent after it, so a queue message handled twice sends once.
/// </summary>
public sealed record Delivery(
    string SubscriberId,
    string Key,
    DeliveryState State,
    int Attempts,
    DateTimeOffset StartedAt,
    DateTimeOffset? SentAt = null,
    string? LastError = null,
    string? Subject = null)
{
    /// <summary>Table row ETag; null for a delivery never saved.</summary>
    public string? ETag { get; init; }

    public static string AlertKey(string changeId) => $"alert-{changeId}";

    public static string DigestKey(string week) => $"digest-{week}";
}

/// <summary>Table <c>Deliveries</c>: PartitionKey = subscriber, RowKey = delivery key; ETag-guarded.</summary>
public interface IDeliveryStore
{
    Task<Delivery?> GetAsync(string subscriberId, string key, CancellationToken cancellationToken = default);

    /// <summary>Adds the row; returns it with its ETag, or null when a row with that key exists.</summary>
    Task<Delivery?> TryAddAsync(Delivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Replaces the row if it still has <see cref="Delivery.ETag"/>; returns it with the new ETag, or null on a conflict.</summary>
    Task<Delivery?> TryUpdateAsync(Delivery delivery, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Delivery> ListAsync(string subscriberId, CancellationToken cancellationToken = default);
}

/// <summary>Section <c>Monitors:Deliveries</c>.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Monitors:Deliveries";

    /// <summary>How long a "sending" row holds its claim. After it, a sender that died is presumed dead and another takes over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a duplicate delivery waits for an in-flight send of the same email before it lets the queue retry later.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts after which a failing email is logged as given up (the queue's <c>maxDequeueCount</c>, 5 in host.json's default).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>Section <c>Monitors:Digest</c>.</summary>
public sealed class DigestOptions
{
    public const string Section = "Monitors:Digest";

    /// <summary>Whether a week without changes still sends a short "nothing changed on your platforms" email.</summary>
    public bool SendEmptyDigest { get; set; } = true;
}

/// <summary>What handling one alert or digest message did.</summary>
public enum DeliveryOutcome
{
    Sent,
    /// <summary>An earlier delivery of the same message sent it already.</summary>
    AlreadySent,
    /// <summary>The subscriber no longer gets this email (unsubscribed, unfollowed, tier changed, filter).</summary>
    NotEligible,
    /// <summary>The subscriber or the change record no longer exists.</summary>
    Missing,
    /// <summary>A digest of a quiet week, with empty digests switched off.</summary>
    Skipped,
}

/// <summary>Another delivery of the same email is sending it right now; the queue retries this message later.</summary>
public sealed class DeliveryInProgressException(string subscriberId, string key)
    : Exception($"Email '{key}' to subscriber '{subscriberId}' is being sent by another delivery of the same message; retrying later.");
