using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Monitors.Core.Changes.Rendering;

public enum ChangeRecordFormat
{
    Text,
    Markdown,
    Html,
    Json,
}

/// <summary>How the plain-text rendering looks.</summary>
/// <param name="Ansi">Colour for terminals: red deletions, green insertions, the severity highlighted.</param>
/// <param name="MaxClauseCharacters">Longer clause texts are cut (an added section can be pages long).</param>
public sealed record TextRenderOptions(bool Ansi = false, int MaxClauseCharacters = 2_000)
{
    /// <summary>Colour when standard output is a terminal and <c>NO_COLOR</c> is not set.</summary>
    public static TextRenderOptions ForConsole() =>
        new(Ansi: !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
}

/// <summary>
/// Renders one change record as plain text (optionally coloured), Markdown, HTML or JSON. Every string that comes
/// from a document is treated as hostile: HTML-encoded in HTML, escaped in Markdown, stripped of control
/// characters (terminal escapes) in text.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service; instance members keep it replaceable.")]
public sealed class ChangeRecordRenderer
{
    private const string Reset = "\u001b[0m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const int ShortVersion = 12;

    // All of Unicode stays readable; markup characters (< > & " ') are always encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public string Render(ChangeRecord record, ChangeRecordFormat format) => format switch
    {
        ChangeRecordFormat.Text => RenderText(record),
        ChangeRecordFormat.Markdown => RenderMarkdown(record),
        ChangeRecordFormat.Html => RenderHtml(record),
        ChangeRecordFormat.Json => RenderJson(record),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Use Text, Markdown, Html or Json."),
    };

    public string RenderJson(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ChangeRecordJson.Serialize(record);
    }

    public string RenderText(ChangeRecord record, TextRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        options ??= new TextRenderOptions();
        var ansi = options.Ansi;
        string Paint(string colour, string text) => ansi ? colour + text + Reset : text;

        var text = new StringBuilder();
        var severityColour = record.Severity switch { Severity.High => Bold + Red, Severity.Medium => Bold + Yellow, _ => Dim };
        text.Append(Paint(severityColour, $"[{SeverityWord(record.Severity).ToUpperInvariant()}]")).Append(' ')
            .AppendLine(Paint(Bold, Plain(record.Headline)));
        text.Append("Platform: ").Append(Plain(record.PlatformName)).Append(" · Document: ").Append(Plain(record.DocumentTitle));
        if (record.TermsType is { Length: > 0 } termsType)
        {
            text.Append(" (").Append(Plain(termsType)).Append(')');
        }

        text.AppendLine();
        if (record.DocumentUrl is not null)
        {
            text.Append("URL: ").AppendLine(Plain(record.DocumentUrl.ToString()));
        }

        text.Append("Detected: ").Append(FormatTime(record.DetectedAt))
            .Append(" · Versions: ").Append(Short(record.PreviousVersionId)).Append(" → ").Append(Short(record.NewVersionId))
            .Append(" · Change: ").AppendLine(Plain(record.Id));
        if (record.DocumentDate is { } date)
        {
            text.Append("Document date: ").Append(Plain(date.After)).AppendLine(date.Before is { } was ? $" (was: {Plain(was)})" : string.Empty);
        }

        if (!record.IsSubstantive)
        {
            text.AppendLine(Paint(Dim, "Not substantive: nothing but numbering or formatting changed."));
        }

        if (record.Summary is { } summary)
        {
            text.AppendLine().Append(summary.Label).Append(": ").AppendLine(Plain(summary.Text));
        }

        text.AppendLine().Append("Severity: ").AppendLine(Paint(severityColour, SeverityWord(record.Severity)));
        foreach (var reason in record.SeverityReasons)
        {
            text.Append("  - ").AppendLine(Plain(reason));
        }

        if (record.Topics.Count > 0)
        {
            text.AppendLine("Topics:");
            foreach (var topic in record.Topics)
            {
                text.Append("  - ").Append(Plain(topic.Name));
                if (topic.Phrases.Count > 0)
                {
                    text.Append(": ").Append(string.Join(", ", topic.Phrases.Select(p => $"“{Plain(p)}”")));
                }

                text.AppendLine();
            }
        }

        if (record.Regulations.Count > 0)
        {
            text.Append("Regulations: ").AppendLine(string.Join("; ", record.Regulations.Select(r => Plain(r.Citation)).Distinct(StringComparer.Ordinal)));
        }

        text.Append("Stats: ").AppendLine(StatsLine(record.Stats));
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
                .Append(Paint(Bold + kindColour, KindWord(change.Kind).ToUpperInvariant())).Append(' ').Append(Plain(change.Path));
            if (change.Title is { Length: > 0 } title)
            {
                text.Append(" — ").Append(Plain(title));
            }

            text.AppendLine();
            if (change.Breadcrumb is { Length: > 0 } breadcrumb)
            {
                text.Append("   In: ").AppendLine(Plain(breadcrumb));
            }

            if (change.PreviousPath is { Length: > 0 } previousPath)
            {
                text.Append("   Was: ").AppendLine(Plain(previousPath));
            }

            text.Append("   ").AppendLine(Plain(change.Summary));
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

    public string RenderMarkdown(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var md = new StringBuilder();
        md.Append("## ").AppendLine(Md(record.Headline)).AppendLine();
        md.Append("- **Severity:** ").AppendLine(SeverityWord(record.Severity));
        md.Append("- **Platform:** ").AppendLine(Md(record.PlatformName));
        md.Append("- **Document:** ");
        if (SafeUrl(record.DocumentUrl) is { } url)
        {
            md.Append('[').Append(Md(record.DocumentTitle)).Append("](<").Append(url.Replace(">", "%3E", StringComparison.Ordinal)).AppendLine(">)");
        }
        else
        {
            md.AppendLine(Md(record.DocumentTitle));
        }

        md.Append("- **Detected:** ").AppendLine(FormatTime(record.DetectedAt));
        md.Append("- **Versions:** `").Append(Short(record.PreviousVersionId)).Append("` → `").Append(Short(record.NewVersionId)).AppendLine("`");
        md.Append("- **Change:** `").Append(Md(record.Id)).AppendLine("`");
        if (record.DocumentDate is { } date)
        {
            md.Append("- **Document date:** ").Append(Md(date.After)).AppendLine(date.Before is { } was ? $" (was: {Md(was)})" : string.Empty);
        }

        md.Append("- **Stats:** ").AppendLine(StatsLine(record.Stats));
        if (!record.IsSubstantive)
        {
            md.AppendLine("- *Not substantive: nothing but numbering or formatting changed.*");
        }

        md.AppendLine();
        if (record.Summary is { } summary)
        {
            md.Append("**").Append(summary.Label).Append(":** ").AppendLine(Md(summary.Text)).AppendLine();
        }

        if (record.SeverityReasons.Count > 0)
        {
            md.AppendLine("**Why this severity**").AppendLine();
            foreach (var reason in record.SeverityReasons)
            {
                md.Append("- ").AppendLine(Md(reason));
            }

            md.AppendLine();
        }

        if (record.Topics.Count > 0)
        {
            md.AppendLine("**Topics**").AppendLine();
            foreach (var topic in record.Topics)
            {
                md.Append("- ").Append(Md(topic.Name));
                if (topic.Phrases.Count > 0)
                {
                    md.Append(": ").Append(string.Join(", ", topic.Phrases.Select(p => $"“{Md(p)}”")));
                }

                var citations = record.Regulations.Where(r => r.TopicId == topic.Id).Select(r => Md(r.Citation)).ToList();
                if (citations.Count > 0)
                {
                    md.Append(" — ").Append(string.Join("; ", citations));
                }

                md.AppendLine();
            }

            md.AppendLine();
        }

        var number = 0;
        foreach (var change in record.Changes)
        {
            number++;
            md.Append("### ").Append(number.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(KindWord(change.Kind))
                .Append(": ").Append(Md(change.Path));
            if (change.Title is { Length: > 0 } title)
            {
                md.Append(" — ").Append(Md(title));
            }

            md.AppendLine().AppendLine();
            if (change.Breadcrumb is { Length: > 0 } breadcrumb)
            {
                md.Append("*In: ").Append(Md(breadcrumb)).AppendLine("*").AppendLine();
            }

            if (change.PreviousPath is { Length: > 0 } previousPath)
            {
                md.Append("*Was: ").Append(Md(previousPath)).AppendLine("*").AppendLine();
            }

            md.Append("> ").AppendLine(Md(change.Summary)).AppendLine();
            foreach (var paragraph in MarkdownClauseText(change))
            {
                md.AppendLine(paragraph).AppendLine();
            }
        }

        return md.ToString();
    }

    public string RenderHtml(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var html = new StringBuilder();
        var severity = SeverityWord(record.Severity);
        html.Append("<article class=\"change-record severity-").Append(severity).Append("\" data-change-id=\"").Append(H(record.Id)).AppendLine("\">");
        html.Append("<h2>").Append(H(record.Headline)).AppendLine("</h2>");
        html.Append("<p class=\"meta\">").Append(H(record.PlatformName)).Append(" · ");
        if (SafeUrl(record.DocumentUrl) is { } url)
        {
            html.Append("<a href=\"").Append(H(url)).Append("\">").Append(H(record.DocumentTitle)).Append("</a>");
        }
        else
        {
            html.Append(H(record.DocumentTitle));
        }

        html.Append(" · detected ").Append(H(FormatTime(record.DetectedAt)))
            .Append(" · versions <code>").Append(H(Short(record.PreviousVersionId))).Append("</code> → <code>").Append(H(Short(record.NewVersionId))).AppendLine("</code></p>");
        if (record.DocumentDate is { } date)
        {
            html.Append("<p class=\"document-date\">Document date: <strong>").Append(H(date.After)).Append("</strong>")
                .Append(date.Before is { } was ? $" (was: {H(was)})" : string.Empty).AppendLine("</p>");
        }

        if (!record.IsSubstantive)
        {
            html.AppendLine("<p class=\"not-substantive\">Not substantive: nothing but numbering or formatting changed.</p>");
        }

        if (record.Summary is { } summary)
        {
            html.Append("<p class=\"summary summary-").Append(summary.Kind == SummaryKind.Model ? "model" : "extractive").Append("\"><strong>")
                .Append(H(summary.Label)).Append(":</strong> ").Append(H(summary.Text)).AppendLine("</p>");
        }

        html.Append("<p class=\"severity\">Severity: <strong>").Append(severity).AppendLine("</strong></p>");
        if (record.SeverityReasons.Count > 0)
        {
            html.AppendLine("<ul class=\"reasons\">");
            foreach (var reason in record.SeverityReasons)
            {
                html.Append("<li>").Append(H(reason)).AppendLine("</li>");
            }

            html.AppendLine("</ul>");
        }

        if (record.Topics.Count > 0)
        {
            html.AppendLine("<ul class=\"topics\">");
            foreach (var topic in record.Topics)
            {
                html.Append("<li data-topic=\"").Append(H(topic.Id)).Append("\"><strong>").Append(H(topic.Name)).Append("</strong>");
                if (topic.Phrases.Count > 0)
                {
                    html.Append(": ").Append(string.Join(", ", topic.Phrases.Select(p => $"“{H(p)}”")));
                }

                var citations = record.Regulations.Where(r => r.TopicId == topic.Id).Select(r => H(r.Citation)).ToList();
                if (citations.Count > 0)
                {
                    html.Append(" <span class=\"regulations\">").Append(string.Join("; ", citations)).Append("</span>");
                }

                html.AppendLine("</li>");
            }

            html.AppendLine("</ul>");
        }

        html.Append("<p class=\"stats\">").Append(H(StatsLine(record.Stats))).AppendLine("</p>");
        html.AppendLine("<ol class=\"clause-changes\">");
        foreach (var change in record.Changes)
        {
            var kind = KindWord(change.Kind);
            html.Append("<li class=\"clause-change kind-").Append(kind.ToLowerInvariant()).AppendLine("\">");
            html.Append("<h3><span class=\"kind\">").Append(kind).Append("</span> <code>").Append(H(change.Path)).Append("</code>");
            if (change.Title is { Length: > 0 } title)
            {
                html.Append(' ').Append(H(title));
            }

            html.AppendLine("</h3>");
            if (change.Breadcrumb is { Length: > 0 } breadcrumb)
            {
                html.Append("<p class=\"breadcrumb\">").Append(H(breadcrumb)).AppendLine("</p>");
            }

            if (change.PreviousPath is { Length: > 0 } previousPath)
            {
                html.Append("<p class=\"previous-path\">Was: <code>").Append(H(previousPath)).AppendLine("</code></p>");
            }

            html.Append("<p class=\"summary\">").Append(H(change.Summary)).AppendLine("</p>");
            html.Append("<div class=\"text\">").Append(HtmlClauseText(change)).AppendLine("</div>");
            html.AppendLine("</li>");
        }

        html.AppendLine("</ol>");
        html.AppendLine("</article>");
        return html.ToString();
    }

    private static string ClauseText(ClauseChange change, TextRenderOptions options, Func<string, string, string> paint)
    {
        var max = options.MaxClauseCharacters;
        switch (change.Kind)
        {
            case ClauseChangeKind.Added:
                return Cut(Plain(change.After ?? ""), max, line => options.Ansi ? paint(Green, line) : "+ " + line);
            case ClauseChangeKind.Removed:
                return Cut(Plain(change.Before ?? ""), max, line => options.Ansi ? paint(Red, line) : "- " + line);
        }

        if (change.Segments.Count == 0)
        {
            return Cut(Plain(change.After ?? ""), max, line => line);
        }

        var builder = new StringBuilder();
        foreach (var segment in change.Segments)
        {
            var segmentText = Plain(segment.Text);
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

    private static IEnumerable<string> MarkdownClauseText(ClauseChange change)
    {
        switch (change.Kind)
        {
            case ClauseChangeKind.Added:
                return (change.After ?? "").Split('\n').Select(line => "**+** " + Md(line));
            case ClauseChangeKind.Removed:
                return (change.Before ?? "").Split('\n').Select(line => "~~" + Md(line) + "~~");
        }

        if (change.Segments.Count == 0)
        {
            return (change.After ?? "").Split('\n').Select(Md);
        }

        var builder = new StringBuilder();
        foreach (var segment in change.Segments)
        {
            var text = Md(segment.Text);
            builder.Append(segment.Kind switch
            {
                // Markdown emphasis cannot open or close next to a space: keep the spaces outside the markers.
                SegmentKind.Inserted => Wrap(text, "**"),
                SegmentKind.Deleted => Wrap(text, "~~"),
                _ => text,
            });
        }

        return builder.ToString().Split('\n');
    }

    private static string Wrap(string text, string marker)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return text;
        }

        var leading = text[..(text.Length - text.TrimStart().Length)];
        var trailing = text[text.TrimEnd().Length..];
        return leading + marker + trimmed + marker + trailing;
    }

    private static string HtmlClauseText(ClauseChange change)
    {
        string Lines(string text) => string.Join("<br>", text.Split('\n').Select(H));
        switch (change.Kind)
        {
            case ClauseChangeKind.Added:
                return "<ins>" + Lines(change.After ?? "") + "</ins>";
            case ClauseChangeKind.Removed:
                return "<del>" + Lines(change.Before ?? "") + "</del>";
        }

        if (change.Segments.Count == 0)
        {
            return Lines(change.After ?? "");
        }

        var builder = new StringBuilder();
        foreach (var segment in change.Segments)
        {
            builder.Append(segment.Kind switch
            {
                SegmentKind.Inserted => "<ins>" + Lines(segment.Text) + "</ins>",
                SegmentKind.Deleted => "<del>" + Lines(segment.Text) + "</del>",
                _ => Lines(segment.Text),
            });
        }

        return builder.ToString();
    }

    private static string H(string text) => Html.Encode(text);

    /// <summary>Markdown-escapes a document string; raw HTML becomes text.</summary>
    internal static string Md(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|' or '~' or '!':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    if (!char.IsControl(c) || c == '\n')
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Drops control characters (terminal escape sequences start with one) from a document string.</summary>
    internal static string Plain(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c != '\n')
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c == '\n')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string? SafeUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? url.AbsoluteUri : null;

    private static string StatsLine(ChangeStats stats) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{stats.Added} added, {stats.Removed} removed, {stats.Modified} modified, {stats.Moved} moved, {stats.Renumbered} renumbered; +{stats.WordsInserted}/−{stats.WordsDeleted} words");

    private static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Short(string versionId) => Plain(versionId.Length <= ShortVersion ? versionId : versionId[..ShortVersion]);

    private static string SeverityWord(Severity severity) => severity switch
    {
        Severity.High => "high",
        Severity.Medium => "medium",
        _ => "low",
    };

    private static string KindWord(ClauseChangeKind kind) => kind switch
    {
        ClauseChangeKind.Added => "Added",
        ClauseChangeKind.Removed => "Removed",
        ClauseChangeKind.Modified => "Modified",
        ClauseChangeKind.Moved => "Moved",
        ClauseChangeKind.Renumbered => "Renumbered",
        _ => kind.ToString(),
    };
}
