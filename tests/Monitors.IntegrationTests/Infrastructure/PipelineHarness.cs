using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitors.Azure;
using Monitors.Azure.Storage;
using Monitors.Core;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Time;
using Monitors.Web;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>
/// The real service graph (AddMonitorsCore + AddMonitorsAzure, as the Functions app and the CLI build it) against Azurite,
/// with a test catalog whose platform id is unique per test, loopback fetches allowed, and a simulated clock.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private PipelineHarness(ServiceProvider services, Platform platform, SimulatedClock clock)
    {
        Services = services;
        Platform = platform;
        Clock = clock;
    }

    public ServiceProvider Services { get; }
    public Platform Platform { get; }
    public SimulatedClock Clock { get; }

    public DocumentChecker Checker => Services.GetRequiredService<DocumentChecker>();

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("n")[..10]}";

    /// <summary>Builds the graph for one platform with the given documents (fetch URLs usually on a <see cref="TestSite"/>).</summary>
    public static async Task<PipelineHarness> CreateAsync(
        IEnumerable<DocumentDeclaration> documents,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var platform = new Platform(UniqueId("test"), "Test Platform", null, documents.ToArray());
        var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = AzuriteFixture.ConnectionString,
                ["Monitors:Fetch:AllowLoopback"] = "true",
                ["Monitors:Checks:EnqueueConfirmationChecks"] = "false",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(new PlatformCatalog([platform]));
        services.AddSingleton<TimeProvider>(clock);
        configure?.Invoke(services);
        services.AddMonitorsCore(configuration).AddMonitorsAzure(configuration).AddMonitorsSite();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
        return new PipelineHarness(provider, platform, clock);
    }

    public static DocumentDeclaration Document(string id, Uri url, DetectionSettings? detection = null, string select = "main") =>
        new(id, $"Document {id}", "Terms of Service", url, [new CssSelector(select)], []) { Detection = detection ?? DetectionSettings.Default };

    public Task<CheckResult> CheckAsync(string documentId, CheckReason reason = CheckReason.Scheduled) =>
        Checker.CheckAsync(new CheckMessage(Platform.Id, documentId, reason));

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
