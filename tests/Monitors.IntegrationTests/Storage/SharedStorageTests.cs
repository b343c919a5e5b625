using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Storage;
using Monitors.Cli;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Infrastructure;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Monitors.IntegrationTests.Storage;

/// <summary>
/// Several runners on one storage account — two CLIs with different catalogs, a CLI beside a <c>serve</c> worker — share
/// one <c>checks</c> queue: each handles and reports only what is its own and deletes nothing it did not handle.
/// Runs on the killable Azurite, whose queue no other test class touches.
/// </summary>
[Collection(KillableAzuriteCollection.Name)]
public sealed class SharedStorageTests(KillableAzuriteFixture fixture)
{
    private readonly StorageClients _clients = StorageClients.FromConnectionString(KillableAzurite.ConnectionString);

    [Fact]
    public async Task Check_TwoCatalogsOnOneStorageAtOnce_EachRunReportsExactlyItsOwnDocuments()
    {
        await fixture.Azurite.StartProcessAsync();
        await using var site = await TestSite.StartAsync();
        var a = Catalog(site, "shared-a", 3);
        var b = Catalog(site, "shared-b", 3);

        var runs = await Task.WhenAll(RunCheckAsync(a), RunCheckAsync(b));

        foreach (var ((exit, printed), mine, theirs) in new[] { (runs[0], a, b), (runs[1], b, a) })
        {
            Assert.True(exit == 0, printed);
            Assert.Contains("3 checked: 3 FirstSeen", printed, StringComparison.Ordinal);
            Assert.Contains(mine.Platforms[0].Id, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(theirs.Platforms[0].Id, printed, StringComparison.Ordinal);
        }

        var states = new TableDocumentStateStore(_clients);
        foreach (var (platform, document) in a.AllDocuments().Concat(b.AllDocuments()))
        {
            Assert.Equal(1, site.Hits(document.Fetch.AbsolutePath));
            Assert.NotNull((await states.GetAsync(new DocumentKey(platform.Id, document.Id)))?.CurrentVersionId);
        }

        Assert.Empty(await PoisonedAsync(a, b));
    }

    [Fact]
    public async Task Check_WhileServeOfAnotherCatalogPolls_ServeLeavesTheRunsChecksAndLosesNone()
    {
        await fixture.Azurite.StartProcessAsync();
        await using var site = await TestSite.StartAsync();
        var mine = Catalog(site, "cli", 4);
        var served = Catalog(site, "serve", 1);
        // The server's catalog has the CLI's platform too: only the run id keeps it from taking the run's checks.
        var serverCatalog = new PlatformCatalog([.. mine.Platforms, .. served.Platforms]);
        using var server = Host(new TestConsole(), serverCatalog).Build();
        var runner = server.Services.GetRequiredService<QueueRunner>();
        var handler = server.Services.GetServices<IQueueHandler>().Single(h => h.Queue == StorageNames.Queues.Checks);
        using var stop = new CancellationTokenSource();
        var serverTook = 0;
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // As serve polls (every 5 s by default), but as fast as it can, to race the run for its own checks.
                serverTook += await runner.PollAsync(StorageNames.Queues.Checks, handler.TryHandleAsync, stop.Token);
                await Task.Delay(50, CancellationToken.None);
            }
        });

        var (exit, printed) = await RunCheckAsync(mine);
        await stop.CancelAsync();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.True(exit == 0, printed);
        Assert.Contains("4 checked: 4 FirstSeen", printed, StringComparison.Ordinal);
        Assert.Equal(0, serverTook);
        Assert.All(mine.AllDocuments(), d => Assert.Equal(1, site.Hits(d.Document.Fetch.AbsolutePath)));
        Assert.Empty(await PoisonedAsync(mine, served));
    }

    [Fact]
    public async Task Poll_LeftALiveRunsCheck_StaysAwayUntilTheRunHadItsTurn()
    {
        await StartStorageAsync();
        await using var site = await TestSite.StartAsync();
        var catalog = Catalog(site, "window", 1);
        var platform = catalog.Platforms[0];
        using var server = Host(new TestConsole(), catalog).Build();
        var runner = server.Services.GetRequiredService<QueueRunner>();
        var handler = server.Services.GetServices<IQueueHandler>().Single(h => h.Queue == StorageNames.Queues.Checks);
        var queue = new QueueWorkQueue(_clients);
        var runId = PipelineHarness.UniqueId("live-run");
        await queue.EnqueueAsync(StorageNames.Queues.Checks, new CheckMessage(platform.Id, platform.Documents[0].Id, CheckReason.Manual, runId));

        Assert.Equal(0, await runner.PollAsync(StorageNames.Queues.Checks, handler.TryHandleAsync));

        // The poller keeps polling as fast as it can while the run looks for its check, slower, as a run does: the run
        // must find it once it is visible again, not race the poller for it.
        var looking = Stopwatch.StartNew();
        QueuedMessage? found = null;
        while (found is null && looking.Elapsed < QueueRunner.LeftMessageDelay + QueueRunner.OwnerWindow)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(0, await runner.PollAsync(StorageNames.Queues.Checks, handler.TryHandleAsync));
                await Task.Delay(20);
            }

            var seen = await queue.ReceiveAsync(StorageNames.Queues.Checks, 32, TimeSpan.FromSeconds(30));
            found = seen.FirstOrDefault(m => m.Body.Contains(runId, StringComparison.Ordinal));
            foreach (var other in seen.Where(m => m != found))
            {
                await queue.ReleaseAsync(other, TimeSpan.Zero);
            }
        }

        Assert.True(found is not null, $"the run did not get its check back within {(QueueRunner.LeftMessageDelay + QueueRunner.OwnerWindow).TotalSeconds} s");
        await queue.DeleteAsync(found);
        Assert.Equal(0, site.Hits(platform.Documents[0].Fetch.AbsolutePath));
    }

    [Fact]
    public async Task Check_LeftoverMessagesOnTheQueue_AreNotCountedAndAnotherLiveRunsAreNotDeleted()
    {
        await StartStorageAsync();
        await using var site = await TestSite.StartAsync();
        var catalog = Catalog(site, "leftover", 2);
        var platform = catalog.Platforms[0];
        var queue = new QueueWorkQueue(_clients);
        // A check of a run still going elsewhere (its own), and a scheduled check (anyone's).
        await queue.EnqueueAsync(StorageNames.Queues.Checks, new CheckMessage(platform.Id, platform.Documents[0].Id, CheckReason.Manual, "another-live-run"));
        await queue.EnqueueAsync(StorageNames.Queues.Checks, new CheckMessage(platform.Id, platform.Documents[1].Id, CheckReason.Scheduled));

        var (exit, printed) = await RunCheckAsync(catalog);

        Assert.True(exit == 0, printed);
        Assert.Contains("2 checked:", printed, StringComparison.Ordinal);
        Assert.Contains("Also handled 1 check(s)", printed, StringComparison.Ordinal);
        // The other run's message is still there for it, visible again after the short delay it was put back with.
        await Task.Delay(QueueRunner.LeftMessageDelay + TimeSpan.FromSeconds(1));
        var remaining = await queue.ReceiveAsync(StorageNames.Queues.Checks, 32, TimeSpan.FromSeconds(30));
        var kept = Assert.Single(remaining, m => m.Body.Contains("another-live-run", StringComparison.Ordinal));
        await queue.DeleteAsync(kept);
        foreach (var other in remaining.Where(m => m != kept))
        {
            await queue.ReleaseAsync(other, TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task Check_AzuriteKilledWhileTheCliProcessFetches_ExitsThreeWithOneLineWithinSeconds()
    {
        await fixture.Azurite.StartProcessAsync();
        await using var site = await TestSite.StartAsync();
        var stopped = new Stopwatch();
        // Storage goes away while the CLI fetches: the page answers only once Azurite is dead.
        site.Serve("/blocking", async context =>
        {
            fixture.Azurite.Stop(Signal.Kill);
            stopped.Start();
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        });
        var work = Directory.CreateTempSubdirectory("cli-fault-").FullName;
        var catalogDir = Directory.CreateDirectory(Path.Combine(work, "catalog")).FullName;
        var platformId = PipelineHarness.UniqueId("process");
        await File.WriteAllTextAsync(Path.Combine(catalogDir, $"{platformId}.json"), $$"""
            { "id": "{{platformId}}", "name": "Process Platform", "documents": [
              { "id": "terms", "title": "Terms", "termsType": "Terms of Service", "fetch": "{{site.Url("/blocking")}}", "select": "main" } ] }
            """);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var cli = Path.Combine(RepositoryPaths.Root, "src", "Monitors.Cli", "bin", configuration, "net10.0", "monitors.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "check"])
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["AzureWebJobsStorage"] = KillableAzurite.ConnectionString,
                ["Monitors__Catalog__Path"] = catalogDir,
                ["Monitors__Fetch__AllowLoopback"] = "true",
            },
        };

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(await Task.Run(() => process.WaitForExit(TimeSpan.FromMinutes(3))), "the CLI did not end within 3 minutes");
        var noticedIn = stopped.Elapsed;
        var printed = await stdout + await stderr;
        await fixture.Azurite.StartProcessAsync();

        Assert.True(process.ExitCode == 3, $"exit {process.ExitCode}:\n{printed}");
        var error = Assert.Single(printed.Split('\n'), l => l.Contains("error:", StringComparison.Ordinal));
        Assert.Contains("stopped answering", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", printed, StringComparison.Ordinal);
        // The process starts .NET, answers the fetch and gives up on storage after its bounded retries: seconds, not a minute.
        Assert.True(noticedIn < TimeSpan.FromSeconds(20), $"took {noticedIn.TotalSeconds:F1} s to report the outage");
    }

    /// <summary>For tests that use the queue directly before any host has created it (the killable Azurite may be fresh).</summary>
    private async Task StartStorageAsync()
    {
        await fixture.Azurite.StartProcessAsync();
        await new StorageInitializer(_clients).EnsureCreatedAsync();
    }

    private static PlatformCatalog Catalog(TestSite site, string prefix, int documents)
    {
        var id = PipelineHarness.UniqueId(prefix);
        var declarations = Enumerable.Range(1, documents).Select(i =>
        {
            var path = $"/{id}/doc{i}";
            site.ServeHtml(path, Pages.WithChrome(Pages.Terms([.. Pages.BaseClauses, $"Document {i} of {id}."])));
            return PipelineHarness.Document($"doc{i}", site.Url(path));
        }).ToArray();
        return new PlatformCatalog([new Platform(id, $"Platform {prefix}", null, declarations)]);
    }

    private static CliHost Host(IAnsiConsole console, PlatformCatalog catalog, IAnsiConsole? error = null)
    {
        var host = new CliHost { Console = console, Error = error ?? new TestConsole(), Services = services => services.AddSingleton(catalog) };
        host.Settings["AzureWebJobsStorage"] = KillableAzurite.ConnectionString;
        host.Settings["Monitors:Fetch:AllowLoopback"] = "true";
        host.Settings["Monitors:Email:OutboxDirectory"] = "";
        return host;
    }

    private static async Task<(int Exit, string Output)> RunCheckAsync(PlatformCatalog catalog)
    {
        var console = new TestConsole().Width(1000);
        console.Profile.Capabilities.Ansi = false;
        var error = new TestConsole().Width(1000);
        error.Profile.Capabilities.Ansi = false;
        var exit = await MonitorsCli.RunAsync(["check", "--platform", catalog.Platforms[0].Id], Host(console, catalog, error));
        return (exit, console.Output + error.Output);
    }

    private async Task<IReadOnlyList<string>> PoisonedAsync(params PlatformCatalog[] catalogs)
    {
        var ids = catalogs.SelectMany(c => c.Platforms).Select(p => p.Id).ToArray();
        var poison = _clients.Queues.GetQueueClient(StorageNames.Queues.PoisonOf(StorageNames.Queues.Checks));
        if (!(await poison.ExistsAsync()).Value)
        {
            return [];
        }

        var peeked = (await poison.PeekMessagesAsync(32)).Value;
        return peeked.Select(m => m.Body.ToString()).Where(b => ids.Any(id => b.Contains(id, StringComparison.Ordinal))).ToArray();
    }
}
