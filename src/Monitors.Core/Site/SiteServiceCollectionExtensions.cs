using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitors.Core.Checking;
using Monitors.Core.Queues;

namespace Monitors.Core.Site;

public static class SiteModelsServiceCollectionExtensions
{
    /// <summary>The site's read models and page builders (the store, <see cref="ISiteIndex"/>, comes from <c>AddMonitorsAzure</c>).</summary>
    public static IServiceCollection AddMonitorsSiteModels(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => DueDiligence.Embedded);
        services.TryAddSingleton<SiteReadModels>();
        services.TryAddSingleton<SiteUpdateHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueHandler, SiteUpdateHandler>(sp => sp.GetRequiredService<SiteUpdateHandler>()));

        // Checking publishes to the site queue; a process set to update the site inline takes the publication here.
        services.Replace(ServiceDescriptor.Singleton<IPublicationListener>(sp =>
            sp.GetRequiredService<IOptions<CheckOptions>>().Value.UpdateSiteInline
                ? sp.GetRequiredService<SiteUpdateHandler>()
                : ActivatorUtilities.CreateInstance<PublicationQueue>(sp)));
        services.TryAddSingleton<SiteRebuilder>();
        services.TryAddSingleton<SiteSearch>();
        services.TryAddSingleton<SitePages>();
        services.TryAddSingleton<SiteForms>();
        services.TryAddSingleton<AtomFeeds>();
        return services;
    }
}
