using System.Globalization;
using System.Text;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;

namespace Monitors.Cli.Output;

/// <summary>How the plain-text rendering looks.</summary>
/// <param name="Ansi">Colour for terminals: red deletions, green insertions, the severity highlighted.</param>
/// <param name="MaxClauseCharacters">Longer clause texts are cut (an added section can be pages long).</param>
internal sealed record TextRenderOptions(bool Ansi = false, int MaxClauseCharacters = 2_000)
{
    /// <summary>Colour when standard output is a terminal and <c>NO_COLOR</c> is not set.</summary>
    public static TextRenderOptions ForConsole() =>
        new(Ansi: !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
}

/// <summary>
/// A change record on the terminal (<c>monitors show</c>): plain text, coloured when standard output is a terminal —
/// red deletions, green insertions, the severity highlighted — with <c>[-…-]</c> / <c>{+…+}</c> markers otherwise.
/// Written as raw text, not Spectre markup, so a long clause is never re-wrapped at the console's width when piped.
/// Control characters in document strings are dropped, so a document cannot send terminal escapes.
/// </summary>
internal static class ChangeRecordConsole
{
    private const string Reset = "\u001b[0m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";

    public static string Render(ChangeRecord record, TextRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        options ??= new TextRenderOptions();
        var ansi = options.Ansi;
        string Paint(string colour, string text) => ansi ? colour + text + Reset : text;

        var text = new StringBuilder();
        var severityColour = record.Severity switch { Severity.High => Bold + Red, Severity.Medium => Bold + Yellow, _ => Dim };
        text.Append(Paint(severityColour, $"[{ChangeWords.Severity(record.Severity).ToUpperInvariant()}]")).Append(' ')
            .AppendLine(Paint(Bold, ChangeWords.Plain(record.Headline)));
        text.Append("Platform: ").Append(ChangeWords.Plain(record.PlatformName)).Append(" · Document: ").Append(ChangeWords.Plain(record.DocumentTitle));
        if (record.TermsType is { Length: > 0 } termsType)
        {
            text.Append(" (").Append(ChangeWords.Plain(termsType)).Append(')');
        }

        text.AppendLine();
        if (record.DocumentUrl is not null)
        {
            text.Append("URL: ").AppendLine(ChangeWords.Plain(record.DocumentUrl.ToString()));
        }

        text.Append("Detected: ").Append(ChangeWords.Time(record.DetectedAt))
            .Append(" · Versions: ").Append(ChangeWords.ShortVersion(record.PreviousVersionId)).Append(" → ").Append(ChangeWords.ShortVersion(record.NewVersionId))
            .Append(" · Change: ").AppendLine(ChangeWords.Plain(record.Id));
        if (record.DocumentDate is { } date)
        {
            text.Append("Document date: ").Append(ChangeWords.Plain(date.After)).AppendLine(date.Before is { } was ? $" (was: {ChangeWords.Plain(was)})" : string.Empty);
        }

        if (!record.IsSubstantive)
        {
            text.AppendLine(Paint(Dim, "Not substantive: nothing but numbering or formatting changed."));
        }

        if (record.Summary is { } summary)
        {
            text.AppendLine().Append(summary.Label).Append(": ").AppendLine(ChangeWords.Plain(summary.Text));
        }

        text.AppendLine().Append("Severity: ").AppendLine(Paint(severityColour, ChangeWords.Severity(record.Severity)));
        foreach (var reason in record.SeverityReasons)
        {
            text.Append("  - ").AppendLine(ChangeWords.Plain(reason));
        }

        if (record.Topics.Count > 0)
        {
            text.AppendLine("Topics:");
            foreach (var topic in record.Topics)
            {
                text.Append("  - ").Append(ChangeWords.Plain(topic.Name));
                if (topic.Phrases.Count > 0)
                {
                    text.Append(": ").Append(string.Join(", ", topic.Phrases.Select(p => $"“{ChangeWords.Plain(p)}”")));
                }

                text.AppendLine();
            }
        }

        if (record.Regulations.Count > 0)
        {
            text.Append("Regulations: ").AppendLine(string.Join("; ", record.Regulations.Select(r => ChangeWords.Plain(r.Citation)).Distinct(StringComparer.Ordinal)));
        }

        text.Append("Stats: ").AppendLine(ChangeWords.Stats(record.Stats));
        text.AppendLine();

        var number = 0;
        foreach (var change in record.Changes)
        {
            number++;
            var kindColour = change.Kind switch
            {
                ClauseChangeKind.Added => Green,
                ClauseChangeKind.Removed => Red,
                ClauseChangeKind.Modified => Yellow,
                _ => Cyan,
            };
            text.Append(number.ToString(CultureInfo.InvariantCulture)).Append(". ")
                .Append(Paint(Bold + kindColour, ChangeWords.Kind(change.Kind).ToUpperInvariant())).Append(' ').Append(ChangeWords.Plain(change.Path));
            if (change.Title is { Length: > 0 } title)
            {
                text.Append(" — ").Append(ChangeWords.Plain(title));
            }

            text.AppendLine();
            if (change.Breadcrumb is { Length: > 0 } breadcrumb)
            {
                text.Append("   In: ").AppendLine(ChangeWords.Plain(breadcrumb));
            }

            if (change.PreviousPath is { Length: > 0 } previousPath)
            {
                text.Append("   Was: ").AppendLine(ChangeWords.Plain(previousPath));
            }

            text.Append("   ").AppendLine(ChangeWords.Plain(change.Summary));
            var body = ClauseText(change, options, Paint);
            if (body.Length > 0)
            {
                foreach (var line in body.Split('\n'))
                {
                    text.Append("   | ").AppendLine(line);
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string ClauseText(ClauseChange change, TextRenderOptions options, Func<string, string, string> paint)
    {
        var max = options.MaxClauseCharacters;
        switch (change.Kind)
        {
            case ClauseChangeKind.Added:
                return Cut(ChangeWords.Plain(change.After ?? ""), max, line => options.Ansi ? paint(Green, line) : "+ " + line);
            case ClauseChangeKind.Removed:
                return Cut(ChangeWords.Plain(change.Before ?? ""), max, line => options.Ansi ? paint(Red, line) : "- " + line);
        }

        if (change.Segments.Count == 0)
        {
            return Cut(ChangeWords.Plain(change.After ?? ""), max, line => line);
        }

        var builder = new StringBuilder();
        foreach (var segment in change.Segments)
        {
            var segmentText = ChangeWords.Plain(segment.Text);
            builder.Append(segment.Kind switch
            {
                SegmentKind.Inserted => options.Ansi ? PaintLines(Green, segmentText) : "{+" + segmentText + "+}",
                SegmentKind.Deleted => options.Ansi ? PaintLines(Red, segmentText) : "[-" + segmentText + "-]",
                _ => segmentText,
            });
            if (builder.Length > max)
            {
                builder.Append(" …");
                break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Colours each line on its own, so a prefix added per line cannot sit inside an open colour.</summary>
    private static string PaintLines(string colour, string text) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : colour + line + Reset));

    private static string Cut(string text, int max, Func<string, string> decorate)
    {
        var cut = text.Length > max ? text[..max] + " …" : text;
        return string.Join('\n', cut.Split('\n').Select(decorate));
    }
}
