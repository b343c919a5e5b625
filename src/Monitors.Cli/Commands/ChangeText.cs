using Monitors.Core.Changes;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>Writes a change record to the terminal: deletions red and struck through, insertions green (plain when output is redirected).</summary>
internal static class ChangeText
{
    public static void Write(IAnsiConsole console, ChangeRecord record)
    {
        console.MarkupLineInterpolated($"[bold]{record.Headline}[/]");
        console.MarkupLineInterpolated($"{record.PlatformName} — {record.DocumentTitle} · detected {record.DetectedAt:u} · severity {record.Severity} · id {record.Id}");
        console.MarkupLineInterpolated($"versions {record.PreviousVersionId[..12]} → {record.NewVersionId[..12]}");
        foreach (var change in record.Changes)
        {
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold]{change.Path}[/] — {change.Kind}");
            var line = string.Concat(change.Segments.Select(s => s.Kind switch
            {
                SegmentKind.Inserted => $"[green]{Markup.Escape(s.Text)}[/]",
                SegmentKind.Deleted => $"[red strikethrough]{Markup.Escape(s.Text)}[/]",
                _ => Markup.Escape(s.Text),
            }));
            console.MarkupLine(line);
        }
    }
}
