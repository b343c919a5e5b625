using Monitors.Core.Changes.Diff;

namespace Monitors.Core.Changes.Topics;

/// <summary>A topic a clause change touches, and the document's words that triggered it.</summary>
public sealed record ClauseTopic(TopicDefinition Topic, IReadOnlyList<string> Phrases);

/// <summary>
/// Finds the topics of one clause change. What counts is the changed text: an added or removed clause is
/// changed as a whole; in a modified clause a phrase counts when it overlaps an inserted or deleted run, or
/// anywhere in the clause (and its headings) once the change is more than editorial
/// (<see cref="ContextWordThreshold"/> words or more), since a rewritten arbitration clause is about arbitration
/// even where the new words are "sixty days", or once a stated period changed ("12 months" → "24 months",
/// <see cref="Durations"/>). A spelling fix touches no topic.
/// </summary>
public static class ClauseTopics
{
    /// <summary>Changed words from which the whole clause and its headings count as context.</summary>
    public const int ContextWordThreshold = 4;

    private const int MaxPhrasesPerTopic = 5;

    public static IReadOnlyList<ClauseTopic> Match(TopicTaxonomy taxonomy, ClauseChange change)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(change);
        var found = new Dictionary<string, (TopicDefinition Topic, List<string> Phrases)>(StringComparer.Ordinal);
        switch (change.Kind)
        {
            case ClauseChangeKind.Renumbered:
                return [];
            case ClauseChangeKind.Added:
                Collect(found, taxonomy, change.After, null);
                Collect(found, taxonomy, change.Breadcrumb, null);
                break;
            case ClauseChangeKind.Removed:
                Collect(found, taxonomy, change.Before, null);
                Collect(found, taxonomy, change.Breadcrumb, null);
                break;
            default:
                if (change.Segments.Count == 0)
                {
                    // Moved with the same wording: the clause is still about what it was about.
                    Collect(found, taxonomy, change.After, null);
                    break;
                }

                var changedWords = WordDiff.CountWords(change.Segments, SegmentKind.Inserted) + WordDiff.CountWords(change.Segments, SegmentKind.Deleted);
                if (changedWords < ContextWordThreshold && IsSpellingFix(change.Segments))
                {
                    return []; // "arbitraton" → "arbitration" is editorial, whatever the word
                }

                // A changed period ("12 months" → "24 months") changes what the whole clause says: read it all.
                var context = changedWords >= ContextWordThreshold || Durations.Changed(change.Before, change.After);
                Collect(found, taxonomy, change.After, context ? null : ChangedMask(change.Segments, SegmentKind.Inserted));
                Collect(found, taxonomy, change.Before, context ? null : ChangedMask(change.Segments, SegmentKind.Deleted));
                if (context)
                {
                    Collect(found, taxonomy, change.Breadcrumb, null);
                }

                break;
        }

        return found.Values.Select(v => new ClauseTopic(v.Topic, v.Phrases)).ToList();
    }

    private static void Collect(Dictionary<string, (TopicDefinition Topic, List<string> Phrases)> found, TopicTaxonomy taxonomy, string? text, bool[]? changed)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var hit in taxonomy.Match(text))
        {
            foreach (var phrase in hit.Phrases)
            {
                if (changed is not null && !Overlaps(changed, phrase.Start, phrase.Length))
                {
                    continue;
                }

                if (!found.TryGetValue(hit.Topic.Id, out var entry))
                {
                    entry = (hit.Topic, []);
                    found[hit.Topic.Id] = entry;
                }

                var words = Structure.DocumentStructureParser.CollapseWhitespace(phrase.Phrase);
                if (entry.Phrases.Count < MaxPhrasesPerTopic && !entry.Phrases.Contains(words, StringComparer.OrdinalIgnoreCase))
                {
                    entry.Phrases.Add(words.Length <= 80 ? words : words[..79] + "…");
                }
            }
        }
    }

    /// <summary>
    /// True when every replaced run differs from its replacement by at most <see cref="MaxSpellingEdits"/>
    /// characters and nothing is only inserted or only deleted: a corrected spelling or punctuation.
    /// </summary>
    internal static bool IsSpellingFix(IReadOnlyList<InlineSegment> segments)
    {
        var any = false;
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Kind == SegmentKind.Unchanged)
            {
                continue;
            }

            if (segments[i].Kind != SegmentKind.Deleted || i + 1 >= segments.Count || segments[i + 1].Kind != SegmentKind.Inserted)
            {
                return false;
            }

            // A changed number ("30 days" → "90 days", "$10" → "$100") is a change of meaning, however few characters.
            if (DigitsOf(segments[i].Text) != DigitsOf(segments[i + 1].Text))
            {
                return false;
            }

            if (EditDistance(segments[i].Text, segments[i + 1].Text, MaxSpellingEdits) > MaxSpellingEdits)
            {
                return false;
            }

            any = true;
            i++;
        }

        return any;
    }

    private const int MaxSpellingEdits = 2;

    private static string DigitsOf(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    /// <summary>Levenshtein distance, stopping early once it exceeds <paramref name="limit"/>.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static bool Overlaps(bool[] changed, int start, int length)
    {
        for (var i = start; i < start + length && i < changed.Length; i++)
        {
            if (changed[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Which characters of one side (after for inserted, before for deleted) are changed words.</summary>
    private static bool[] ChangedMask(IReadOnlyList<InlineSegment> segments, SegmentKind kind)
    {
        var length = segments.Where(s => s.Kind == SegmentKind.Unchanged || s.Kind == kind).Sum(s => s.Text.Length);
        var mask = new bool[length];
        var at = 0;
        foreach (var segment in segments)
        {
            if (segment.Kind == SegmentKind.Unchanged)
            {
                at += segment.Text.Length;
            }
            else if (segment.Kind == kind)
            {
                for (var i = 0; i < segment.Text.Length; i++)
                {
                    mask[at + i] = char.IsLetterOrDigit(segment.Text[i]);
                }

                at += segment.Text.Length;
            }
        }

        return mask;
    }
}
