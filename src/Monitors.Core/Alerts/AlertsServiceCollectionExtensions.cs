using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitors.Core.Queues;

namespace Monitors.Core.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Same-day alerts and weekly digests: fan-out of a change to its followers, delivery with its ledger, digests on
    /// schedule, outage notices. Part of <c>AddMonitorsCore</c>. The queue handlers are registered as
    /// <see cref="IQueueHandler"/>s, so <c>monitors serve</c> works their queues as the Functions app does.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section);
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<ChangeFanOut>();
        services.TryAddSingleton<AlertSender>();
        services.TryAddSingleton<DigestScheduler>();
        services.TryAddSingleton<DigestSender>();
        services.TryAddSingleton<OutageNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, ChangeFanOut>(sp => sp.GetRequiredService<ChangeFanOut>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, AlertSender>(sp => sp.GetRequiredService<AlertSender>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, DigestSender>(sp => sp.GetRequiredService<DigestSender>()));
        return services;
    }
}
