using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace Monitors.Core.Changes.Diff;

/// <summary>Word-level detail of one modified clause, as unchanged, deleted and inserted runs in reading order.</summary>
public static class WordDiff
{
    /// <summary>
    /// Segments such that the unchanged and deleted runs spell <paramref name="before"/> and the unchanged and
    /// inserted runs spell <paramref name="after"/>. A replaced run of words comes out as one deletion and one
    /// insertion, not word by word.
    /// </summary>
    public static IReadOnlyList<InlineSegment> Segments(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return before.Length == 0 ? [] : [new InlineSegment(SegmentKind.Unchanged, before)];
        }

        var result = Differ.Instance.CreateDiffs(before, after, false, false, WordChunker.Instance);
        var raw = new List<InlineSegment>();
        var oldAt = 0;
        foreach (var block in result.DiffBlocks)
        {
            AddRun(raw, SegmentKind.Unchanged, result.PiecesOld, oldAt, block.DeleteStartA - oldAt);
            AddRun(raw, SegmentKind.Deleted, result.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            AddRun(raw, SegmentKind.Inserted, result.PiecesNew, block.InsertStartB, block.InsertCountB);
            oldAt = block.DeleteStartA + block.DeleteCountA;
        }

        AddRun(raw, SegmentKind.Unchanged, result.PiecesOld, oldAt, result.PiecesOld.Count - oldAt);
        return Coalesce(raw);
    }

    /// <summary>Words (runs of letters or digits; a dotted number counts once) in the text.</summary>
    public static int CountWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '.' || c == ',') && inWord && i > 0 && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]))
            {
                continue; // "50.12.5.1" and "1,000" are one word each
            }

            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }
            }
            else if (c != '\'' && c != '’' && c != '-')
            {
                inWord = false;
            }
        }

        return count;
    }

    public static int CountWords(IEnumerable<InlineSegment> segments, SegmentKind kind) =>
        segments.Where(s => s.Kind == kind).Sum(s => CountWords(s.Text));

    private static void AddRun(List<InlineSegment> segments, SegmentKind kind, IReadOnlyList<string> pieces, int start, int count)
    {
        if (count <= 0)
        {
            return;
        }

        var builder = new StringBuilder();
        for (var i = start; i < start + count; i++)
        {
            builder.Append(pieces[i]);
        }

        segments.Add(new InlineSegment(kind, builder.ToString()));
    }

    /// <summary>
    /// Joins adjacent runs of one kind, and folds a lone space between two replacements into both, so
    /// "[-thirty days-]{+sixty days+}" reads as one replacement instead of two.
    /// </summary>
    private static List<InlineSegment> Coalesce(List<InlineSegment> raw)
    {
        var groups = new List<(string? Unchanged, StringBuilder Deleted, StringBuilder Inserted)>();
        foreach (var segment in raw)
        {
            if (segment.Kind == SegmentKind.Unchanged)
            {
                groups.Add((segment.Text, new StringBuilder(), new StringBuilder()));
                continue;
            }

            if (groups.Count == 0 || groups[^1].Unchanged is not null)
            {
                groups.Add((null, new StringBuilder(), new StringBuilder()));
            }

            (segment.Kind == SegmentKind.Deleted ? groups[^1].Deleted : groups[^1].Inserted).Append(segment.Text);
        }

        // change, whitespace, change → one change when both sides replace text.
        for (var i = 1; i + 1 < groups.Count; i++)
        {
            var (unchanged, _, _) = groups[i];
            var previous = groups[i - 1];
            var next = groups[i + 1];
            if (unchanged is not null
                && string.IsNullOrWhiteSpace(unchanged)
                && previous.Unchanged is null && previous.Deleted.Length > 0 && previous.Inserted.Length > 0
                && next.Unchanged is null && next.Deleted.Length > 0 && next.Inserted.Length > 0)
            {
                previous.Deleted.Append(unchanged).Append(next.Deleted);
                previous.Inserted.Append(unchanged).Append(next.Inserted);
                groups.RemoveRange(i, 2);
                i--;
            }
        }

        var segments = new List<InlineSegment>(groups.Count * 2);
        foreach (var (unchanged, deleted, inserted) in groups)
        {
            if (unchanged is not null)
            {
                if (segments.Count > 0 && segments[^1].Kind == SegmentKind.Unchanged)
                {
                    segments[^1] = segments[^1] with { Text = segments[^1].Text + unchanged };
                }
                else
                {
                    segments.Add(new InlineSegment(SegmentKind.Unchanged, unchanged));
                }

                continue;
            }

            if (deleted.Length > 0)
            {
                segments.Add(new InlineSegment(SegmentKind.Deleted, deleted.ToString()));
            }

            if (inserted.Length > 0)
            {
                segments.Add(new InlineSegment(SegmentKind.Inserted, inserted.ToString()));
            }
        }

        return segments;
    }
}
