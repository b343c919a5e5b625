using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Detection;
using Monitors.Core.Email;

namespace Monitors.Core.Tests.Changes;

/// <summary>A change record lists clause changes only: the document's date line is its date, page chrome is not in it.</summary>
public sealed class DocumentDateAndChromeRecordTests
{
    private const string Before = """
        # Example Service Terms

        Last updated: March 3, 2026

        ## 1. Accounts

        1.1. You must be 18 or older to open an account.

        1.2. We may close inactive accounts after two years.

        """;

    private static readonly string After = Before
        .Replace("March 3, 2026", "June 16, 2026", StringComparison.Ordinal)
        .Replace("after two years", "after one year", StringComparison.Ordinal);

    private static ChangeRecord Build(string before, string after, DetectionSettings? settings = null) =>
        new StructuredChangeRecordBuilder().Build(ChangeTestData.Context() with { Detection = settings ?? DetectionSettings.Default }, before, after);

    [Fact]
    public void Build_StampMovedWithARealChange_IsTheRecordDateNotAClause()
    {
        var record = Build(Before, After);

        var change = Assert.Single(record.Changes);
        Assert.Equal("1 › 1.2", change.Path);
        Assert.DoesNotContain(record.Changes, c => (c.After ?? "").Contains("Last updated", StringComparison.Ordinal));
        Assert.Equal(new DocumentDateChange(record.DocumentDate!.Path, "Last updated: March 3, 2026", "Last updated: June 16, 2026"), record.DocumentDate);
        Assert.Equal(1, record.Stats.Modified);
        Assert.DoesNotContain("2 clause changes", record.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_StampOnlyChange_IsTechnical_SoNoRecordIsBuilt() =>
        Assert.Equal(ChangeClass.Technical, ChangeClassifier.Classify(Before, Before.Replace("March 3, 2026", "June 16, 2026", StringComparison.Ordinal), DetectionSettings.Default).Class);

    [Fact]
    public void Build_EffectiveDateOnly_IsANewDateWithNoClause_AndStillSubstantive()
    {
        const string before = "# Terms\n\nEffective date: 1 July 2026\n\n1. Be nice.\n";
        const string after = "# Terms\n\nEffective date: 1 September 2026\n\n1. Be nice.\n";

        Assert.Equal(ChangeClass.Substantive, ChangeClassifier.Classify(before, after, DetectionSettings.Default).Class);
        var record = Build(before, after);

        Assert.Empty(record.Changes);
        Assert.True(record.IsSubstantive);
        Assert.Equal("Effective date: 1 September 2026", record.DocumentDate?.After);
        Assert.Equal("Example Service Terms: new date, no clause changed: “Effective date: 1 September 2026”", record.Headline);
    }

    [Fact]
    public void Build_DateInsideALongClause_IsAClauseChange()
    {
        const string before = "1. From 1 July 2026 we keep chat logs for thirty days, after which they are deleted from our systems and backups.\n";
        const string after = "1. From 1 January 2027 we keep chat logs for thirty days, after which they are deleted from our systems and backups.\n";

        var record = Build(before, after);

        Assert.Null(record.DocumentDate);
        Assert.Single(record.Changes);
    }

    [Fact]
    public void Render_DocumentDate_IsShownInEveryFormat()
    {
        var record = Build(Before, After);
        var renderer = new ChangeRecordRenderer();

        Assert.Contains("**Document date:** Last updated: June 16, 2026", renderer.RenderMarkdown(record), StringComparison.Ordinal);
        Assert.Contains("Document date: <strong>Last updated: June 16, 2026</strong>", new EmailTemplates().RenderHtml("change-record", ChangeRecordView.From(record)), StringComparison.Ordinal);
        Assert.Contains("\"documentDate\"", renderer.RenderJson(record), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RotatingChipsAndRelatedLinks_AreNotClauseChanges()
    {
        const string chipsA = "Why was I rejected?\n\nAppeal a decision\n\nI have another question\n\n";
        const string chipsB = "My account is ineligible\n\nCheck my eligibility\n\nI have another question\n\n";
        const string relatedA = "\n## Related articles\n\n[About accounts](https://example.com/1)\n\n[Your settings](https://example.com/2)\n";
        const string relatedB = "\n## Related articles\n\n[Your posts](https://example.com/3)\n\n[About accounts](https://example.com/1)\n";
        var before = chipsA + Before + relatedA;
        var after = chipsB + After + relatedB;

        var record = Build(before, after);

        var change = Assert.Single(record.Changes);
        Assert.Equal("1 › 1.2", change.Path);
        Assert.True(Build(before, after, DetectionSettings.Default with { IgnorePageChrome = false }).Changes.Count > 1, "with the rule off, the chips and links are clause changes");
    }
}
