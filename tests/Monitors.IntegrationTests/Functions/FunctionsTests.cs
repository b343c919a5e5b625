using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Monitors.Core.Site;
using Monitors.Core.Storage;
using Monitors.Functions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Functions;

/// <summary>The functions, built through DI as the worker builds them, invoked against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsTests
{
    [Fact]
    public async Task ScheduleChecks_ThenCheckDocument_ChecksEveryDocumentThroughTheQueue()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/a", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        site.ServeHtml("/b", Pages.WithChrome(Pages.Terms([.. Pages.BaseClauses.Reverse()])));
        await using var harness = await PipelineHarness.CreateAsync(
            [PipelineHarness.Document("a", site.Url("/a")), PipelineHarness.Document("b", site.Url("/b"))]);
        var queue = harness.Services.GetRequiredService<IWorkQueue>();
        await DrainAsync(queue); // leave no other test's messages behind

        var schedule = ActivatorUtilities.CreateInstance<ScheduleChecks>(harness.Services);
        await schedule.RunAsync(new TimerInfo(), CancellationToken.None);

        var check = ActivatorUtilities.CreateInstance<CheckDocument>(harness.Services);
        var results = new List<CheckResult>();
        foreach (var message in await queue.ReceiveAsync(StorageNames.Queues.Checks, 32, TimeSpan.FromSeconds(30)))
        {
            results.Add(await check.RunAsync(message.Body, CancellationToken.None));
            await queue.DeleteAsync(message);
        }

        Assert.Equal(["a", "b"], results.Select(r => r.Document.DocumentId).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal(CheckOutcome.FirstSeen, r.Outcome));
        Assert.Equal(1, site.Hits("/a"));
        Assert.Equal(1, site.Hits("/b"));
    }

    [Fact]
    public async Task CheckDocument_ThenUpdateSite_TheSiteShowsTheVersionOnlyOnceTheSiteQueueIsHandled()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/a", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        await using var harness = await PipelineHarness.CreateAsync(
            [PipelineHarness.Document("a", site.Url("/a"))],
            new Dictionary<string, string?> { ["Monitors:Checks:UpdateSiteInline"] = "false" });
        var index = harness.Services.GetRequiredService<ISiteIndex>();

        var check = ActivatorUtilities.CreateInstance<CheckDocument>(harness.Services);
        Assert.Equal(CheckOutcome.FirstSeen, (await check.RunAsync(MessageJson.Serialize(new CheckMessage(harness.Platform.Id, "a", CheckReason.Manual)), CancellationToken.None)).Outcome);
        Assert.Empty(await index.ListClausesAsync(harness.Key("a")));

        // This test's message only: other tests publish to the same queue.
        var update = ActivatorUtilities.CreateInstance<UpdateSite>(harness.Services);
        var queue = harness.Services.GetRequiredService<IWorkQueue>();
        var handled = 0;
        for (var attempt = 0; attempt < 20 && handled == 0; attempt++)
        {
            foreach (var message in await queue.ReceiveAsync(StorageNames.Queues.Site, 32, TimeSpan.FromSeconds(1)))
            {
                if (message.Body.Contains(harness.Platform.Id, StringComparison.Ordinal))
                {
                    await update.RunAsync(message.Body, CancellationToken.None);
                    await queue.DeleteAsync(message);
                    handled++;
                }
            }
        }

        Assert.Equal(1, handled);
        Assert.NotEmpty(await index.ListClausesAsync(harness.Key("a")));
    }

    [Fact]
    public async Task CheckDocument_MalformedMessage_GoesToPoisonQueueInTheLocalRunner()
    {
        await using var harness = await PipelineHarness.CreateAsync([]);
        var queue = harness.Services.GetRequiredService<IWorkQueue>();
        await DrainAsync(queue);
        await queue.EnqueueAsync(StorageNames.Queues.Checks, new { nonsense = true });
        var runner = harness.Services.GetRequiredService<QueueRunner>();
        var handler = harness.Services.GetServices<IQueueHandler>().Single(h => h.Queue == StorageNames.Queues.Checks);

        var handled = await runner.DrainAsync(StorageNames.Queues.Checks, handler.HandleAsync);

        Assert.Equal(0, handled);
        var poisoned = await queue.ReceiveAsync(StorageNames.Queues.PoisonOf(StorageNames.Queues.Checks), 32, TimeSpan.FromSeconds(1));
        Assert.Contains(poisoned, m => m.Body.Contains("nonsense", StringComparison.Ordinal));
        foreach (var m in poisoned)
        {
            await queue.DeleteAsync(m);
        }
    }

    [Fact]
    public void Build_EmitsFunctionsMetadata_ListingEveryFunction()
    {
        var metadata = NewestBuildOutput("functions.metadata");

        using var json = JsonDocument.Parse(File.ReadAllText(metadata));
        var functions = json.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f);
        Assert.Contains(nameof(ScheduleChecks), functions.Keys);
        Assert.Contains(nameof(CheckDocument), functions.Keys);
        var timer = functions[nameof(ScheduleChecks)].GetProperty("bindings")[0];
        Assert.Equal("%CHECK_SCHEDULE%", timer.GetProperty("schedule").GetString());
        var queueBinding = functions[nameof(CheckDocument)].GetProperty("bindings")[0];
        Assert.Equal(StorageNames.Queues.Checks, queueBinding.GetProperty("queueName").GetString());
        Assert.Equal(StorageNames.Queues.Site, functions[nameof(UpdateSite)].GetProperty("bindings")[0].GetProperty("queueName").GetString());
    }

    [Fact]
    public void Build_WorkerRuntimeConfig_CarriesTheGcSettingsTheCostModelAssumes()
    {
        var config = NewestBuildOutput("Monitors.Functions.runtimeconfig.json");

        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var options = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(options.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal("7", options.GetProperty("System.GC.ConserveMemory").ToString());
    }

    /// <summary>The newest <paramref name="fileName"/> the worker's build wrote under its <c>bin</c> (any configuration).</summary>
    private static string NewestBuildOutput(string fileName)
    {
        var file = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "functions", "Monitors.Functions", "bin"), fileName, SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        Assert.NotNull(file);
        return file;
    }

        internal static async Task DrainAsync(IWorkQueue queue)
    {
        while (true)
        {
            var messages = await queue.ReceiveAsync(StorageNames.Queues.Checks, 32, TimeSpan.FromMinutes(5));
            if (messages.Count == 0)
            {
                return;
            }

            foreach (var m in messages)
            {
                await queue.DeleteAsync(m);
            }
        }
    }
}
