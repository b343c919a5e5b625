using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Checking;

/// <summary>Documents combined from several pages (OTA's <c>combine</c>) and pages that need a browser, through the real pipeline on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MultiPageDocumentTests
{
    private static string Part(int part, params string[] clauses) =>
        $"<h1>Privacy Policy, part {part}</h1>" + string.Concat(clauses.Select((c, i) => $"<h2>{i + 1}. Section {i + 1}</h2><p>{i + 1}.1. {c}</p>"));

    private static readonly string[][] Parts =
    [
        ["We collect the account details you give us when you sign up.", "We keep usage logs for security and abuse prevention."],
        ["We share data with processors that host and support the service.", "Processors act only on our documented instructions."],
        ["You may ask for a copy of your data at any time.", "You may object to processing based on legitimate interests."],
    ];

    private static DocumentDeclaration Combined(TestSite site, string id = "privacy") =>
        new(id, "Privacy Policy", "Privacy Policy", site.Url("/privacy/1"), [new CssSelector("main")], [new CssSelector(".cookie-banner")])
        {
            Detection = PipelineHarness.NoConfirmation,
            Pages = [.. Enumerable.Range(1, 3).Select(n => new DocumentPage(site.Url($"/privacy/{n}"), [new CssSelector("main")], [new CssSelector(".cookie-banner")]))],
        };

    private static void ServeParts(TestSite site, string[][] parts)
    {
        for (var n = 1; n <= parts.Length; n++)
            site.ServeHtml($"/privacy/{n}", Pages.WithChrome(Part(n, parts[n - 1])));
    }

    [Fact]
    public async Task Check_CombinedDocumentOfThreePages_RecordsOneVersionWithAllThreeInOrder()
    {
        await using var site = await TestSite.StartAsync();
        ServeParts(site, Parts);
        await using var harness = await PipelineHarness.CreateAsync([Combined(site)]);

        var result = await harness.CheckAsync("privacy");

        Assert.Equal(CheckOutcome.FirstSeen, result.Outcome);
        Assert.Single(await harness.HistoryAsync("privacy"));
        var text = (await harness.Services.GetRequiredService<IArchive>().GetVersionAsync(Key(harness), result.VersionId!))!;
        var positions = Enumerable.Range(1, 3).Select(n => text.IndexOf($"<!-- page {n}: {site.Url($"/privacy/{n}").AbsoluteUri} -->", StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0, text));
        Assert.True(positions[0] < positions[1] && positions[1] < positions[2], "pages are kept in their declared order");
        Assert.All(Parts.SelectMany(p => p), clause => Assert.Contains(clause, text, StringComparison.Ordinal));
        Assert.DoesNotContain("Cookies", text, StringComparison.Ordinal);
        Assert.Equal(3, await harness.SnapshotCountAsync("privacy"));
        Assert.All(Enumerable.Range(1, 3), n => Assert.Equal(1, site.Hits($"/privacy/{n}")));
    }

    [Fact]
    public async Task Check_CombinedDocumentWithAFailingPage_FailsAndRecordsNoShorterVersion()
    {
        await using var site = await TestSite.StartAsync();
        ServeParts(site, Parts);
        await using var harness = await PipelineHarness.CreateAsync([Combined(site)]);
        var first = await harness.CheckAsync("privacy");

        site.ServeStatus("/privacy/2", 404);
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var failed = await harness.CheckAsync("privacy");

        Assert.Equal(CheckOutcome.Failed, failed.Outcome);
        Assert.Equal(FailureKind.NotFound, failed.Failure);
        Assert.Contains("page 2 of 3", failed.Detail, StringComparison.Ordinal);
        var state = await harness.Services.GetRequiredService<IDocumentStateStore>().GetAsync(Key(harness));
        Assert.Equal(first.VersionId, state!.CurrentVersionId);
        Assert.Equal(1, state.FailureStreak);
        Assert.Contains("page 2 of 3", state.LastFailureReason, StringComparison.Ordinal);
        Assert.Single(await harness.HistoryAsync("privacy"));
        Assert.Equal(1, site.Hits("/privacy/3")); // fetched by the first check only: nothing after a failing page is fetched
    }

    [Fact]
    public async Task Check_CombinedDocumentWhosePageLosesItsContent_FailsAsStructureChanged()
    {
        await using var site = await TestSite.StartAsync();
        ServeParts(site, Parts);
        site.ServeHtml("/privacy/3", "<html><body><div>Moved elsewhere.</div></body></html>");
        await using var harness = await PipelineHarness.CreateAsync([Combined(site)]);

        var failed = await harness.CheckAsync("privacy");

        Assert.Equal(CheckOutcome.Failed, failed.Outcome);
        Assert.Equal(FailureKind.StructureChanged, failed.Failure);
        Assert.Contains("page 3 of 3", failed.Detail, StringComparison.Ordinal);
        Assert.Empty(await harness.HistoryAsync("privacy"));
        Assert.Equal(1, await harness.SnapshotCountAsync("privacy")); // the page that could not be read, as evidence
    }

    [Fact]
    public async Task Check_ClauseChangedOnTheSecondPage_ChangeRecordNamesThePage()
    {
        await using var site = await TestSite.StartAsync();
        ServeParts(site, Parts);
        await using var harness = await PipelineHarness.CreateAsync([Combined(site)]);
        await harness.CheckAsync("privacy");

        var changed = Parts.Select(p => p.ToArray()).ToArray();
        changed[1][1] = "Processors act only on our documented instructions and may not use data to train their own models.";
        ServeParts(site, changed);
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var result = await harness.CheckAsync("privacy");

        Assert.Equal(CheckOutcome.Changed, result.Outcome);
        var record = (await harness.Services.GetRequiredService<IChangeStore>().GetAsync(result.ChangeId!))!;
        var change = Assert.Single(record.Changes, c => (c.After ?? "").Contains("train their own models", StringComparison.Ordinal));
        Assert.StartsWith("Page 2 › ", change.Path, StringComparison.Ordinal);
        Assert.Contains("2.1", change.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DocumentThatNeedsABrowser_IsNotFetchedAndSaysWhy()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/app", "<html><body><div id=\"root\"></div><script src=\"/app.js\"></script></body></html>");
        var document = PipelineHarness.Document("terms", site.Url("/app"));
        document = document with { Pages = [document.Pages[0] with { ExecuteClientScripts = true }] };
        await using var harness = await PipelineHarness.CreateAsync([document]);

        var result = await harness.CheckAsync("terms");

        Assert.Equal(CheckOutcome.NeedsBrowser, result.Outcome);
        Assert.False(result.IsFailure);
        Assert.Contains("needs a browser fetch", result.Detail, StringComparison.Ordinal);
        Assert.Equal(0, site.Hits("/app"));
        Assert.Empty(await harness.HistoryAsync("terms"));
    }

    private static DocumentKey Key(PipelineHarness h) => new(h.Platform.Id, "privacy");
}
