using System.Text.Json.Serialization;
using Monitors.Core.Changes.Filters;

namespace Monitors.Core.Subscriptions;

/// <summary>What a subscriber pays for. The rules of each tier are in <see cref="TierRules"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Tier>))]
public enum Tier
{
    /// <summary>Follows one platform; weekly digest only.</summary>
    Free,
    /// <summary>Follows up to 25 platforms; same-day alerts and the weekly digest.</summary>
    Monitor,
}

/// <summary>The product's tiers, in one place: the service enforces them, the API and emails quote them.</summary>
public static class TierRules
{
    public static int MaxPlatforms(Tier tier) => tier switch
    {
        Tier.Monitor => 25,
        _ => 1,
    };

    public static bool HasSameDayAlerts(Tier tier) => tier == Tier.Monitor;

    public static string Describe(Tier tier) => tier switch
    {
        Tier.Monitor => $"Monitor (up to {MaxPlatforms(tier)} platforms, same-day alerts and the weekly digest)",
        _ => $"Free ({MaxPlatforms(tier)} platform, weekly digest)",
    };
}

/// <param name="SameDayAlerts">An email per change, the day it is recorded. Takes effect on the Monitor tier only.</param>
/// <param name="WeeklyDigest">One email a week with every change on the platforms followed.</param>
public sealed record SubscriberPreferences(bool SameDayAlerts = true, bool WeeklyDigest = true)
{
    public static SubscriberPreferences Default { get; } = new();
}

/// <summary>
/// A person who gets emails (a row of Table <c>Subscribers</c>). <see cref="Following"/> is the authoritative list of
/// platforms followed: tier limits are checked against it and it is saved with ETag concurrency, so two follows at once
/// cannot both pass the limit. The <c>Subscriptions</c> table indexes it by platform and holds each follow's filter.
/// </summary>
public sealed record Subscriber
{
    public required string Id { get; init; }

    /// <summary>Normalised (see <see cref="EmailAddresses.Normalise"/>).</summary>
    public required string Email { get; init; }

    public Tier Tier { get; init; } = Tier.Free;

    /// <summary>True once the double opt-in link was followed. Nothing but the confirmation email is sent before.</summary>
    public bool Confirmed { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    public SubscriberPreferences Preferences { get; init; } = SubscriberPreferences.Default;

    /// <summary>Platform ids, in the order they were followed.</summary>
    public IReadOnlyList<string> Following { get; init; } = [];

    /// <summary>Set by the one-click unsubscribe: both preferences are off from then on.</summary>
    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>When the last double opt-in (or "already subscribed") email went out; limits re-sends.</summary>
    public DateTimeOffset? LastConfirmationSentAt { get; init; }

    /// <summary>Table row ETag; null for a subscriber never saved.</summary>
    public string? ETag { get; init; }

    [JsonIgnore]
    public bool ReceivesAlerts => Confirmed && TierRules.HasSameDayAlerts(Tier) && Preferences.SameDayAlerts;

    [JsonIgnore]
    public bool ReceivesDigest => Confirmed && Preferences.WeeklyDigest;

    public bool Follows(string platformId) => Following.Contains(platformId, StringComparer.Ordinal);
}

/// <summary>One platform a subscriber follows (Table <c>Subscriptions</c>), optionally narrowed by a filter.</summary>
public sealed record Subscription(string SubscriberId, string PlatformId, DateTimeOffset CreatedAt, ProvisionFilter? Filter = null);
