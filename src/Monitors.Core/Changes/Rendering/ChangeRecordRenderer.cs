using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Monitors.Core.Changes.Rendering;

/// <summary>
/// Renders one change record as Markdown or JSON, the two formats that are data rather than presentation. HTML comes
/// from the one template system (<c>Email/Templates/_change-record.html.liquid</c>, through <c>ChangeRecordView</c>), the
/// console rendering from the CLI (<c>Monitors.Cli/Output/ChangeRecordConsole.cs</c>). Every string that comes from a
/// document is treated as hostile: escaped in Markdown, raw HTML becomes text.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service; instance members keep it replaceable.")]
public sealed class ChangeRecordRenderer
{
    public string RenderJson(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ChangeRecordJson.Serialize(record);
    }

    public string RenderMarkdown(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var md = new StringBuilder();
        md.Append("## ").AppendLine(Md(record.Headline)).AppendLine();
        md.Append("- **Severity:** ").AppendLine(ChangeWords.Severity(record.Severity));
        md.Append("- **Platform:** ").AppendLine(Md(record.PlatformName));
        md.Append("- **Document:** ");
        if (ChangeWords.SafeUrl(record.DocumentUrl) is { } url)
        {
            md.Append('[').Append(Md(record.DocumentTitle)).Append("](<").Append(url.Replace(">", "%3E", StringComparison.Ordinal)).AppendLine(">)");
        }
        else
        {
            md.AppendLine(Md(record.DocumentTitle));
        }

        md.Append("- **Detected:** ").AppendLine(ChangeWords.Time(record.DetectedAt));
        md.Append("- **Versions:** `").Append(ChangeWords.ShortVersion(record.PreviousVersionId)).Append("` → `").Append(ChangeWords.ShortVersion(record.NewVersionId)).AppendLine("`");
        md.Append("- **Change:** `").Append(Md(record.Id)).AppendLine("`");
        if (record.DocumentDate is { } date)
        {
            md.Append("- **Document date:** ").Append(Md(date.After)).AppendLine(date.Before is { } was ? $" (was: {Md(was)})" : string.Empty);
        }

        md.Append("- **Stats:** ").AppendLine(ChangeWords.Stats(record.Stats));
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
            md.Append("### ").Append(number.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(ChangeWords.Kind(change.Kind))
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

}
