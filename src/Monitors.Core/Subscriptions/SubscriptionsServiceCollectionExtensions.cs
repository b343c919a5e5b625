using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitors.Core.Alerts;
using Monitors.Core.Api;
using Monitors.Core.Checking;
using Monitors.Core.Email;
using Monitors.Core.Queues;

namespace Monitors.Core.Subscriptions;

public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>
    /// Subscribers, tiers, tokens, alerts, digests, email rendering and the HTTP API endpoints. Part of <c>AddMonitorsCore</c>;
    /// the stores come from <c>AddMonitorsAzure</c>. The queue handlers are registered as <see cref="IQueueHandler"/>s, so
    /// <c>monitors serve</c> works their queues as the Functions app does.
    /// </summary>
    public static IServiceCollection AddMonitorsSubscriptions(this IServiceCollection services)
    {
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateDataAnnotations();
        services.AddOptions<PublicSiteOptions>().BindConfiguration(PublicSiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section);

        // The token service checks its key when first used (not at start), so the check pipeline runs without one.
        services.TryAddSingleton<TokenService>();
        services.TryAddSingleton<LinkBuilder>();
        services.TryAddSingleton<EmailTemplates>();
        services.TryAddSingleton<EmailComposer>();
        services.TryAddSingleton<SubscriptionService>();
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<ChangeFanOut>();
        services.TryAddSingleton<AlertSender>();
        services.TryAddSingleton<DigestScheduler>();
        services.TryAddSingleton<DigestSender>();
        services.TryAddSingleton<CoverageReader>();
        services.TryAddSingleton<OutageNotifier>();
        services.TryAddSingleton<SubscriberApi>();
        services.TryAddSingleton<ChangePages>();
        services.TryAddSingleton<ApiRouter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, ChangeFanOut>(sp => sp.GetRequiredService<ChangeFanOut>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, AlertSender>(sp => sp.GetRequiredService<AlertSender>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, DigestSender>(sp => sp.GetRequiredService<DigestSender>()));
        return services;
    }
}
