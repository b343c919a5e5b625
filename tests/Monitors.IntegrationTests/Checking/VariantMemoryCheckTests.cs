using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Checking;

/// <summary>Variant memory through the real pipeline and Azurite: alternating variants, edits inside one, toggles, the guard.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VariantMemoryCheckTests
{
    private const string Notice = "<p>Users from the European Union can read the guidance for the Digital Services Act on a separate page.</p>";

    private static string VariantA(params string[] clauses) => Pages.WithChrome(Pages.Terms(clauses.Length == 0 ? Pages.BaseClauses : clauses));

    private static string VariantB(params string[] clauses) => Pages.WithChrome(Notice + Pages.Terms(clauses.Length == 0 ? Pages.BaseClauses : clauses));

    [Fact]
    public async Task Check_AlternatingVariants_FirstAppearanceAndFirstReturnAreChanges_ThenFlaps()
    {
        await using var site = await TestSite.StartAsync();
        await using var harness = await Harness(site);
        var outcomes = new List<CheckResult>();
        foreach (var page in new[] { VariantA(), VariantB(), VariantA(), VariantB(), VariantA(), VariantB() })
        {
            site.ServeHtml("/terms", page);
            harness.Clock.Advance(TimeSpan.FromHours(6));
            outcomes.Add(await harness.CheckAsync("terms"));
        }

        Assert.Equal(
            [CheckOutcome.FirstSeen, CheckOutcome.Changed, CheckOutcome.Changed, CheckOutcome.Flap, CheckOutcome.Flap, CheckOutcome.Flap],
            outcomes.Select(o => o.Outcome));
        Assert.Equal(outcomes[0].VersionId, outcomes[2].VersionId); // the return is recorded against the remembered variant
        Assert.Contains("returned to the variant first seen on 2026-03-01", outcomes[3].Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await harness.ChangesAsync()).Count); // the notice appeared; the notice went (a rollback is news once)
        Assert.Equal(3, (await harness.HistoryAsync("terms")).Count);
        Assert.Equal(2, await harness.VersionBlobCountAsync("terms"));
        var state = await harness.Services.GetRequiredService<IDocumentStateStore>().GetAsync(new DocumentKey(harness.Platform.Id, "terms"));
        Assert.Equal(outcomes[1].VersionId, state!.CurrentVersionId);
        Assert.Equal(2, state.Variants.Count);
    }

    [Fact]
    public async Task Check_RealEditInsideOneVariant_IsOneChangeRecordAgainstThatVariant()
    {
        await using var site = await TestSite.StartAsync();
        await using var harness = await Harness(site);
        var edited = new[] { Pages.BaseClauses[0], "We may suspend accounts without notice.", Pages.BaseClauses[2] };

        var a = await Serve(site, harness, VariantA());
        var b = await Serve(site, harness, VariantB());
        await Serve(site, harness, VariantA());
        await Serve(site, harness, VariantB());
        await Serve(site, harness, VariantA()); // an established alternation: the current version is A
        var bEdited = await Serve(site, harness, VariantB(edited));
        var aEdited = await Serve(site, harness, VariantA(edited)); // the same edit rolled out to the other variant
        var backToBEdited = await Serve(site, harness, VariantB(edited));
        var backToAEdited = await Serve(site, harness, VariantA(edited));

        Assert.Equal(CheckOutcome.Changed, bEdited.Outcome);
        var record = await harness.Services.GetRequiredService<IChangeStore>().GetAsync(bEdited.ChangeId!);
        Assert.Equal(b.VersionId, record!.PreviousVersionId); // diffed against the variant it edits, not the current A
        var change = Assert.Single(record.Changes);
        Assert.Contains("without notice", change.After, StringComparison.Ordinal);
        Assert.NotEqual(a.VersionId, record.PreviousVersionId);
        Assert.Equal(CheckOutcome.Technical, aEdited.Outcome); // one edit, one change record, whichever variant shows it
        Assert.Null(aEdited.ChangeId);
        Assert.Equal(CheckOutcome.Flap, backToBEdited.Outcome);
        Assert.Equal(CheckOutcome.Flap, backToAEdited.Outcome);
        Assert.Equal(3, (await harness.ChangesAsync()).Count); // the notice came, the notice went, the edit
    }

    [Fact]
    public async Task Check_KnownToggleBlockOnAnEditedVariant_AloneNeverAlerts()
    {
        await using var site = await TestSite.StartAsync();
        await using var harness = await Harness(site);
        var edited = new[] { Pages.BaseClauses[0], Pages.BaseClauses[1], "These terms are governed by the laws of the Netherlands." };

        await Serve(site, harness, VariantA());
        var noticeFirst = await Serve(site, harness, VariantB());
        var noticeFirstGone = await Serve(site, harness, VariantA());
        var edit = await Serve(site, harness, VariantA(edited));
        // The notice comes back on the edited text: a text never seen, but its only difference is the known toggle.
        var toggled = await Serve(site, harness, VariantB(edited));
        var toggledOff = await Serve(site, harness, VariantA(edited));

        Assert.Equal(CheckOutcome.Changed, noticeFirst.Outcome); // the first appearance of a block is news
        Assert.Equal(CheckOutcome.Changed, noticeFirstGone.Outcome); // and so is the first time it goes
        Assert.Equal(CheckOutcome.Changed, edit.Outcome);
        Assert.Equal(CheckOutcome.Technical, toggled.Outcome);
        Assert.Null(toggled.ChangeId);
        Assert.Contains("known toggle", toggled.Detail, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Flap, toggledOff.Outcome);
        Assert.Equal(3, (await harness.ChangesAsync()).Count);
    }

    [Fact]
    public async Task Check_ShrinkingToKnownShortVariant_IsNotACollapse_ButAnErrorPageStillFails()
    {
        await using var site = await TestSite.StartAsync();
        await using var harness = await Harness(site);
        var faq = Enumerable.Range(1, 40).Select(i => $"Question {i}: how does feature number {i} of the service work, and which of your settings does it use when you share content with other users?").ToArray();
        var shortTerms = Pages.BaseClauses;
        var longPage = Pages.BaseClauses.Concat(faq).ToArray();
        var editedShort = new[] { Pages.BaseClauses[0], Pages.BaseClauses[1], "These terms are governed by the laws of France." };

        await Serve(site, harness, VariantA(shortTerms));
        var grown = await Serve(site, harness, VariantA(longPage));
        var firstShrink = await Serve(site, harness, VariantA(shortTerms));
        await Serve(site, harness, VariantA(longPage));
        var shrunk = await Serve(site, harness, VariantA(shortTerms));
        await Serve(site, harness, VariantA(longPage));
        var editedShortVariant = await Serve(site, harness, VariantA(editedShort));
        await Serve(site, harness, VariantA(longPage));
        site.ServeHtml("/terms", Pages.WithChrome("<h1>Error</h1><p>This page isn't available right now.</p>"));
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var errorPage = await harness.CheckAsync("terms");

        Assert.Equal(CheckOutcome.Changed, grown.Outcome);
        Assert.Equal(CheckOutcome.Changed, firstShrink.Outcome); // below 20 % of the long page, but a known variant
        Assert.Equal(CheckOutcome.Flap, shrunk.Outcome);
        Assert.Equal(CheckOutcome.Changed, editedShortVariant.Outcome); // judged against the short variant, not the long page
        var record = await harness.Services.GetRequiredService<IChangeStore>().GetAsync(editedShortVariant.ChangeId!);
        Assert.Contains("France", Assert.Single(record!.Changes).After, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Failed, errorPage.Outcome);
        Assert.Equal(FailureKind.Suspicious, errorPage.Failure);
    }

    private static async Task<PipelineHarness> Harness(TestSite site) =>
        await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"), PipelineHarness.NoConfirmation)]);

    private static async Task<CheckResult> Serve(TestSite site, PipelineHarness harness, string page)
    {
        site.ServeHtml("/terms", page);
        harness.Clock.Advance(TimeSpan.FromHours(6));
        return await harness.CheckAsync("terms");
    }
}
