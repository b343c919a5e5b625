using System.Text.Json;
using Monitors.Core.Checking;
using Monitors.Core.Replay;
using Monitors.IntegrationTests.Cli;
using Monitors.IntegrationTests.Infrastructure;
using Monitors.Testing;

namespace Monitors.IntegrationTests.Replay;

/// <summary>
/// Replays the whole of <c>../shared/corpus-wide</c> (640 real versions of 6 documents: alternating variants, menus,
/// suggestion chips, a page served as a 157 KB FAQ and as the 29 KB terms) through the real pipeline against Azurite
/// (about a minute on an idle 2-core machine). Every transition must match its label — no false change record, no missed
/// change, no good page recorded as a failure — except the label disputes listed in <c>docs/detection.md</c>
/// ("Label disputes"): transitions whose label needs hindsight no monitor has (how often a variant recurs later, or
/// before the window kept in the corpus). They are pinned exactly, so any new disagreement fails and so does a dispute
/// that goes away (then the list and the note are out of date).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CorpusWideReplayTests
{
    /// <summary>The disputed labels (docs/detection.md, "Label disputes"), as "slug/file: score".</summary>
    private static readonly string[] Disputes =
    [
        "telegram--terms-of-service/versions/0002.md: FalseChange",
        "telegram--terms-of-service/versions/0003.md: FalseChange",
        "telegram--terms-of-service/versions/0016.md: FalseChange",
        "telegram--terms-of-service/versions/0019.md: FalseChange",
        "telegram--terms-of-service/versions/0028.md: FalseChange",
        "telegram--terms-of-service/versions/0036.md: Missed",
        "telegram--terms-of-service/versions/0048.md: FalseChange",
        "threads--terms-of-service/versions/0103.md: FalseChange",
    ];

    [Fact]
    public async Task Replay_WholeWideCorpus_EveryTransitionMatchesItsLabel_ButTheDocumentedDisputes()
    {
        var (_, output, report) = await CorpusReplay.RunAsync(RepositoryPaths.CorpusWide);

        Assert.Equal(6, report.Documents.Count);
        Assert.Equal(640, report.Totals.Versions);
        Assert.Equal(61, report.Totals.SubstantiveExpected);
        Assert.Equal(557, report.Totals.NoiseTransitions);
        Assert.Equal(0, report.Totals.Mishandled);
        var disagreements = report.Documents
            .SelectMany(d => d.Transitions.Where(t => t.Score is not (TransitionScore.Match or TransitionScore.NotScored)).Select(t => $"{d.Slug}/{t.File}: {t.Score}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(Disputes.SequenceEqual(disagreements), $"Disagreements with the labels:\n{string.Join('\n', disagreements)}\n\n{output}");

        // Every other substantive transition is one change record (a new date alone is a record with no clause).
        Assert.All(report.Documents.SelectMany(d => d.Transitions.Where(t => t.Label == CorpusLabels.Substantive && t.Score == TransitionScore.Match)), t =>
        {
            Assert.Equal(CheckOutcome.Changed, t.Outcome);
            Assert.False(string.IsNullOrEmpty(t.ChangeRecordId));
            Assert.NotNull(t.ChangedSections);
        });

        // A move between two texts that the page already made once never yields a change record again.
        foreach (var document in report.Documents)
        {
            var source = CorpusReader.Read(RepositoryPaths.CorpusWide, [document.Slug]).Single();
            var texts = document.Transitions.Select(t => source.ReadVersion(t.File)).ToArray();
            var seen = new HashSet<(string, string)>();
            for (var i = 1; i < texts.Length; i++)
            {
                var move = (texts[i - 1], texts[i]);
                var transition = document.Transitions[i];
                if (seen.Contains(move) && transition.Label != CorpusLabels.Substantive)
                {
                    Assert.True(transition.Outcome != CheckOutcome.Changed, $"{document.Slug}/{transition.File}: a move already made once produced change record {transition.ChangeRecordId}.");
                }

                seen.Add(move);
            }
        }
    }
}
