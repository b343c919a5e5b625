using Monitors.Core.Changes;
using Monitors.Core.Changes.Diff;

namespace Monitors.Core.Tests.Changes;

/// <summary>Real histories from the shared corpus (read in place, never copied): a real edit gives a few clause changes, not a cascade.</summary>
public sealed class CorpusChangeTests
{
    private const string Dpa = "claude-ai--data-processor-agreement";

    private static ChangeRecord Build(string document, string previous, string next) =>
        new StructuredChangeRecordBuilder().Build(
            ChangeTestData.Context("Data Processing Addendum", previous, next),
            ChangeTestData.CorpusVersion(document, previous),
            ChangeTestData.CorpusVersion(document, next));

    [Fact]
    public void Dpa_ProductScopeAddedToThreeSubprocessorRows_ThreeModifiedRows()
    {
        var record = Build(Dpa, "0001.md", "0002.md");

        Assert.Equal(3, record.Changes.Count);
        Assert.All(record.Changes, change =>
        {
            Assert.Equal(ClauseChangeKind.Modified, change.Kind);
            Assert.StartsWith("Schedule 4 › ", change.Path, StringComparison.Ordinal);
            Assert.Equal("except Claude for Government ", string.Concat(change.Segments.Where(s => s.Kind == SegmentKind.Inserted).Select(s => s.Text)));
        });
        Assert.Contains(record.Topics, t => t.Id == "subprocessors-transfers");
    }

    [Fact]
    public void Dpa_SubprocessorsAddedAndRemoved_AddedAndRemovedRows()
    {
        var record = Build(Dpa, "0006.md", "0007.md");

        Assert.Equal(3, record.Stats.Added);
        Assert.Equal(3, record.Stats.Removed);
        Assert.Equal(0, record.Stats.Modified);
        Assert.Contains(record.Changes, c => c.Kind == ClauseChangeKind.Added && c.After!.Contains("Microsoft Azure", StringComparison.Ordinal));
        Assert.Contains(record.Changes, c => c.Kind == ClauseChangeKind.Removed && c.Before!.Contains("Sift", StringComparison.Ordinal));
        Assert.Equal(Severity.High, record.Severity);
    }

    [Fact]
    public void Dpa_EverySubstantiveStep_GivesASmallNumberOfClauseChanges()
    {
        // Steps labelled substantive in the corpus manifest, apart from 0004→0005 (the page's numbering changed
        // from list items to "A.1" labels, which must come out as renumbering).
        (string Previous, string Next)[] steps = [("0001.md", "0002.md"), ("0002.md", "0003.md"), ("0003.md", "0004.md"), ("0005.md", "0006.md"), ("0006.md", "0007.md"), ("0020.md", "0021.md")];

        foreach (var (previous, next) in steps)
        {
            var record = Build(Dpa, previous, next);
            Assert.InRange(record.Changes.Count, 1, 8);
            Assert.True(record.IsSubstantive, $"{previous}→{next}");
        }
    }

    [Fact]
    public void Dpa_NumberingRewrittenAsLabels_IsMostlyRenumbering()
    {
        var record = Build(Dpa, "0004.md", "0005.md");

        Assert.True(record.Stats.Renumbered > 60, $"renumbered {record.Stats.Renumbered}");
        Assert.True(record.Stats.Renumbered > 2 * (record.Stats.Added + record.Stats.Removed + record.Stats.Modified), record.Headline);
        Assert.Contains(record.Changes, c => c is { Kind: ClauseChangeKind.Renumbered, Path: "A › A.1", PreviousPath: "A › 1" });
    }
}
