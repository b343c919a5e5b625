using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitors.Core.Queues;

namespace Monitors.Core.Checking;

public static class CheckingServiceCollectionExtensions
{
    /// <summary>
    /// The check of one document and what schedules and reports it: the checker, the scheduler, coverage, the
    /// <c>checks</c> queue's handler, and the <c>site</c> queue the checker publishes to. Part of <c>AddMonitorsCore</c>,
    /// after fetching, extraction and change records.
    /// </summary>
    public static IServiceCollection AddChecking(this IServiceCollection services)
    {
        services.AddOptions<CheckOptions>().BindConfiguration(CheckOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IPublicationListener, PublicationQueue>();
        services.TryAddSingleton<DocumentChecker>();
        services.TryAddSingleton<CheckScheduler>();
        services.TryAddSingleton<CoverageReader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, CheckQueueHandler>());
        return services;
    }
}
