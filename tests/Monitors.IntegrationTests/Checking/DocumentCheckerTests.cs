using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Checking;

/// <summary>The check pipeline end to end: loopback site → fetch → extract → Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DocumentCheckerTests
{
    [Fact]
    public async Task Check_FirstVersion_IsRecordedAsFirstSeenWithoutChangeRecord()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"))]);

        var result = await harness.CheckAsync("terms");

        Assert.Equal(CheckOutcome.FirstSeen, result.Outcome);
        var state = await harness.States.GetAsync(new DocumentKey(harness.Platform.Id, "terms"));
        Assert.Equal(result.VersionId, state!.CurrentVersionId);
        Assert.Null(state.UnpublishedVersionId);
        var versions = await harness.HistoryAsync("terms");
        var only = Assert.Single(versions);
        Assert.Equal(VersionKind.First, only.Kind);
        Assert.Null(only.ChangeId);
        Assert.Empty(await harness.ChangesAsync());
        var text = await harness.Services.GetRequiredService<IArchive>().GetVersionAsync(new DocumentKey(harness.Platform.Id, "terms"), result.VersionId!);
        Assert.Contains("We may suspend accounts that violate these terms.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cookies", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SameTextInNewChrome_IsUnchangedAndRecordsNoVersion()
    {
        await using var site = await TestSite.StartAsync();
        site.Serve("/terms", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        });
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"))]);

        var first = await harness.CheckAsync("terms");
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var second = await harness.CheckAsync("terms");

        Assert.Equal(CheckOutcome.FirstSeen, first.Outcome);
        Assert.Equal(CheckOutcome.Unchanged, second.Outcome);
        Assert.Equal(first.VersionId, second.VersionId);
        Assert.Single(await harness.HistoryAsync("terms"));
        Assert.Equal(2, site.Hits("/terms"));
        Assert.Equal(1, await harness.SnapshotCountAsync("terms")); // the second page's bytes differ, but its text does not
    }

    [Fact]
    public async Task Check_NotModified304_IsUnchanged()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)), etag: "\"v1\"");
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"))]);

        await harness.CheckAsync("terms");
        var second = await harness.CheckAsync("terms");

        Assert.Equal(CheckOutcome.Unchanged, second.Outcome);
        var state = await harness.States.GetAsync(new DocumentKey(harness.Platform.Id, "terms"));
        Assert.Equal("\"v1\"", state!.HttpETag);
        Assert.Single(await harness.HistoryAsync("terms"));
    }

    [Fact]
    public async Task Check_ChangedText_IsConfirmedAfterDelayThenRecordedWithChangeRecord()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        var detection = DetectionSettings.Default with { ConfirmDelay = TimeSpan.FromMinutes(10) };
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"), detection)]);
        await harness.CheckAsync("terms");

        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses[0], "We may suspend or terminate accounts that violate these terms, without notice.", Pages.BaseClauses[2])));
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var seen = await harness.CheckAsync("terms");
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var tooEarly = await harness.CheckAsync("terms", CheckReason.Confirmation);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var confirmed = await harness.CheckAsync("terms", CheckReason.Confirmation);

        Assert.Equal(CheckOutcome.PendingConfirmation, seen.Outcome);
        Assert.Equal(CheckOutcome.PendingConfirmation, tooEarly.Outcome);
        Assert.Equal(CheckOutcome.Changed, confirmed.Outcome);
        Assert.NotNull(confirmed.ChangeId);
        var versions = await harness.HistoryAsync("terms");
        Assert.Equal(2, versions.Count);
        Assert.Equal(VersionKind.Substantive, versions[0].Kind);
        Assert.Equal(confirmed.ChangeId, versions[0].ChangeId);
        var record = await harness.Services.GetRequiredService<IChangeStore>().GetAsync(confirmed.ChangeId!);
        Assert.NotNull(record);
        Assert.Equal(seen.VersionId, record!.NewVersionId);
        Assert.Contains(record.Changes, c => (c.After ?? string.Empty).Contains("without notice", StringComparison.Ordinal));
        var summary = Assert.Single(await harness.ChangesAsync());
        Assert.Equal(confirmed.ChangeId, summary.ChangeId);
        Assert.True(await harness.SnapshotCountAsync("terms") >= 2, "the changed page's raw bytes are archived");
    }

    [Fact]
    public async Task Check_PageFlipsBackBeforeConfirmation_IsAFlapNotAChange()
    {
        await using var site = await TestSite.StartAsync();
        var original = Pages.WithChrome(Pages.Terms(Pages.BaseClauses));
        site.ServeHtml("/terms", original);
        var detection = DetectionSettings.Default with { ConfirmDelay = TimeSpan.FromMinutes(10) };
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"), detection)]);
        await harness.CheckAsync("terms");

        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms("A banner variant served once.", Pages.BaseClauses[1], Pages.BaseClauses[2])));
        var seen = await harness.CheckAsync("terms");
        site.ServeHtml("/terms", original);
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var back = await harness.CheckAsync("terms", CheckReason.Confirmation);

        Assert.Equal(CheckOutcome.PendingConfirmation, seen.Outcome);
        Assert.Equal(CheckOutcome.Flap, back.Outcome);
        Assert.Single(await harness.HistoryAsync("terms"));
        Assert.Empty(await harness.ChangesAsync());
    }

    [Fact]
    public async Task Check_PerRequestTokenInVisibleText_UpdatesOnlyTheCheckTime()
    {
        // A tracking id in a visible link changes on every request: normalisation explains the whole difference.
        await using var site = await TestSite.StartAsync();
        var did = 1000;
        site.Serve("/terms", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            var page = Pages.WithChrome(Pages.Terms(Pages.BaseClauses) + $"<p>Read <a href=\"https://example.test/policy?did={Interlocked.Increment(ref did)}\">the policy</a>.</p>");
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, page);
        });
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"), PipelineHarness.NoConfirmation)]);
        var first = await harness.CheckAsync("terms");
        var key = new DocumentKey(harness.Platform.Id, "terms");
        var before = await harness.States.GetAsync(key);

        var results = new List<CheckResult>();
        for (var i = 0; i < 3; i++)
        {
            harness.Clock.Advance(TimeSpan.FromHours(6));
            results.Add(await harness.CheckAsync("terms"));
        }

        Assert.All(results, r => Assert.Equal(CheckOutcome.Technical, r.Outcome));
        Assert.All(results, r => Assert.Equal(first.VersionId, r.VersionId));
        var after = await harness.States.GetAsync(key);
        Assert.Equal(before!.CurrentVersionId, after!.CurrentVersionId);
        Assert.Equal(before.VersionCount, after.VersionCount);
        Assert.Equal(harness.Clock.GetUtcNow(), after.LastCheckedAt);
        Assert.Single(await harness.HistoryAsync("terms"));
        Assert.Equal(1, await harness.SnapshotCountAsync("terms"));
        Assert.Equal(1, await harness.VersionBlobCountAsync("terms"));
        Assert.Empty(await harness.ChangesAsync());
    }

    [Fact]
    public async Task Check_ChangeOnPageWithPerRequestToken_IsConfirmedByTheNextFetch()
    {
        // Every fetch carries a new tracking id in a visible link, so the re-fetch's raw text never equals the first
        // sighting's; the normalised text does, and that confirms the change.
        await using var site = await TestSite.StartAsync();
        var clauses = Pages.BaseClauses;
        var did = 1000;
        site.Serve("/terms", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            var page = Pages.WithChrome(Pages.Terms(clauses) + $"<p>Read <a href=\"https://example.test/policy?did={Interlocked.Increment(ref did)}\">the policy</a>.</p>");
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, page);
        });
        var detection = DetectionSettings.Default with { ConfirmDelay = TimeSpan.FromMinutes(10) };
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"), detection)]);
        await harness.CheckAsync("terms");

        clauses = [Pages.BaseClauses[0], "We may suspend accounts without notice.", Pages.BaseClauses[2]];
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var seen = await harness.CheckAsync("terms");
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var confirmed = await harness.CheckAsync("terms", CheckReason.Confirmation);

        Assert.Equal(CheckOutcome.PendingConfirmation, seen.Outcome);
        Assert.Equal(CheckOutcome.Changed, confirmed.Outcome);
        Assert.Equal(seen.VersionId, confirmed.VersionId);
        Assert.Single(await harness.ChangesAsync());
        Assert.Equal(2, await harness.VersionBlobCountAsync("terms"));
    }

    public static TheoryData<string, FailureKind> FailureCases => new()
    {
        { "forbidden", FailureKind.Blocked },
        { "too-many", FailureKind.Blocked },
        { "missing", FailureKind.NotFound },
        { "server-error", FailureKind.Transient },
        { "huge", FailureKind.TooLarge },
        { "image", FailureKind.UnsupportedContent },
        { "empty", FailureKind.Empty },
        { "no-main", FailureKind.StructureChanged },
        { "error-page", FailureKind.Suspicious },
    };

    [Theory]
    [MemberData(nameof(FailureCases))]
    public async Task Check_FailureAfterGoodVersion_IsRecordedAsFailureNeverAsChange(string failure, FailureKind expected)
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        await using var harness = await PipelineHarness.CreateAsync(
            [PipelineHarness.Document("terms", site.Url("/terms"), PipelineHarness.NoConfirmation)],
            new Dictionary<string, string?> { ["Monitors:Fetch:MaxBodyBytes"] = "200000", ["Monitors:Fetch:Timeout"] = "00:00:05" });
        var first = await harness.CheckAsync("terms");

        switch (failure)
        {
            case "forbidden": site.ServeStatus("/terms", 403); break;
            case "too-many": site.ServeStatus("/terms", 429); break;
            case "missing": site.ServeStatus("/terms", 404); break;
            case "server-error": site.ServeStatus("/terms", 500); break;
            case "huge": site.ServeHtml("/terms", Pages.WithChrome(new string('x', 300_000))); break;
            case "image": site.ServeStatus("/terms", 200, "\u0089PNG....", "image/png"); break;
            case "empty": site.ServeStatus("/terms", 200, string.Empty, "text/html"); break;
            case "no-main": site.ServeHtml("/terms", "<html><body><div>Redesigned page without the main element</div></body></html>"); break;
            case "error-page": site.ServeHtml("/terms", Pages.WithChrome("<h1>This page isn't available</h1><p>Please try again later.</p>")); break;
        }

        var result = await harness.CheckAsync("terms");

        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        var state = await harness.States.GetAsync(new DocumentKey(harness.Platform.Id, "terms"));
        Assert.Equal(expected, state!.LastFailureKind);
        Assert.Equal(1, state.FailureStreak);
        Assert.False(string.IsNullOrWhiteSpace(state.LastFailureReason));
        Assert.Equal(first.VersionId, state.CurrentVersionId);
        Assert.Single(await harness.HistoryAsync("terms"));
        Assert.Empty(await harness.ChangesAsync());
    }

    [Fact]
    public async Task Check_RepeatedFailures_RaiseAttentionOnceAndResumeOnce()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        var outbox = Directory.CreateTempSubdirectory("outbox-").FullName;
        await using var harness = await PipelineHarness.CreateAsync(
            [PipelineHarness.Document("terms", site.Url("/terms"), PipelineHarness.NoConfirmation with { FailuresBeforeAttention = 3 })],
            new Dictionary<string, string?> { ["Monitors:Email:OperatorAddress"] = "ops@example.test", ["Monitors:Email:OutboxDirectory"] = outbox });
        await harness.CheckAsync("terms");
        site.ServeStatus("/terms", 404);

        var streak = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            harness.Clock.Advance(TimeSpan.FromHours(6));
            await harness.CheckAsync("terms");
            streak.Add((await harness.States.GetAsync(new DocumentKey(harness.Platform.Id, "terms")))!.NeedsAttention);
        }

        var afterFailures = Directory.GetFiles(outbox, "*.eml");
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var resumed = await harness.CheckAsync("terms");
        var state = await harness.States.GetAsync(new DocumentKey(harness.Platform.Id, "terms"));

        Assert.Equal([false, false, true, true, true], streak);
        var attention = Assert.Single(afterFailures);
        Assert.Contains("has failed 3 times in a row", File.ReadAllText(Path.ChangeExtension(attention, ".html")), StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Unchanged, resumed.Outcome);
        Assert.False(state!.NeedsAttention);
        Assert.Equal(0, state.FailureStreak);
        var all = Directory.GetFiles(outbox, "*.eml");
        Assert.Equal(2, all.Length);
        Assert.Single(all, f => File.ReadAllText(Path.ChangeExtension(f, ".html")).Contains("was checked successfully again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_ConcurrentChecksOfOneChangedDocument_RecordOneVersionAndOneChange()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"), PipelineHarness.NoConfirmation)]);
        await harness.CheckAsync("terms");
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses[0], Pages.BaseClauses[1], "These terms are governed by the laws of the State of New York.")));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => harness.CheckAsync("terms"))));

        Assert.Single(results, r => r.Outcome == CheckOutcome.Changed);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { CheckOutcome.Changed, CheckOutcome.Unchanged }));
        Assert.Equal(2, (await harness.HistoryAsync("terms")).Count);
        Assert.Single(await harness.ChangesAsync());
    }

    [Fact]
    public async Task Check_SameMessageHandledTwice_RecordsOneVersion()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"), PipelineHarness.NoConfirmation)]);
        var body = $"{{\"platformId\":\"{harness.Platform.Id}\",\"documentId\":\"terms\",\"reason\":\"Scheduled\"}}";

        var first = await harness.Checker.HandleMessageAsync(body);
        var again = await harness.Checker.HandleMessageAsync(body);

        Assert.Equal(CheckOutcome.FirstSeen, first.Outcome);
        Assert.Equal(CheckOutcome.Unchanged, again.Outcome);
        Assert.Single(await harness.HistoryAsync("terms"));
    }

    [Fact]
    public async Task Check_DocumentNotInCatalog_IsReportedNotThrown()
    {
        await using var harness = await PipelineHarness.CreateAsync([]);

        var result = await harness.Checker.CheckAsync(new CheckMessage(harness.Platform.Id, "gone"));

        Assert.Equal(CheckOutcome.UnknownDocument, result.Outcome);
    }
}
