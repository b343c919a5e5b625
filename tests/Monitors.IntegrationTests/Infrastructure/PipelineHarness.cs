using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitors.Azure;
using Monitors.Azure.Storage;
using Monitors.Core;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;
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

    /// <summary>Detection with no confirmation delay: a substantive change is recorded on the check that sees it.</summary>
    public static DetectionSettings NoConfirmation { get; } = DetectionSettings.Default with { ConfirmDelay = TimeSpan.Zero };

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
                // The site's read models inline: tests read pages as soon as a check returns, and parallel tests never
                // take each other's site messages. The queue path has tests of its own (SiteQueueTests).
                ["Monitors:Checks:UpdateSiteInline"] = "true",
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

    public DocumentKey Key(string documentId) => new(Platform.Id, documentId);

    public IDocumentStateStore States => Services.GetRequiredService<IDocumentStateStore>();

    /// <summary>The raw snapshots archived for a document (one per fetched page and distinct body).</summary>
    public Task<int> SnapshotCountAsync(string documentId) => BlobCountAsync(StorageNames.Containers.Snapshots, documentId);

    /// <summary>The canonical texts archived for a document.</summary>
    public Task<int> VersionBlobCountAsync(string documentId) => BlobCountAsync(StorageNames.Containers.Versions, documentId);

    /// <summary>The recorded versions of a document, newest first.</summary>
    public async Task<List<VersionEntry>> HistoryAsync(string documentId)
    {
        var list = new List<VersionEntry>();
        await foreach (var v in Services.GetRequiredService<IVersionHistory>().ListAsync(Key(documentId)))
        {
            list.Add(v);
        }

        return list;
    }

    /// <summary>The change records of the platform.</summary>
    public async Task<List<ChangeListing>> ChangesAsync()
    {
        var list = new List<ChangeListing>();
        await foreach (var c in Services.GetRequiredService<IChangeStore>().ListAsync(Platform.Id))
        {
            list.Add(c);
        }

        return list;
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();

    private async Task<int> BlobCountAsync(string containerName, string documentId)
    {
        var container = Services.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(containerName);
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Platform.Id}/{documentId}/", CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
