using Monitors.Core.Changes.Diff;

namespace Monitors.Core.Changes.Topics;

/// <summary>
/// How much a change record matters, with the reasons listed (docs/change-records.md, "Severity"):
/// <list type="bullet">
/// <item>high: an added, removed or modified clause touches a high-risk topic (AI training, sharing with third
/// parties, arbitration, liability, sub-processors and transfers, children);</item>
/// <item>medium: such a clause touches any other topic, changes a stated period (<see cref="Durations"/>), or changes
/// <see cref="SubstantialWords"/> words or more without a topic;</item>
/// <item>low: editorial changes (fewer words, no topic), clauses moved with the same wording, and renumbering,
/// which alone is not substantive.</item>
/// </list>
/// </summary>
public static class SeverityRules
{
    /// <summary>Changed words from which a change without topic is substantial rather than editorial.</summary>
    public const int SubstantialWords = 12;

    private const int MaxReasons = 8;

    public static (Severity Severity, IReadOnlyList<string> Reasons) Assess(IReadOnlyList<(ClauseChange Change, IReadOnlyList<ClauseTopic> Topics)> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return (Severity.Low, ["No clause changed: only formatting or whitespace differs."]);
        }

        if (changes.All(c => c.Change.Kind == ClauseChangeKind.Renumbered))
        {
            return (Severity.Low, [$"Renumbering only ({changes.Count} {Plural(changes.Count, "clause")}); no wording changed, not a substantive change."]);
        }

        var reasons = new List<(Severity Severity, string Text)>();
        foreach (var (change, topics) in changes)
        {
            var where = Describe(change);
            switch (change.Kind)
            {
                case ClauseChangeKind.Renumbered:
                    continue;
                case ClauseChangeKind.Moved when change.Segments.Count == 0:
                    reasons.Add((Severity.Low, $"{where} moved from {change.PreviousPath ?? "elsewhere"}; wording unchanged."));
                    continue;
            }

            if (topics.Count > 0)
            {
                foreach (var topic in topics.OrderByDescending(t => t.Topic.BaseSeverity))
                {
                    var phrase = topic.Phrases.Count > 0 ? $" (“{topic.Phrases[0]}”)" : "";
                    var text = topic.Topic.BaseSeverity == Severity.High
                        ? $"{where} {Verb(change.Kind)} touches a high-risk topic: {topic.Topic.Name}{phrase}."
                        : $"{where} {Verb(change.Kind)} touches {topic.Topic.Name}{phrase}.";
                    reasons.Add((topic.Topic.BaseSeverity, text));
                }

                continue;
            }

            if (change.Kind == ClauseChangeKind.Modified && Durations.Changed(change.Before, change.After))
            {
                // "12 months" → "24 months" is two words, and a change of meaning: a period is never editorial.
                reasons.Add((Severity.Medium, $"{where} modified: a stated period changed ({Periods(change.Before)} → {Periods(change.After)}), no topic matched."));
                continue;
            }

            var words = ChangedWords(change);
            reasons.Add(words >= SubstantialWords
                ? (Severity.Medium, $"{where} {Verb(change.Kind)}: {words} words, no topic matched.")
                : (Severity.Low, $"Editorial change in {change.Path}: {words} {Plural(words, "word")} {Verb(change.Kind)}, no topic matched."));
        }

        var renumbered = changes.Count(c => c.Change.Kind == ClauseChangeKind.Renumbered);
        if (renumbered > 0)
        {
            reasons.Add((Severity.Low, $"{renumbered} {Plural(renumbered, "clause")} renumbered; renumbering alone is not substantive."));
        }

        var severity = reasons.Count == 0 ? Severity.Low : reasons.Max(r => r.Severity);
        var ordered = reasons.OrderByDescending(r => r.Severity).Select(r => r.Text).Distinct(StringComparer.Ordinal).ToList();
        if (ordered.Count > MaxReasons)
        {
            var more = ordered.Count - (MaxReasons - 1);
            ordered = [.. ordered.Take(MaxReasons - 1), $"… and {more} more."];
        }

        return (severity, ordered);
    }

    /// <summary>Words inserted and deleted by a change: the whole clause when it was added or removed.</summary>
    public static int ChangedWords(ClauseChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Kind switch
        {
            ClauseChangeKind.Added => WordDiff.CountWords(change.After ?? ""),
            ClauseChangeKind.Removed => WordDiff.CountWords(change.Before ?? ""),
            _ => WordDiff.CountWords(change.Segments, SegmentKind.Inserted) + WordDiff.CountWords(change.Segments, SegmentKind.Deleted),
        };
    }

    internal static string Describe(ClauseChange change)
    {
        var last = LastSegment(change.Path);
        return last.StartsWith('¶') ? $"Paragraph {change.Path}" : $"Clause {change.Path}";
    }

    internal static string LastSegment(string path)
    {
        var at = path.LastIndexOf(" › ", StringComparison.Ordinal);
        return at < 0 ? path : path[(at + 3)..];
    }

    internal static string Verb(ClauseChangeKind kind) => kind switch
    {
        ClauseChangeKind.Added => "added",
        ClauseChangeKind.Removed => "removed",
        ClauseChangeKind.Modified => "modified",
        ClauseChangeKind.Moved => "moved",
        ClauseChangeKind.Renumbered => "renumbered",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Periods(string? text)
    {
        var periods = Durations.In(text);
        return periods.Count == 0 ? "none" : string.Join(", ", periods.Select(p => $"“{p.Text}”"));
    }

    internal static string Plural(int count, string word) => count == 1 ? word : word + "s";
}
