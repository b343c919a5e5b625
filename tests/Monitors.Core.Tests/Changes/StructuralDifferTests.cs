using System.Diagnostics;
using System.Text;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Diff;

namespace Monitors.Core.Tests.Changes;

public sealed class StructuralDifferTests
{
    private static IReadOnlyList<ClauseChange> Diff(string before, string after) => new StructuralDiffer().Diff(before, after);

    private const string Terms = """
        # Service Terms

        ## 1. Services

        1.1. Access. We give you access to the services during the term.

        1.2. Support. We answer support requests within two business days.

        ## 2. Data

        2.1. Retention. We keep your inputs for thirty days after deletion.

        2.2. Sharing. We do not share your inputs with anyone.

        ## 3. Law

        3.1. Governing law. These terms are governed by the laws of Ireland.

        """;

    [Fact]
    public void Diff_SameText_NoChanges()
    {
        Assert.Empty(Diff(Terms, Terms));
    }

    [Fact]
    public void Diff_FromEmptyVersion_EveryTopLevelSectionIsAdded()
    {
        var changes = Diff("", Terms);

        Assert.Equal(["Service Terms"], changes.Select(c => c.Path).ToArray());
        Assert.Equal(ClauseChangeKind.Added, changes[0].Kind);
        Assert.Equal(9, changes[0].After!.Split('\n').Length); // the title, three headings, five clauses
    }

    [Fact]
    public void Diff_WindowsLineEndings_SameAsUnix()
    {
        Assert.Empty(Diff(Terms, Terms.Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void Diff_OneClauseReworded_OneModifiedChangeWithWordSegments()
    {
        var after = Terms.Replace("for thirty days after deletion", "for ninety days after deletion", StringComparison.Ordinal);

        var change = Assert.Single(Diff(Terms, after));

        Assert.Equal(ClauseChangeKind.Modified, change.Kind);
        Assert.Equal("2 › 2.1", change.Path);
        Assert.Equal("Retention", change.Title);
        Assert.Equal("2. Data", change.Breadcrumb);
        Assert.Contains(change.Segments, s => s is { Kind: SegmentKind.Deleted, Text: "thirty" });
        Assert.Contains(change.Segments, s => s is { Kind: SegmentKind.Inserted, Text: "ninety" });
        Assert.Equal("Now reads: “We keep your inputs for ninety days after deletion.”", change.Summary);
    }

    [Theory]
    [InlineData("See [how to opt out](https://example.test/help/opt-out?utm_source=terms&session=7f3a9c) in your account.", "“See how to opt out in your account.”")]
    [InlineData("Read the [Terms (2026)](https://example.test/terms_(2026)) first.", "“Read the Terms (2026) first.”")]
    [InlineData("Brackets [like these] stay, and so do (these).", "“Brackets [like these] stay, and so do (these).”")]
    public void Quote_MarkdownLink_QuotesTheLinkTextOnly(string text, string expected)
    {
        Assert.Equal(expected, KeySentences.Quote(text));
    }

    [Fact]
    public void Diff_Segments_SpellBothVersions()
    {
        const string before = "2.2. Sharing. We do not share your inputs with anyone, except our auditors and the courts.";
        const string after = "2.2. Sharing. We may share your inputs and metadata with partners, except the courts.";

        var segments = WordDiff.Segments(before, after);

        Assert.Equal(before, string.Concat(segments.Where(s => s.Kind != SegmentKind.Inserted).Select(s => s.Text)));
        Assert.Equal(after, string.Concat(segments.Where(s => s.Kind != SegmentKind.Deleted).Select(s => s.Text)));
        Assert.Contains(segments, s => s is { Kind: SegmentKind.Deleted, Text: "do not" });
    }

    [Fact]
    public void Diff_ClauseAddedWithSubClauses_IsOneAddedChange()
    {
        var after = Terms.Replace(
            "## 3. Law",
            "2.3. Metadata. We may notify our model provider which metadata is present in your inputs.\n\n(a) The notice names the fields.\n\n(b) The notice never holds the inputs.\n\n## 3. Law",
            StringComparison.Ordinal);

        var change = Assert.Single(Diff(Terms, after));

        Assert.Equal(ClauseChangeKind.Added, change.Kind);
        Assert.Equal("2 › 2.3", change.Path);
        Assert.Equal("Metadata", change.Title);
        Assert.Null(change.Before);
        Assert.Equal(3, change.After!.Split('\n').Length);
        Assert.Contains("(b) The notice never holds the inputs.", change.After, StringComparison.Ordinal);
        Assert.Equal("Added: “Metadata. We may notify our model provider which metadata is present in your inputs.”", change.Summary);
    }

    [Fact]
    public void Diff_ClauseRemoved_IsOneRemovedChangeAtItsOldPath()
    {
        var after = Terms.Replace("1.2. Support. We answer support requests within two business days.\n\n", "", StringComparison.Ordinal);

        var change = Assert.Single(Diff(Terms, after));

        Assert.Equal(ClauseChangeKind.Removed, change.Kind);
        Assert.Equal("1 › 1.2", change.Path);
        Assert.StartsWith("Removed: “Support.", change.Summary, StringComparison.Ordinal);
        Assert.Null(change.After);
    }

    [Fact]
    public void Diff_SectionMovedWithItsClauses_IsOneMovedChange()
    {
        var data = "## 2. Data\n\n2.1. Retention. We keep your inputs for thirty days after deletion.\n\n2.2. Sharing. We do not share your inputs with anyone.\n\n";
        var after = Terms.Replace(data, "", StringComparison.Ordinal) + "\n" + data;

        var changes = Diff(Terms, after);

        // Sections 1, 2, 3 became 1, 3, 2: keeping the longer run (1, 2) aligned, the shorter section 3 moved,
        // heading and clause together.
        var moved = Assert.Single(changes);
        Assert.Equal(ClauseChangeKind.Moved, moved.Kind);
        Assert.Equal("3", moved.Path);
        Assert.Equal("3. Law\n3.1. Governing law. These terms are governed by the laws of Ireland.", moved.After);
        Assert.Equal(moved.Before, moved.After);
        Assert.Empty(moved.Segments);
    }

    [Fact]
    public void Diff_ClauseInsertedBeforeOthers_RenumbersTheRestWithoutSubstantiveChanges()
    {
        var before = "## 4. Fees\n\n4.1. Prices. Prices are listed online.\n\n4.2. Taxes. You pay applicable taxes.\n\n4.3. Refunds. Fees are not refundable.\n";
        var after = "## 4. Fees\n\n4.1. Prices. Prices are listed online.\n\n4.2. Late payment. Late payments bear interest at two percent a month.\n\n4.3. Taxes. You pay applicable taxes.\n\n4.4. Refunds. Fees are not refundable.\n";

        var changes = Diff(before, after);

        Assert.Equal(
            [(ClauseChangeKind.Added, "4 › 4.2"), (ClauseChangeKind.Renumbered, "4 › 4.3"), (ClauseChangeKind.Renumbered, "4 › 4.4")],
            changes.Select(c => (c.Kind, c.Path)).ToArray());
        var renumbered = changes[1];
        Assert.Equal("4 › 4.2", renumbered.PreviousPath);
        Assert.Equal("Renumbered from 4.2 to 4.3; wording unchanged.", renumbered.Summary);
    }

    [Fact]
    public void Diff_RenumberedAndReworded_IsModifiedWithThePreviousPath()
    {
        var before = "## 4. Fees\n\n4.1. Prices. Prices are listed online and may change with notice.\n";
        var after = "## 4. Fees\n\n4.2. Prices. Prices are listed online and may change without notice.\n";

        var change = Assert.Single(Diff(before, after));

        Assert.Equal(ClauseChangeKind.Modified, change.Kind);
        Assert.Equal("4 › 4.2", change.Path);
        Assert.Equal("4 › 4.1", change.PreviousPath);
        Assert.Contains(change.Segments, s => s is { Kind: SegmentKind.Inserted, Text: "without" });
    }

    [Fact]
    public void Diff_UnnumberedParagraphs_ChangeIsReportedUnderTheNearestHeading()
    {
        var before = "## Your choices\n\nYou can opt out of marketing emails.\n\nYou can delete your account at any time.\n";
        var after = "## Your choices\n\nYou can opt out of marketing emails.\n\nYou can delete your account at any time from the settings page.\n\nYou can export your data.\n";

        var changes = Diff(before, after);

        Assert.Equal([(ClauseChangeKind.Modified, "Your choices › ¶ 2"), (ClauseChangeKind.Added, "Your choices › ¶ 3")], changes.Select(c => (c.Kind, c.Path)).ToArray());
        Assert.Equal("Your choices", changes[0].Title);
    }

    [Fact]
    public void Diff_ParagraphReplacedByUnrelatedText_IsRemovedAndAdded()
    {
        var before = "## Contact\n\nWrite to our office in Dublin for any question.\n";
        var after = "## Contact\n\nChildren under thirteen may not create accounts.\n";

        var changes = Diff(before, after);

        Assert.Equal([ClauseChangeKind.Removed, ClauseChangeKind.Added], changes.Select(c => c.Kind).ToArray());
    }

    [Fact]
    public void Diff_OneChangedClauseIn300KBDocument_YieldsOneClauseChangeQuickly()
    {
        var before = SyntheticLegalText.Terms(300_000);
        var clauseStart = before.IndexOf("\n17.4. ", StringComparison.Ordinal) + 1;
        var wordAt = before.IndexOf(" the ", clauseStart + 30, StringComparison.Ordinal);
        var after = before[..wordAt] + " the sixty-day" + before[(wordAt + 4)..];
        Assert.InRange(Encoding.UTF8.GetByteCount(before), 300_000, 310_000);
        var differ = new StructuralDiffer();
        differ.Diff(before, after); // warm up the JIT

        var watch = Stopwatch.StartNew();
        var changes = differ.Diff(before, after);
        watch.Stop();

        var change = Assert.Single(changes);
        Assert.Equal(ClauseChangeKind.Modified, change.Kind);
        Assert.Equal("17 › 17.4", change.Path);
        Assert.Equal([new InlineSegment(SegmentKind.Inserted, "sixty-day ")], change.Segments.Where(s => s.Kind != SegmentKind.Unchanged).ToArray());
        // The benchmark holds the 30 ms budget; here a loose bound catches a cascade (a quadratic fallback takes seconds).
        Assert.True(watch.ElapsedMilliseconds < 1_000, $"Diff took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Diff_FewScatteredChangesIn300KBDocument_OneChangeEach()
    {
        var before = SyntheticLegalText.Terms(300_000);
        var after = before
            .Replace("Under item 3-2-0 the", "Under item 3-2-0 a", StringComparison.Ordinal)
            .Replace("Under item 25-6-2 the", "Under item 25-6-2 no", StringComparison.Ordinal)
            .Replace("## 30. Section Number 30\n", "## 30. Section Number 30\n\n30.0. Preamble. This new clause opens the section.\n", StringComparison.Ordinal);

        var changes = new StructuralDiffer().Diff(before, after);

        Assert.Equal(
            [(ClauseChangeKind.Modified, "3 › 3.2"), (ClauseChangeKind.Modified, "25 › 25.6 › (b)"), (ClauseChangeKind.Added, "30 › 30.0")],
            changes.Select(c => (c.Kind, c.Path)).ToArray());
    }
}
