namespace Monitors.Core.Subscriptions;

/// <summary>A request the subscription service refuses; nothing was changed. The message is for the person who sent it.</summary>
public abstract class SubscriptionException(string message) : Exception(message);

/// <summary>A field of a request is invalid (a malformed email, an unknown tier, a bad filter).</summary>
public sealed class InvalidSubscriptionRequestException(string field, string message) : SubscriptionException(message)
{
    public string Field { get; } = field;
}

/// <summary>No subscriber has that id.</summary>
public sealed class SubscriberNotFoundException(string subscriberId)
    : SubscriptionException($"No subscriber '{subscriberId}'.")
{
    public string SubscriberId { get; } = subscriberId;
}

/// <summary>The platform is not in the catalog.</summary>
public sealed class UnknownPlatformException(string platformId, IEnumerable<string> known)
    : SubscriptionException($"Platform '{platformId}' is not in the catalog. Known platforms: {string.Join(", ", known)}.")
{
    public string PlatformId { get; } = platformId;
}

/// <summary>Following one more platform would pass the tier's limit.</summary>
public sealed class TierLimitException(Tier tier, int limit, int following, string platformId)
    : SubscriptionException(
        $"The {tier} tier follows at most {limit} platform{(limit == 1 ? string.Empty : "s")}; this subscriber already follows {following}. " +
        $"Unfollow one before following '{platformId}'{(tier == Tier.Free ? ", or move to the Monitor tier (up to 25 platforms)" : string.Empty)}.")
{
    public Tier Tier { get; } = tier;
    public int Limit { get; } = limit;
}

/// <summary>A feature the subscriber's tier does not include (same-day alerts on Free), or a tier change their follows do not fit.</summary>
public sealed class TierFeatureException(Tier tier, string message) : SubscriptionException(message)
{
    public Tier Tier { get; } = tier;
}

/// <summary>Another writer changed the subscriber repeatedly while this request was retried; the caller may retry.</summary>
public sealed class SubscriptionConflictException(string subscriberId)
    : SubscriptionException($"Subscriber '{subscriberId}' was changed by several requests at once; retry the request.");
