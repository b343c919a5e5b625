using System.Text.Json.Serialization;

namespace Monitors.Core.Alerts;

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
