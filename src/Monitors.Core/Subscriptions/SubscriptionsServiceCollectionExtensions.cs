using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monitors.Core.Subscriptions;

public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>
    /// Subscribers, tiers and signed tokens: sign-up with double opt-in, follow, narrow, unsubscribe. Part of
    /// <c>AddMonitorsCore</c>; the store comes from <c>AddMonitorsAzure</c>, the confirmation email from <c>AddEmail</c>.
    /// </summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateDataAnnotations();

        // The token service checks its key when first used (not at start), so the check pipeline runs without one.
        services.TryAddSingleton<TokenService>();
        services.TryAddSingleton<SubscriptionService>();
        return services;
    }
}
