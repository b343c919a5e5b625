using System.Security.Cryptography;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Monitors.Core.Changes;

/// <summary>
/// The first form of a change record: a DiffPlex diff of the two canonical texts by block (paragraph, list item, table row),
/// with word-level detail inside modified blocks. Each block's path is the heading it sits under.
/// </summary>
public sealed class BlockChangeRecordBuilder : IChangeRecordBuilder
{
    private static readonly Differ Differ = new();

    public ChangeRecord Build(ChangeContext context, string previousText, string newText)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diff = SideBySideDiffBuilder.Diff(Differ, previousText, newText, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var changes = new List<ClauseChange>();
        var heading = string.Empty;
        int wordsInserted = 0, wordsDeleted = 0;
        for (var i = 0; i < diff.NewText.Lines.Count; i++)
        {
            var oldLine = diff.OldText.Lines[i];
            var newLine = diff.NewText.Lines[i];
            var current = newLine.Text ?? oldLine.Text ?? string.Empty;
            if (IsHeading(current) && newLine.Type == ChangeType.Unchanged)
            {
                heading = current.TrimStart('#', ' ');
            }

            var path = heading.Length == 0 ? "(top)" : heading;
            switch ((oldLine.Type, newLine.Type))
            {
                case (ChangeType.Modified, ChangeType.Modified):
                    var segments = WordSegments(oldLine.Text!, newLine.Text!);
                    wordsInserted += segments.Where(s => s.Kind == SegmentKind.Inserted).Sum(s => CountWords(s.Text));
                    wordsDeleted += segments.Where(s => s.Kind == SegmentKind.Deleted).Sum(s => CountWords(s.Text));
                    changes.Add(new ClauseChange(path, null, ClauseChangeKind.Modified, oldLine.Text, newLine.Text, segments, Quote(newLine.Text!)));
                    break;
                case (_, ChangeType.Inserted) when !string.IsNullOrWhiteSpace(newLine.Text):
                    wordsInserted += CountWords(newLine.Text!);
                    changes.Add(new ClauseChange(path, null, ClauseChangeKind.Added, null, newLine.Text, [new InlineSegment(SegmentKind.Inserted, newLine.Text!)], Quote(newLine.Text!)));
                    break;
                case (ChangeType.Deleted, _) when !string.IsNullOrWhiteSpace(oldLine.Text):
                    wordsDeleted += CountWords(oldLine.Text!);
                    changes.Add(new ClauseChange(path, null, ClauseChangeKind.Removed, oldLine.Text, null, [new InlineSegment(SegmentKind.Deleted, oldLine.Text!)], Quote(oldLine.Text!)));
                    break;
            }
        }

        var stats = new ChangeStats(
            changes.Count(c => c.Kind == ClauseChangeKind.Added),
            changes.Count(c => c.Kind == ClauseChangeKind.Removed),
            changes.Count(c => c.Kind == ClauseChangeKind.Modified),
            0,
            0,
            wordsInserted,
            wordsDeleted);
        return new ChangeRecord
        {
            Id = ChangeIds.For(context),
            PlatformId = context.PlatformId,
            PlatformName = context.PlatformName,
            DocumentId = context.DocumentId,
            DocumentTitle = context.DocumentTitle,
            TermsType = context.TermsType,
            DocumentUrl = context.DocumentUrl,
            DetectedAt = context.DetectedAt,
            PreviousVersionId = context.PreviousVersionId,
            NewVersionId = context.NewVersionId,
            Headline = $"{context.PlatformName} changed its {context.DocumentTitle}: {Describe(stats)}",
            Changes = changes,
            Stats = stats,
        };
    }

    private static string Describe(ChangeStats s)
    {
        var parts = new List<string>();
        if (s.Modified > 0) parts.Add($"{s.Modified} passage{(s.Modified == 1 ? string.Empty : "s")} modified");
        if (s.Added > 0) parts.Add($"{s.Added} added");
        if (s.Removed > 0) parts.Add($"{s.Removed} removed");
        return parts.Count == 0 ? "text changed" : string.Join(", ", parts);
    }

    private static List<InlineSegment> WordSegments(string before, string after)
    {
        var diff = Differ.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, new WordChunker());
        var segments = new List<InlineSegment>();
        var position = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Append(segments, SegmentKind.Unchanged, diff.PiecesOld, position, block.DeleteStartA - position);
            Append(segments, SegmentKind.Deleted, diff.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Append(segments, SegmentKind.Inserted, diff.PiecesNew, block.InsertStartB, block.InsertCountB);
            position = block.DeleteStartA + block.DeleteCountA;
        }

        Append(segments, SegmentKind.Unchanged, diff.PiecesOld, position, diff.PiecesOld.Count - position);
        return segments;
    }

    private static void Append(List<InlineSegment> segments, SegmentKind kind, IReadOnlyList<string> pieces, int start, int count)
    {
        if (count <= 0)
        {
            return;
        }

        var text = string.Concat(pieces.Skip(start).Take(count));
        if (segments.Count > 0 && segments[^1].Kind == kind)
        {
            segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        }
        else
        {
            segments.Add(new InlineSegment(kind, text));
        }
    }

    private static bool IsHeading(string line) => line.StartsWith('#');

    private static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The first sentence of the passage, quoted: never invented text.</summary>
    private static string Quote(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 && end < 300 ? text[..(end + 1)] : text.Length > 300 ? text[..300] + "…" : text;
        return $"“{sentence}”";
    }
}

/// <summary>Change record ids: date of detection plus a hash of (document, previous, new), so a retried check yields the same id.</summary>
public static class ChangeIds
{
    public static string For(ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{context.PlatformId}/{context.DocumentId}/{context.PreviousVersionId}/{context.NewVersionId}"));
        return $"{context.DetectedAt.UtcDateTime:yyyyMMdd}-{Convert.ToHexStringLower(hash)[..12]}";
    }
}
