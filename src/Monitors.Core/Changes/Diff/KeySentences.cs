using System.Text.RegularExpressions;

namespace Monitors.Core.Changes.Diff;

/// <summary>
/// One sentence per clause change (<see cref="ClauseChange.Summary"/>), quoted from the document: it says what kind of
/// change it is and quotes the sentence that carries it. It never paraphrases, so it cannot invent. The summary of a
/// whole record (<see cref="ChangeSummary"/>) is built from these.
/// </summary>
public static partial class KeySentences
{
    /// <summary>Quotes longer than this are cut at a word boundary and marked with an ellipsis.</summary>
    public const int MaxQuoteLength = 280;

    public static string ForClause(ClauseChangeKind kind, string path, string? previousPath, string? before, string? after, IReadOnlyList<InlineSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(segments);
        return kind switch
        {
            ClauseChangeKind.Added => $"Added: {Quote(FirstSentence(after))}",
            ClauseChangeKind.Removed => $"Removed: {Quote(FirstSentence(before))}",
            ClauseChangeKind.Renumbered => $"Renumbered from {LastSegment(previousPath ?? path)} to {LastSegment(path)}; wording unchanged.",
            ClauseChangeKind.Moved when string.Equals(before, after, StringComparison.Ordinal) =>
                $"Moved from {previousPath ?? "elsewhere"}, wording unchanged: {Quote(FirstSentence(after))}",
            ClauseChangeKind.Moved => $"Moved from {previousPath ?? "elsewhere"} and reworded; now reads: {Quote(ChangedSentence(after, segments, SegmentKind.Inserted))}",
            _ => ModifiedSummary(before, after, segments),
        };
    }

    /// <summary>The sentence that best shows a change: the first of an added or removed clause, else the one holding the most changed words.</summary>
    public static string KeySentence(ClauseChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Kind switch
        {
            ClauseChangeKind.Added => FirstSentence(change.After),
            ClauseChangeKind.Removed => FirstSentence(change.Before),
            _ when change.Segments.Count == 0 => FirstSentence(change.After),
            _ when change.Segments.Any(s => s.Kind == SegmentKind.Inserted && WordDiff.CountWords(s.Text) > 0) =>
                ChangedSentence(change.After, change.Segments, SegmentKind.Inserted),
            _ => ChangedSentence(change.Before, change.Segments, SegmentKind.Deleted),
        };
    }

    private static string ModifiedSummary(string? before, string? after, IReadOnlyList<InlineSegment> segments)
    {
        var inserted = segments.Any(s => s.Kind == SegmentKind.Inserted && WordDiff.CountWords(s.Text) > 0);
        if (inserted)
        {
            return $"Now reads: {Quote(ChangedSentence(after, segments, SegmentKind.Inserted))}";
        }

        var deleted = string.Join(" … ", segments.Where(s => s.Kind == SegmentKind.Deleted).Select(s => s.Text.Trim()).Where(t => t.Length > 0));
        return $"Deleted {Quote(deleted)} from: {Quote(ChangedSentence(before, segments, SegmentKind.Deleted))}";
    }

    /// <summary>The sentence of the text (after or before) that holds the most changed words of the given kind.</summary>
    private static string ChangedSentence(string? text, IReadOnlyList<InlineSegment> segments, SegmentKind kind)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // Mark which characters of the text are changed: walk the segments that spell this side.
        var changed = new bool[text.Length];
        var at = 0;
        foreach (var segment in segments)
        {
            if (segment.Kind != SegmentKind.Unchanged && segment.Kind != kind)
            {
                continue;
            }

            var end = Math.Min(text.Length, at + segment.Text.Length);
            if (segment.Kind == kind)
            {
                for (var i = at; i < end; i++)
                {
                    changed[i] = char.IsLetterOrDigit(text[i]);
                }
            }

            at = end;
        }

        var best = (Start: 0, Length: text.Length, Score: -1);
        foreach (var (start, length) in Sentences(text))
        {
            var score = 0;
            for (var i = start; i < start + length; i++)
            {
                score += changed[i] ? 1 : 0;
            }

            if (score > best.Score)
            {
                best = (start, length, score);
            }
        }

        return text.Substring(best.Start, best.Length).Trim();
    }

    public static string FirstSentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        // A heading alone says little: quote the first sentence of the text under it when there is one.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = WithoutLabel(lines.Length > 1 && WordDiff.CountWords(lines[0]) <= 10 ? lines[1] : lines[0]);
        var sentences = Sentences(line).Take(2).ToList();
        var (start, length) = sentences[0];

        // "Support. We answer …": a lone title says little, so the quote runs on to the next sentence.
        if (sentences.Count > 1 && WordDiff.CountWords(line.Substring(start, length)) <= 4)
        {
            length = sentences[1].Start + sentences[1].Length - start;
        }

        return line.Substring(start, length).Trim();
    }

    /// <summary>The text without its leading clause number ("1.2. Support. …" → "Support. …").</summary>
    private static string WithoutLabel(string line)
    {
        var label = Structure.ClauseLabel.TryRead(line, isHeading: false);
        var rest = label?.RestOf(line);
        return string.IsNullOrWhiteSpace(rest) ? line : rest;
    }

    /// <summary>Sentence spans; a full stop after an abbreviation or a lone letter ("e.g.", "U.S.", "Art.") does not end one.</summary>
    internal static IEnumerable<(int Start, int Length)> Sentences(string text)
    {
        var start = 0;
        foreach (Match end in SentenceEnd().Matches(text))
        {
            var stop = end.Index + 1;
            var word = LastWord(text, end.Index);
            if (word.Length == 1 || Abbreviations.Contains(word))
            {
                continue;
            }

            yield return (start, stop - start);
            start = end.Index + end.Length;
        }

        if (start < text.Length)
        {
            yield return (start, text.Length - start);
        }
    }

    private static string LastWord(string text, int end)
    {
        var start = end;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        return text[start..end].TrimStart('.');
    }

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "inc", "ltd", "llc", "co", "corp", "no", "nos", "art", "arts", "sec", "para", "vs", "cf", "u.s", "mr", "ms", "dr", "st",
    };

    /// <summary>Wraps a quote in typographic quotation marks, shortened to <see cref="MaxQuoteLength"/> at a word boundary.</summary>
    public static string Quote(string text)
    {
        // The canonical text is Markdown: a reader sees a link's text, not "[text](https://…?utm_source=…)".
        var trimmed = MarkdownLink().Replace(text, "$1").Trim();
        if (trimmed.Length > MaxQuoteLength)
        {
            var cut = trimmed.LastIndexOf(' ', MaxQuoteLength - 1);
            trimmed = trimmed[..(cut > MaxQuoteLength / 2 ? cut : MaxQuoteLength - 1)].TrimEnd(',', ';', ':', ' ') + " …";
        }

        return $"“{trimmed}”";
    }

    private static string LastSegment(string path)
    {
        var at = path.LastIndexOf(" › ", StringComparison.Ordinal);
        return at < 0 ? path : path[(at + 3)..];
    }

    [GeneratedRegex(@"[.!?;](?=\s+[""“(\[A-Z0-9]|$)")]
    private static partial Regex SentenceEnd();

    /// <summary>A Markdown link or image, <c>[text](target)</c>: the target may hold one level of parentheses.</summary>
    [GeneratedRegex(@"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")]
    private static partial Regex MarkdownLink();
}
