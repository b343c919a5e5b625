using Monitors.Core.Checking;

namespace Monitors.Core.Replay;

/// <summary>The JSON report of <c>monitors replay</c>.</summary>
public sealed record ReplayReport(
    string Corpus,
    IReadOnlyList<ReplayDocumentReport> Documents,
    ReplayTotals Totals,
    double ElapsedSeconds,
    int Checks,
    double VersionsPerSecond)
{
    /// <summary>Versions the site's read models were then updated with (the <c>site</c> queue, after the timed checks).</summary>
    public int SiteUpdates { get; init; }

    /// <summary>How long those site updates took, apart from <see cref="ElapsedSeconds"/>: they are not part of a check.</summary>
    public double SiteUpdateSeconds { get; init; }

    /// <summary>The CPU time the replay's process spent on the timed checks (all its threads: checks, page server, storage clients).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>
    /// The CPU time the local storage emulator (Azurite, sharing the machine's cores) spent during the timed checks; null
    /// when storage is not a process on this machine.
    /// </summary>
    public double? EmulatorCpuSeconds { get; init; }

    public bool AllMatched => Totals.Missed == 0 && Totals.FalseChanges == 0 && Totals.Mishandled == 0;
}

public sealed record ReplayDocumentReport(string Slug, IReadOnlyList<ReplayTransition> Transitions, ReplayTotals Totals);

public sealed record ReplayTransition(
    string File,
    string Label,
    CheckOutcome Outcome,
    TransitionScore Score,
    string? ChangeRecordId = null,
    IReadOnlyList<string>? ChangedSections = null,
    string? Detail = null);

public sealed record ReplayTotals(
    int Versions,
    int SubstantiveExpected,
    int ChangeRecordsFound,
    int Missed,
    int NoiseTransitions,
    int FalseChanges,
    int ErrorPages,
    int ErrorPagesHandled,
    int Mishandled,
    int NotScored)
{
    public static ReplayTotals Of(IReadOnlyCollection<ReplayTransition> t) => new(
        t.Count,
        t.Count(x => x.Label == CorpusLabels.Substantive),
        t.Count(x => x.Outcome == CheckOutcome.Changed),
        t.Count(x => x.Score == TransitionScore.Missed),
        t.Count(x => x.Label is CorpusLabels.Noise or CorpusLabels.Recovery),
        t.Count(x => x.Score == TransitionScore.FalseChange),
        t.Count(x => x.Label == CorpusLabels.ErrorPage),
        t.Count(x => x.Label == CorpusLabels.ErrorPage && x.Score == TransitionScore.Match),
        t.Count(x => x.Score == TransitionScore.Mishandled),
        t.Count(x => x.Score == TransitionScore.NotScored));

    public static ReplayTotals Sum(IEnumerable<ReplayTotals> all) => all.Aggregate(
        new ReplayTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        (a, b) => new ReplayTotals(
            a.Versions + b.Versions,
            a.SubstantiveExpected + b.SubstantiveExpected,
            a.ChangeRecordsFound + b.ChangeRecordsFound,
            a.Missed + b.Missed,
            a.NoiseTransitions + b.NoiseTransitions,
            a.FalseChanges + b.FalseChanges,
            a.ErrorPages + b.ErrorPages,
            a.ErrorPagesHandled + b.ErrorPagesHandled,
            a.Mishandled + b.Mishandled,
            a.NotScored + b.NotScored));
}
