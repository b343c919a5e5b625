using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.PageChrome"/>: a 'Close' button, a 'Table of contents' toggle or an icon link
/// (<c>[](url)</c>, a link whose only content was an image) that comes and goes is page furniture, not document text.
/// Only whole lines are dropped, and only when nothing but such a label or such links is on them.
/// </summary>
internal static partial class PageChrome
{
    private static readonly FrozenSet<string> ControlLabels = new[]
    {
        "close", "expand all", "collapse all", "expand", "collapse", "table of contents", "on this page",
        "back to top", "return to top", "scroll to top", "go to top", "print", "print this page", "share", "copy link",
        "skip to content", "skip to main content", "menu", "open menu", "close menu", "show more", "show less",
        "read more", "see more", "play video",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private const int MaxLabelLength = 24;

    [GeneratedRegex(@"^(?:\[\]\([^)\s]*\)\s*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmptyTextLinksOnly();

    public static string Apply(string text)
    {
        var builder = new StringBuilder(text.Length);
        var start = 0;
        var dropped = false;
        while (start < text.Length)
        {
            var next = NextLine(text, start);
            if (!IsChrome(text.AsSpan(start, LineLength(text, start, next))))
            {
                builder.Append(text, start, next - start);
                start = next;
                continue;
            }

            // The block goes with its separating blank line, so the text keeps one blank line between blocks.
            dropped = true;
            if (next < text.Length && LineLength(text, next, NextLine(text, next)) == 0)
                next = NextLine(text, next);
            else if (next >= text.Length && builder.Length >= 2 && builder[^1] == '\n' && builder[^2] == '\n')
                builder.Length--;
            start = next;
        }

        return dropped ? builder.ToString() : text;
    }

    private static int NextLine(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        return end < 0 ? text.Length : end + 1;
    }

    private static int LineLength(string text, int start, int next) =>
        next - start - (next > start && text[next - 1] == '\n' ? 1 : 0);

    internal static bool IsChrome(ReadOnlySpan<char> line)
    {
        var content = StripMarkup(line);
        if (content.StartsWith("[]("))
            return EmptyTextLinksOnly().IsMatch(content);
        return content.Length is > 0 and <= MaxLabelLength && ControlLabels.GetAlternateLookup<ReadOnlySpan<char>>().Contains(content);
    }

    // Heading and list markers, emphasis and a trailing colon are markup around a label, not part of it.
    private static ReadOnlySpan<char> StripMarkup(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        line = line.TrimStart('#').TrimStart();
        if (line.Length > 1 && line[0] is '-' or '*' or '+' && line[1] == ' ')
            line = line[2..].TrimStart();
        line = line.Trim("*_").Trim();
        return line.TrimEnd(':').TrimEnd();
    }
}
