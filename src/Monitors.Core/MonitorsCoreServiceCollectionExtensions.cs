using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitors.Core.Alerts;
using Monitors.Core.Api;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Checking;
using Monitors.Core.Email;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;
using Monitors.Core.Queues;
using Monitors.Core.Site;
using Monitors.Core.Subscriptions;
using Monitors.Core.Telemetry;

namespace Monitors.Core;

public static class MonitorsCoreServiceCollectionExtensions
{
    /// <summary>
    /// The domain services shared by the Functions app, the CLI and the tests. Storage and email adapters come from
    /// <c>AddMonitorsAzure</c>. A caller may register its own <see cref="PlatformCatalog"/> or <see cref="TimeProvider"/> first.
    /// </summary>
    public static IServiceCollection AddMonitorsCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<MonitorsTelemetry>();

        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Load());
        services.TryAddSingleton<QueueRunner>();

        // One call per area, each in its own folder.
        services.AddDocumentFetching();
        services.TryAddSingleton<IDocumentExtractor, HtmlDocumentExtractor>();
        services.TryAddSingleton<PdfDocumentExtractor>();
        services.TryAddSingleton<DocumentReader>();
        services.AddChangeRecords();
        services.AddChecking();
        services.AddMonitorsSiteModels();
        services.AddSubscriptions();
        services.AddEmail();
        services.AddAlerts();
        services.AddApi();
        return services;
    }
}
