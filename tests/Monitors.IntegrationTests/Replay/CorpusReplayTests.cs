using System.Text.Json;
using Monitors.Core.Checking;
using Monitors.Core.Replay;
using Monitors.IntegrationTests.Cli;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Replay;

/// <summary>
/// Replays the whole shared corpus (480 real versions of 9 documents) through the real pipeline against Azurite and
/// checks the targets: every substantive transition one change record, no change record for noise, every error page a
/// recorded failure, recoveries without a change record. The two labels an earlier session disputed
/// (<c>llama-api--terms-of-service</c> 0093, <c>claude-ai--data-processor-agreement</c> 0020) were reviewed and are now
/// labelled noise, so the replay misses nothing and exits 0.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CorpusReplayTests
{
    [Fact]
    public async Task Replay_SharedCorpus_MeetsEveryTarget()
    {
        var (exit, output, report) = await CorpusReplay.RunAsync(RepositoryPaths.Corpus);

        var transitions = report.Documents.SelectMany(d => d.Transitions.Select(t => (Key: $"{d.Slug}/{t.File}", t))).ToArray();
        Assert.Equal(9, report.Documents.Count);
        Assert.Equal(480, report.Totals.Versions);
        Assert.Equal(0, report.Totals.FalseChanges);
        Assert.Equal(0, report.Totals.Mishandled);
        Assert.Equal(report.Totals.ErrorPages, report.Totals.ErrorPagesHandled);
        var missed = transitions.Where(x => x.t.Score == TransitionScore.Missed).Select(x => x.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Empty(missed);
        Assert.All(transitions.Where(x => x.t.Label == CorpusLabels.Substantive), x =>
        {
            Assert.Equal(CheckOutcome.Changed, x.t.Outcome);
            Assert.False(string.IsNullOrEmpty(x.t.ChangeRecordId));
            Assert.NotEmpty(x.t.ChangedSections!);
        });
        foreach (var reviewed in new[] { "llama-api--terms-of-service/versions/0093.md", "claude-ai--data-processor-agreement/versions/0020.md" })
        {
            var (_, t) = Assert.Single(transitions, x => x.Key == reviewed);
            Assert.NotEqual(CorpusLabels.Substantive, t.Label);
            Assert.True(string.IsNullOrEmpty(t.ChangeRecordId), $"{reviewed} is labelled noise since the review and must not produce a change record.");
        }

        Assert.All(transitions.Where(x => x.t.Label == CorpusLabels.ErrorPage), x => Assert.Equal(CheckOutcome.Failed, x.t.Outcome));
        Assert.True(exit == 0, output);
        Assert.Contains("versions/s", output, StringComparison.Ordinal);

        // The CPU behind the rate: the replay's own, and the storage emulator's on the same cores (Azurite, found on Linux).
        Assert.True(report.CpuSeconds > 0, $"replay CPU {report.CpuSeconds}");
        Assert.Contains("CPU over those checks", output, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(report.EmulatorCpuSeconds > 0, $"emulator CPU {report.EmulatorCpuSeconds}");
        }
    }
}
