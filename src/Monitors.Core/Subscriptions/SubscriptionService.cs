using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Monitors.Core.Catalog;
using Monitors.Core.Changes.Filters;

namespace Monitors.Core.Subscriptions;

/// <summary>What a sign-up did.</summary>
/// <param name="IsNew">False when the email already had a subscriber (the response does not say so, to avoid telling who subscribes).</param>
/// <param name="EmailSent">Which email went out: the double opt-in, a "you are already subscribed" note, or none (sent recently, or an operator sign-up).</param>
public sealed record SignUpResult(Subscriber Subscriber, bool IsNew, SignUpEmail EmailSent);

public enum SignUpEmail
{
    None,
    Confirmation,
    AlreadySubscribed,
}

/// <summary>
/// Subscribers and what they follow, with the tier rules enforced here (not only at the API): Free follows one platform,
/// Monitor up to 25, and same-day alerts are a Monitor feature. Every change to a subscriber is an ETag-guarded
/// read-modify-write, retried on conflict, so concurrent requests cannot pass a limit together.
/// </summary>
public sealed partial class SubscriptionService(
    ISubscriberStore subscribers,
    ISubscriptionStore subscriptions,
    PlatformCatalog catalog,
    ISignUpMailer mailer,
    TimeProvider time,
    ILogger<SubscriptionService> logger)
{
    private const int MaxConflictRetries = 8;

    /// <summary>A confirmation email is not sent again within this time, so a sign-up form cannot be used to flood an inbox.</summary>
    public static readonly TimeSpan ConfirmationResendInterval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Signs up an email (Free unless an operator says otherwise) and sends the double opt-in email. Signing up an email
    /// that already has a subscriber changes nothing but may re-send the confirmation (or an "already subscribed" note).
    /// </summary>
    /// <param name="follow">Platforms to follow right away, within the tier's limit.</param>
    /// <param name="tier">Set by operators only; the public API always signs up Free.</param>
    /// <param name="confirmed">Operators may add a subscriber who already agreed elsewhere: no opt-in email is sent.</param>
    public async Task<SignUpResult> SignUpAsync(
        string? email,
        IReadOnlyList<string>? follow = null,
        Tier tier = Tier.Free,
        bool confirmed = false,
        CancellationToken cancellationToken = default)
    {
        var normalised = EmailAddresses.Normalise(email);
        var platforms = (follow ?? []).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var platformId in platforms)
        {
            RequirePlatform(platformId);
        }

        if (platforms.Length > TierRules.MaxPlatforms(tier))
        {
            throw new TierLimitException(tier, TierRules.MaxPlatforms(tier), 0, platforms[TierRules.MaxPlatforms(tier)]);
        }

        var now = time.GetUtcNow();
        var existing = await subscribers.FindByEmailAsync(normalised, cancellationToken);
        if (existing is null)
        {
            var subscriber = new Subscriber
            {
                Id = NewId(),
                Email = normalised,
                Tier = tier,
                Confirmed = confirmed,
                ConfirmedAt = confirmed ? now : null,
                CreatedAt = now,
                Following = platforms,
                LastConfirmationSentAt = confirmed ? null : now,
            };
            if (await subscribers.TryAddAsync(subscriber, cancellationToken))
            {
                foreach (var platformId in platforms)
                {
                    await subscriptions.SaveAsync(new Subscription(subscriber.Id, platformId, now), cancellationToken);
                }

                LogSignedUp(logger, subscriber.Id, tier.ToString(), confirmed);
                var saved = await subscribers.GetAsync(subscriber.Id, cancellationToken) ?? subscriber;
                if (!confirmed)
                {
                    await mailer.SendConfirmationAsync(saved, cancellationToken);
                    return new SignUpResult(saved, true, SignUpEmail.Confirmation);
                }

                return new SignUpResult(saved, true, SignUpEmail.None);
            }

            // Someone signed this email up a moment ago: treat it as the existing subscriber.
            existing = await subscribers.FindByEmailAsync(normalised, cancellationToken)
                ?? throw new SubscriptionConflictException(normalised);
        }

        // Follows asked for in a repeated sign-up are not added: the person has not yet proved they own the address.
        return await SignUpExistingAsync(existing, cancellationToken);
    }

    private async Task<SignUpResult> SignUpExistingAsync(Subscriber existing, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (existing.LastConfirmationSentAt is { } last && now - last < ConfirmationResendInterval)
        {
            return new SignUpResult(existing, false, SignUpEmail.None);
        }

        var updated = await UpdateAsync(existing.Id, s => s with { LastConfirmationSentAt = now }, cancellationToken);
        var active = updated.Confirmed && updated.UnsubscribedAt is null;
        await (active ? mailer.SendAlreadySubscribedAsync(updated, cancellationToken) : mailer.SendConfirmationAsync(updated, cancellationToken));
        return new SignUpResult(updated, false, active ? SignUpEmail.AlreadySubscribed : SignUpEmail.Confirmation);
    }

    /// <summary>Confirms the address (the double opt-in link). Confirming after an unsubscribe turns the emails back on.</summary>
    public Task<Subscriber> ConfirmAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        UpdateAsync(subscriberId, s => s.Confirmed && s.UnsubscribedAt is null ? s : s with
        {
            Confirmed = true,
            ConfirmedAt = s.ConfirmedAt ?? time.GetUtcNow(),
            UnsubscribedAt = null,
            Preferences = s.UnsubscribedAt is null ? s.Preferences : SubscriberPreferences.Default,
        }, cancellationToken);

    public async Task<Subscriber> GetAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        await subscribers.GetAsync(subscriberId, cancellationToken) ?? throw new SubscriberNotFoundException(subscriberId);

    /// <summary>The subscriber's follows, in the order they were made (the subscriber row is the authority; the filter comes from the index).</summary>
    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(string subscriberId, CancellationToken cancellationToken = default)
    {
        var subscriber = await GetAsync(subscriberId, cancellationToken);
        var rows = new Dictionary<string, Subscription>(StringComparer.Ordinal);
        await foreach (var row in subscriptions.ListBySubscriberAsync(subscriberId, cancellationToken))
        {
            rows[row.PlatformId] = row;
        }

        return subscriber.Following
            .Select(p => rows.GetValueOrDefault(p) ?? new Subscription(subscriberId, p, subscriber.CreatedAt))
            .ToArray();
    }

    /// <summary>Follows a platform (or changes the filter of one already followed).</summary>
    /// <exception cref="TierLimitException">The tier's platform limit is reached.</exception>
    public async Task<Subscription> FollowAsync(string subscriberId, string platformId, ProvisionFilter? filter = null, CancellationToken cancellationToken = default)
    {
        RequirePlatform(platformId);
        var subscriber = await UpdateAsync(subscriberId, s =>
        {
            if (s.Follows(platformId))
            {
                return s;
            }

            var limit = TierRules.MaxPlatforms(s.Tier);
            if (s.Following.Count >= limit)
            {
                throw new TierLimitException(s.Tier, limit, s.Following.Count, platformId);
            }

            return s with { Following = [.. s.Following, platformId] };
        }, cancellationToken);

        var subscription = new Subscription(subscriber.Id, platformId, time.GetUtcNow(), filter);
        await subscriptions.SaveAsync(subscription, cancellationToken);
        LogFollowed(logger, subscriber.Id, platformId);
        return subscription;
    }

    /// <summary>Stops following a platform. Unfollowing one not followed changes nothing.</summary>
    public async Task UnfollowAsync(string subscriberId, string platformId, CancellationToken cancellationToken = default)
    {
        await UpdateAsync(subscriberId, s => s.Follows(platformId)
            ? s with { Following = s.Following.Where(p => !string.Equals(p, platformId, StringComparison.Ordinal)).ToArray() }
            : s, cancellationToken);
        await subscriptions.RemoveAsync(subscriberId, platformId, cancellationToken);
    }

    /// <summary>Changes the preferences given (null leaves one as it is).</summary>
    /// <exception cref="TierFeatureException">Same-day alerts asked for on the Free tier.</exception>
    public Task<Subscriber> UpdatePreferencesAsync(string subscriberId, bool? sameDayAlerts, bool? weeklyDigest, CancellationToken cancellationToken = default) =>
        UpdateAsync(subscriberId, s =>
        {
            if (sameDayAlerts == true && !TierRules.HasSameDayAlerts(s.Tier))
            {
                throw new TierFeatureException(s.Tier, $"Same-day alerts are part of the Monitor tier; this subscriber is on {TierRules.Describe(s.Tier)}. The weekly digest is included.");
            }

            var preferences = s.Preferences with
            {
                SameDayAlerts = sameDayAlerts ?? s.Preferences.SameDayAlerts,
                WeeklyDigest = weeklyDigest ?? s.Preferences.WeeklyDigest,
            };
            var anyOn = preferences.WeeklyDigest || (preferences.SameDayAlerts && TierRules.HasSameDayAlerts(s.Tier));
            return s with { Preferences = preferences, UnsubscribedAt = anyOn ? null : s.UnsubscribedAt };
        }, cancellationToken);

    /// <summary>The one-click unsubscribe: no more alerts or digests. Follows are kept, so confirming again restores them.</summary>
    public async Task<Subscriber> UnsubscribeAsync(string subscriberId, CancellationToken cancellationToken = default)
    {
        var subscriber = await UpdateAsync(subscriberId, s => s.UnsubscribedAt is not null ? s : s with
        {
            Preferences = new SubscriberPreferences(SameDayAlerts: false, WeeklyDigest: false),
            UnsubscribedAt = time.GetUtcNow(),
        }, cancellationToken);
        LogUnsubscribed(logger, subscriber.Id);
        return subscriber;
    }

    /// <summary>Moves a subscriber to another tier (operators only). Moving down is refused while they follow more than the new tier allows.</summary>
    public async Task<Subscriber> SetTierAsync(string subscriberId, Tier tier, CancellationToken cancellationToken = default)
    {
        var subscriber = await UpdateAsync(subscriberId, s =>
        {
            var limit = TierRules.MaxPlatforms(tier);
            if (s.Following.Count > limit)
            {
                throw new TierFeatureException(tier,
                    $"Subscriber '{s.Id}' follows {s.Following.Count} platforms; the {tier} tier allows {limit}. Unfollow {s.Following.Count - limit} first.");
            }

            return s with { Tier = tier };
        }, cancellationToken);
        LogTierChanged(logger, subscriber.Id, tier.ToString());
        return subscriber;
    }

    /// <summary>Reads, applies <paramref name="change"/>, and saves with the row's ETag; on a conflict reads again and re-applies.</summary>
    private async Task<Subscriber> UpdateAsync(string subscriberId, Func<Subscriber, Subscriber> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriberId);
        for (var attempt = 1; attempt <= MaxConflictRetries; attempt++)
        {
            var current = await GetAsync(subscriberId, cancellationToken);
            var changed = change(current);
            if (ReferenceEquals(changed, current))
            {
                return current;
            }

            if (await subscribers.TryUpdateAsync(changed, cancellationToken) is { } saved)
            {
                return saved;
            }
        }

        throw new SubscriptionConflictException(subscriberId);
    }

    private void RequirePlatform(string platformId)
    {
        if (string.IsNullOrWhiteSpace(platformId) || catalog.Find(platformId) is null)
        {
            throw new UnknownPlatformException(platformId ?? string.Empty, catalog.Platforms.Select(p => p.Id));
        }
    }

    /// <summary>Random, unguessable (64 bits); access still needs a signed token.</summary>
    private static string NewId() => "sub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Subscriber {SubscriberId} signed up ({Tier}, confirmed: {Confirmed})")]
    private static partial void LogSignedUp(ILogger logger, string subscriberId, string tier, bool confirmed);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Subscriber {SubscriberId} follows {PlatformId}")]
    private static partial void LogFollowed(ILogger logger, string subscriberId, string platformId);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Subscriber {SubscriberId} unsubscribed")]
    private static partial void LogUnsubscribed(ILogger logger, string subscriberId);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Subscriber {SubscriberId} moved to tier {Tier}")]
    private static partial void LogTierChanged(ILogger logger, string subscriberId, string tier);
}
