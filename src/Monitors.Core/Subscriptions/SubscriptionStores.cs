namespace Monitors.Core.Subscriptions;

/// <summary>Table <c>Subscribers</c>: one row per subscriber and an index row per normalised email.</summary>
public interface ISubscriberStore
{
    Task<Subscriber?> GetAsync(string subscriberId, CancellationToken cancellationToken = default);

    /// <param name="email">Normalised, as <see cref="EmailAddresses.Normalise"/> returns it.</param>
    Task<Subscriber?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Adds a new subscriber and its email index. Returns false, adding nothing, when the email is taken.</summary>
    Task<bool> TryAddAsync(Subscriber subscriber, CancellationToken cancellationToken = default);

    /// <summary>Replaces the subscriber only if the stored row still has <see cref="Subscriber.ETag"/>; returns the saved subscriber (new ETag), or null on a conflict.</summary>
    Task<Subscriber?> TryUpdateAsync(Subscriber subscriber, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Subscriber> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>Table <c>Subscriptions</c>: each follow, indexed both by subscriber and by platform.</summary>
public interface ISubscriptionStore
{
    /// <summary>Adds or replaces the follow (its filter may change). Idempotent.</summary>
    Task SaveAsync(Subscription subscription, CancellationToken cancellationToken = default);

    /// <summary>Removes the follow if present. Idempotent.</summary>
    Task RemoveAsync(string subscriberId, string platformId, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Subscription> ListBySubscriberAsync(string subscriberId, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Subscription> ListByPlatformAsync(string platformId, CancellationToken cancellationToken = default);
}
