using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitors.Core.Checking;

namespace Monitors.Core.Site;

public static class SiteModelsServiceCollectionExtensions
{
    /// <summary>The site's read models and page builders (the store, <see cref="ISiteIndex"/>, comes from <c>AddMonitorsAzure</c>).</summary>
    public static IServiceCollection AddMonitorsSiteModels(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => DueDiligence.Embedded);
        services.TryAddSingleton<SiteReadModels>();
        services.TryAddSingleton<IPublicationListener>(sp => sp.GetRequiredService<SiteReadModels>());
        services.TryAddSingleton<SiteRebuilder>();
        services.TryAddSingleton<SiteSearch>();
        services.TryAddSingleton<SitePages>();
        services.TryAddSingleton<SiteForms>();
        services.TryAddSingleton<AtomFeeds>();
        return services;
    }
}
