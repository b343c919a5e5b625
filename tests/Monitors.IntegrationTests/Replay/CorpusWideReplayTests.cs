using System.Text.Json;
using Monitors.Core.Checking;
using Monitors.Core.Replay;
using Monitors.IntegrationTests.Cli;
using Monitors.IntegrationTests.Infrastructure;
using Monitors.Testing;

namespace Monitors.IntegrationTests.Replay;

/// <summary>
/// Replays the part of <c>../shared/corpus-wide</c> that fits a CI budget — the two documents served in alternating
/// variants with small pages (Airbnb's trackers policy: two variants, 100 versions; Booking.com's privacy policy:
/// seven, 100 versions) — through the real pipeline against Azurite. The whole corpus is <c>monitors replay
/// ../shared/corpus-wide</c> (figures in docs/detection.md). What variant memory promises, checked here: no
/// substantive transition is missed, no good page is recorded as a failure, and a move between two texts that the
/// page already made once never yields a change record again.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CorpusWideReplayTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Documents = ["airbnb--trackers-policy", "booking-com--privacy-policy"];

    [Fact]
    public async Task Replay_AlternatingVariants_RepeatedMovesNeverAlert_AndNothingIsMissed()
    {
        Assert.True(Directory.Exists(RepositoryPaths.CorpusWide), $"The wide corpus is expected at {RepositoryPaths.CorpusWide}.");
        var reportFile = Path.Combine(Directory.CreateTempSubdirectory("replay-wide-").FullName, "report.json");

        var (_, output) = await CliTests.RunAsync("replay", RepositoryPaths.CorpusWide, "--documents", string.Join(',', Documents), "--report", reportFile);

        var report = JsonSerializer.Deserialize<ReplayReport>(await File.ReadAllTextAsync(reportFile), Json)!;
        Assert.Equal(Documents, report.Documents.Select(d => d.Slug));
        Assert.Equal(200, report.Totals.Versions);
        Assert.True(report.Totals.Missed == 0, output);
        Assert.True(report.Totals.Mishandled == 0, output);
        foreach (var document in report.Documents)
        {
            // The moves between consecutive versions, by raw text: a move made before is an established alternation.
            var directory = Path.Combine(RepositoryPaths.CorpusWide, document.Slug);
            var texts = document.Transitions.Select(t => File.ReadAllText(Path.Combine(directory, t.File))).ToArray();
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

        // Before variant memory, 163 of these 174 noise transitions produced a change record.
        Assert.True(report.Totals.FalseChanges * 10 <= report.Totals.NoiseTransitions, output);
    }
}
