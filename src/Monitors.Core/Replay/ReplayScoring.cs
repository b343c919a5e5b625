using System.Text.Json.Serialization;
using Monitors.Core.Checking;

namespace Monitors.Core.Replay;

/// <summary>How one replayed transition compares with its corpus label.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TransitionScore>))]
public enum TransitionScore
{
    /// <summary>What the pipeline did is what the label calls for.</summary>
    Match,
    /// <summary>A substantive transition yielded no change record.</summary>
    Missed,
    /// <summary>A transition that is not substantive yielded a change record.</summary>
    FalseChange,
    /// <summary>An error page was recorded as a version (or a good page as a failure).</summary>
    Mishandled,
    /// <summary><c>technical</c>: the source's own extraction changed, not the page; replayed but not scored.</summary>
    NotScored,
}

/// <summary>The targets of the noise work, as a rule per label.</summary>
public static class ReplayScoring
{
    public static TransitionScore Score(string label, CheckOutcome outcome)
    {
        var changed = outcome == CheckOutcome.Changed;
        return label switch
        {
            CorpusLabels.Technical => TransitionScore.NotScored,
            CorpusLabels.Substantive => changed ? TransitionScore.Match : TransitionScore.Missed,
            CorpusLabels.ErrorPage => outcome == CheckOutcome.Failed ? TransitionScore.Match : changed ? TransitionScore.FalseChange : TransitionScore.Mishandled,
            // No version before (a window or history that starts here, or only error pages before it): the first version.
            CorpusLabels.First => outcome == CheckOutcome.FirstSeen ? TransitionScore.Match : changed ? TransitionScore.FalseChange : TransitionScore.Mishandled,
            // Equal to the last good version once normalised (else the corpus labels it substantive): no change record.
            CorpusLabels.Noise or CorpusLabels.Recovery => outcome switch
            {
                CheckOutcome.Unchanged or CheckOutcome.Technical or CheckOutcome.FirstSeen or CheckOutcome.Flap => TransitionScore.Match,
                CheckOutcome.Changed => TransitionScore.FalseChange,
                _ => TransitionScore.Mishandled,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Unknown corpus label."),
        };
    }
}
