using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Cli;
using Monitors.Cli.Bench;
using Monitors.Cli.Commands;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Extraction;
using Monitors.IntegrationTests.Infrastructure;
using Spectre.Console.Testing;

namespace Monitors.IntegrationTests.Cli;

/// <summary>
/// <c>monitors bench</c> on a handful of documents: every run ends in its expected outcome, and the storage transactions it
/// counts on the SDK pipelines show what each kind of check writes. Times are printed, never asserted.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BenchCommandTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Bench_FiveDocuments_EveryRunAsExpected_UnchangedChecksWriteOnlyTheCheckTime()
    {
        var run = await CliTests.RunCapturedAsync(["bench", "--documents", "5", "--json"]);

        Assert.True(run.Exit == 0, run.Out + run.Err);
        var profile = JsonSerializer.Deserialize<BenchProfile>(run.Out, Json)!;
        Assert.Equal(
            ["first", "site read models (after first)", "unchanged (no validators)", "unchanged (ETag learned)", "unchanged (304)", "changed (one clause)", "site read models (after changed)"],
            profile.Runs.Select(r => r.Run));
        Assert.All(profile.Runs, r => Assert.True(r.AsExpected, $"{r.Run}: {string.Join(", ", r.Outcomes)}"));
        Assert.All(profile.Runs, r => Assert.Equal(5, r.Checks));

        // An unchanged check, downloaded or answered 304, writes one table row (the check time) and no blob.
        foreach (var unchanged in profile.Runs.Where(r => r.Expected == Monitors.Core.Checking.CheckOutcome.Unchanged))
        {
            Assert.Equal(1.0, unchanged.StoragePerCheck["table write"].PerCheck);
            Assert.False(unchanged.StoragePerCheck.ContainsKey("blob write"), $"{unchanged.Run} wrote a blob");
            Assert.False(unchanged.StoragePerCheck.ContainsKey("table delete"), $"{unchanged.Run} deleted a row");
        }

        // A 304 needs no archived text when the page is still the current version.
        Assert.False(profile.Runs.Single(r => r.Run == "unchanged (304)").StoragePerCheck.ContainsKey("blob read"));
        // The first check archives the snapshot and the version.
        Assert.Equal(2.0, profile.Runs[0].StoragePerCheck["blob write"].PerCheck);

        // The site's read models are written by the site queue's handler, not by the check: a check writes at most the
        // document's versions view, an update of the site a view per topic it touches.
        foreach (var check in profile.Runs.Where(r => !r.Run.StartsWith("site", StringComparison.Ordinal)))
        {
            Assert.True(!check.StoragePerCheck.TryGetValue("view write", out var views) || views.PerCheck <= 1.0, $"{check.Run} wrote {views?.PerCheck} views per check");
        }

        Assert.All(profile.Runs.Where(r => r.Run.StartsWith("site", StringComparison.Ordinal)), site => Assert.True(site.StoragePerCheck["view write"].PerCheck > 1.0, $"{site.Run}: {site.StoragePerCheck["view write"].PerCheck} views per version"));
        Assert.All(profile.Runs, r => Assert.True(r.PeakWorkingSetBytes > 0 && r.CpuSeconds >= 0 && r.AllocatedBytes > 0));

        // The memory the profile reports is the checker's own: the GC heap it peaked at, what it kept once the run was
        // collected (the large object heap a part of it), and the pages' server's CPU apart.
        Assert.All(profile.Runs, r =>
        {
            Assert.True(r.PeakGcHeapBytes > 0 && r.PeakGcCommittedBytes > 0, $"{r.Run}: peak heap {r.PeakGcHeapBytes}, committed {r.PeakGcCommittedBytes}");
            Assert.True(r.RetainedGcHeapBytes > 0 && r.RetainedGcHeapBytes >= r.RetainedLargeObjectBytes, $"{r.Run}: retained {r.RetainedGcHeapBytes}, LOH {r.RetainedLargeObjectBytes}");
            Assert.True(r.WorkingSetAfterBytes > 0 && r.ServerCpuSeconds >= 0, r.Run);
        });

        // The tests' storage is Azurite on this machine: its CPU is measured apart, run by run.
        if (OperatingSystem.IsLinux())
        {
            Assert.True(profile.EmulatorProcesses > 0, "the Azurite serving the tests was not found");
            Assert.All(profile.Runs, r => Assert.True(r.EmulatorCpuSeconds >= 0, $"{r.Run}: emulator CPU {r.EmulatorCpuSeconds}"));
        }
    }

    [Fact]
    public async Task EmulatorCpu_FindsTheAzuriteServingTheEndpoints_AndCountsTheCpuItSpendsOnRequests()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // The emulator's processes are found through /proc; elsewhere the profile shows no emulator row.
        }

        var clients = Monitors.Azure.Storage.StorageClients.FromConnectionString(AzuriteFixture.ConnectionString);
        var emulator = EmulatorCpu.Find(clients);

        Assert.InRange(emulator.Processes, 1, 3);
        var before = emulator.Total;
        Assert.NotNull(before);
        var container = clients.Blobs.GetBlobContainerClient("emulator-cpu-" + Guid.NewGuid().ToString("N")[..8]);
        await container.CreateAsync();
        for (var i = 0; i < 300; i++)
        {
            await container.GetBlobClient($"b{i}").UploadAsync(BinaryData.FromString(new string('x', 4096)));
        }

        await container.DeleteAsync();
        Assert.True(emulator.Total > before, $"the emulator's CPU did not grow over 300 uploads: {before} → {emulator.Total}");

        // Remote storage has no process here to measure.
        var remote = EmulatorCpu.Find([new Uri("https://example.blob.core.windows.net/")]);
        Assert.Equal(0, remote.Processes);
        Assert.Null(remote.Total);
    }

    [Fact]
    public async Task Bench_Only304Asked_AlsoRunsTheFirstAndTheETagRunItNeeds()
    {
        // Without the run that teaches the checker the ETags, the "304" run would download every page to learn them.
        var run = await CliTests.RunCapturedAsync(["bench", "--documents", "2", "--runs", "304", "--json"]);

        Assert.True(run.Exit == 0, run.Out + run.Err);
        var profile = JsonSerializer.Deserialize<BenchProfile>(run.Out, Json)!;
        Assert.Equal(["first", "unchanged (ETag learned)", "unchanged (304)"], profile.Runs.Select(r => r.Run));
        Assert.All(profile.Runs, r => Assert.True(r.AsExpected, $"{r.Run}: {string.Join(", ", r.Outcomes)}"));
    }

    [Fact]
    public async Task CheckRun_WithoutKeepingResults_CountsEveryOutcomeAndHoldsNoResult()
    {
        // Twelve documents on the bench's generated pages, served in this process: a run that keeps no results still
        // knows how each check ended (its counters), and holds nothing per document; one that keeps them agrees with it.
        const int documents = 12;
        await using var site = await BenchSite.StartAsync(hosts: 3, hangingHosts: 0, CancellationToken.None);
        var id = Guid.NewGuid().ToString("N")[..8];
        var platforms = Enumerable.Range(0, 3).Select(p => new Platform(
            $"runcount-{id}-{p}",
            $"Run count {p}",
            null,
            Enumerable.Range(p * BenchSite.DocumentsPerHost, Math.Min(BenchSite.DocumentsPerHost, documents - p * BenchSite.DocumentsPerHost))
                .Select(i => new DocumentDeclaration($"terms-{i}", $"Terms {i}", "Terms of Service", site.Url(i), [new CssSelector("main article")], [new CssSelector(".cookie-banner")]))
                .ToArray()))
            .ToArray();
        var host = new CliHost { Console = new TestConsole(), Error = new TestConsole() };
        host.Settings["AzureWebJobsStorage"] = AzuriteFixture.ConnectionString;
        host.Settings["Monitors:Fetch:AllowLoopback"] = "true";
        using var app = host.Build(services => services.AddSingleton(new PlatformCatalog(platforms)));
        await CliHost.EnsureStorageAsync(app.Services, CancellationToken.None);

        var counted = await CheckRun.RunAsync(app.Services, host.Error, null, null, CheckReason.Manual, showProgress: false, CancellationToken.None, updateSite: false, keepResults: false);

        Assert.Empty(counted.Results);
        Assert.Equal(documents, counted.Checked);
        var only = Assert.Single(counted.Outcomes);
        Assert.Equal((CheckOutcome.FirstSeen, documents), (only.Key, only.Value));
        Assert.Equal(0, counted.Failures);
        Assert.Equal(0, counted.Unfinished);
        Assert.False(counted.AnyFailed);

        var kept = await CheckRun.RunAsync(app.Services, host.Error, null, null, CheckReason.Manual, showProgress: false, CancellationToken.None, updateSite: false);

        Assert.Equal(documents, kept.Results.Count);
        Assert.All(kept.Results, r => Assert.Equal(CheckOutcome.Unchanged, r.Outcome));
        Assert.Equal(kept.Results.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count()), kept.Outcomes);
        Assert.Equal(documents, kept.Checked);
    }

    [Fact]
    public async Task Bench_TenHangingHosts_EachAskedOnce_TheirTimeoutsOverlap()
    {
        // Five answering documents and ten hosts that never answer: fifteen checks, fewer than the run's slots, so every
        // wait can start at once. They must overlap (one timeout for the run, not ten) and none may be retried.
        var run = await CliTests.RunCapturedAsync(["bench", "--documents", "5", "--hanging-hosts", "10", "--runs", "first", "--json"], host =>
        {
            host.Settings["Monitors:Fetch:Timeout"] = "00:00:08";
            host.Settings["Monitors:Fetch:TotalTimeout"] = "00:00:30";
        });

        Assert.True(run.Exit == 0, run.Out + run.Err);
        var first = JsonSerializer.Deserialize<BenchProfile>(run.Out, Json)!.Runs.Single(r => r.Run == "first");
        Assert.Equal(5, first.Outcomes["FirstSeen"]);
        Assert.Equal(10, first.Outcomes["Failed"]);
        Assert.Equal(10, first.HangingConnections);
        Assert.Equal(10, first.HangingWaits);
        Assert.Equal(1, first.TimeoutRounds);
    }
}
