using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Monitors.Core.Catalog;
using Monitors.Core.Extraction;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.PageChrome"/>: navigation and suggestion blocks around a document are not document
/// text. Decided from the shape of the lines, in any language (see <c>docs/detection.md</c>, "Page chrome"):
/// <list type="bullet">
/// <item>a <b>navigation line</b>: three or more links and nothing else but separators (breadcrumbs, menu bars, language pickers);</item>
/// <item>a <b>menu</b>: two or more rows of links, and a <b>link list</b>: two or more paragraphs that are each one link
/// ("related articles", promo tiles, a side table of contents), with the short caption lines before the last link;</item>
/// <item>a <b>chip run</b>: three or more consecutive short plain lines with no sentence punctuation and no digits
/// (help-centre suggestion chips), or two or more joined by separator lines (a breadcrumb: 'Legal terms', '•', 'Guest');</item>
/// <item>a <b>chrome section</b>: a heading (not the page title) over only chrome, over only two or more short plain
/// lines (a promo tile);</item>
/// <item>a lone <b>control</b>: a line that is only a UI control label ('Close', 'Print') or only empty-text links.</item>
/// </list>
/// Headings, list items (unless a row of links), table rows and sentences are never chrome. A document's
/// <see cref="DetectionSettings.ChromeKeep"/> / <see cref="DetectionSettings.ChromeDrop"/> phrases force a block in or out.
/// Only whole lines are dropped.
/// </summary>
internal static partial class PageChrome
{
    // The one word list left: labels of UI controls that stand alone on a line (a button rendered as text). A lone short
    // line cannot be told from a section title by its shape, so this stays a list; blocks are decided by shape.
    private static readonly FrozenSet<string> ControlLabels = new[]
    {
        "close", "expand all", "collapse all", "expand", "collapse", "table of contents", "on this page",
        "back to top", "return to top", "scroll to top", "go to top", "print", "print this page", "share", "copy link",
        "skip to content", "skip to main content", "menu", "open menu", "close menu", "show more", "show less",
        "read more", "see more", "play video",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private const int MaxLabelLength = 24;

    /// <summary>A chip or caption: at most this many characters and words. Longer lines are prose or titles of substance.</summary>
    internal const int MaxShortLineLength = 60;
    internal const int MaxShortLineWords = 10;

    /// <summary>Consecutive short plain lines that make a chip run; two could be a title and a subtitle.</summary>
    internal const int MinChipRun = 3;

    /// <summary>Link-only paragraphs that make a link list; one alone is a meaningful link ("Read the new terms").</summary>
    internal const int MinLinkListLines = 2;

    /// <summary>Links on one line, with nothing else, that make it a navigation line; two could be "Download PDF / previous terms".</summary>
    internal const int MinNavigationLinks = 3;

    /// <summary>A link longer than this is a sentence written as a link, not a menu entry.</summary>
    private const int MaxLinkTextLength = 120;

    [GeneratedRegex(@"^(?:\[\]\([^)\s]*\)\s*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmptyTextLinksOnly();

    // A Markdown link or image, allowing one level of brackets in its text ('[![logo](src)](url)', '[a \[b\]](url)').
    [GeneratedRegex(@"!?\[(?<text>(?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]\([^()\s]*(?:\s+""[^""]*"")?\)|<[a-z][a-z0-9+.\-]*:[^<>\s]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    private enum Shape
    {
        Blank,
        Control,

        /// <summary>A paragraph of one link and nothing else (a related article, a promo tile, a side table of contents).</summary>
        LinkLine,

        /// <summary>A line of two or more links and nothing else (a menu row).</summary>
        LinkRow,

        /// <summary>A short plain paragraph: no sentence punctuation, no digits, mostly letters (a chip, a caption).</summary>
        ShortPlain,

        /// <summary>A line that is only a separator ('•', '›', '|'): a breadcrumb's steps rendered one per line.</summary>
        Separator,

        /// <summary>Document structure or text: headings, list items, table rows, sentences.</summary>
        Fixed,
    }

    public static string Apply(string text) => Apply(text, null);

    public static string Apply(string text, DetectionSettings? settings)
    {
        var endsWithNewline = text.EndsWith('\n');
        // The lines of the text without its final line break: split whole, less the empty last piece that break leaves,
        // rather than split from a copy of the text one character shorter (a long page's copy is a large-object allocation).
        var lines = text.Split('\n');
        if (endsWithNewline)
            Array.Resize(ref lines, lines.Length - 1);
        var drop = Classify(lines, settings);
        if (!drop.Contains(true))
            return text;

        // Dropped blocks go with their blank lines: the text keeps one blank line between the blocks that remain.
        var builder = new PooledText(text.Length);
        var lastWasBlank = true;
        var written = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (drop[i])
                continue;
            var blank = lines[i].AsSpan().Trim().Length == 0;
            if (blank && (lastWasBlank || !MoreKept(lines, drop, i)))
                continue;
            if (written++ > 0)
                builder.Append('\n');
            builder.Append(lines[i]);
            lastWasBlank = blank;
        }

        if (endsWithNewline && written > 0)
            builder.Append('\n');
        return builder.ToStringAndReturn();
    }

    private static bool MoreKept(string[] lines, bool[] drop, int from)
    {
        for (var j = from + 1; j < lines.Length; j++)
        {
            if (!drop[j] && lines[j].AsSpan().Trim().Length > 0)
                return true;
        }

        return false;
    }

    /// <summary>For each line, whether it is chrome.</summary>
    internal static bool[] Classify(string[] lines, DetectionSettings? settings)
    {
        var shapes = new Shape[lines.Length];
        var links = new int[lines.Length];
        for (var i = 0; i < lines.Length; i++)
            (shapes[i], links[i]) = ShapeOf(lines, i);

        var drop = new bool[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            if (shapes[i] == Shape.Control || (shapes[i] == Shape.LinkRow && links[i] >= MinNavigationLinks))
                drop[i] = true;
        }

        // Runs of candidate lines; blank lines do not break a run, anything else does.
        var run = new List<int>();
        for (var i = 0; i <= lines.Length; i++)
        {
            var shape = i < lines.Length ? shapes[i] : Shape.Fixed;
            if (shape == Shape.Blank)
                continue;
            if (shape != Shape.Fixed)
            {
                run.Add(i);
                continue;
            }

            MarkRun(run, shapes, drop);
            run.Clear();
        }

        DropTitleEchoes(lines, shapes, drop);
        DropChromeSections(lines, shapes, drop);

        var keep = settings?.ChromeKeep ?? [];
        var force = settings?.ChromeDrop ?? [];
        if (keep.Count > 0 || force.Count > 0)
            ApplyDeclaration(lines, shapes, drop, keep, force);
        return drop;
    }

    private static void MarkRun(List<int> run, Shape[] shapes, bool[] drop)
    {
        if (run.Count == 0)
            return;

        // A menu (two or more rows of links) or a link list (two or more link paragraphs), with its captions ('Related
        // articles', a menu's group labels) up to its last link line.
        var rows = run.Count(i => shapes[i] == Shape.LinkRow);
        var linkParagraphs = run.Count(i => shapes[i] == Shape.LinkLine);
        var tail = 0;
        if (rows >= 2 || linkParagraphs >= MinLinkListLines)
        {
            var last = run.FindLastIndex(i => shapes[i] is Shape.LinkLine or Shape.LinkRow);
            for (var k = 0; k <= last; k++)
                drop[run[k]] = true;
            tail = last + 1;
        }

        // What is left: chips where enough short plain lines stand together, nothing else between them (a link row
        // between two short lines parts a title and its date from the heading after them).
        var chips = new List<int>();
        foreach (var i in run.Skip(tail).Append(-1))
        {
            if (i >= 0 && shapes[i] is Shape.ShortPlain or Shape.Control or Shape.Separator)
            {
                chips.Add(i);
                continue;
            }

            MarkChips(chips, shapes, drop);
            chips.Clear();
        }
    }

    // Short lines joined by separator lines ('Legal terms', '•', 'Guest': steps and separators alternating, a step at
    // each end) are a breadcrumb: two steps are enough. The short lines around a breadcrumb are judged on their own (the
    // page title under it stays unless it is part of a chip run); a separator line anywhere else is dropped only with
    // a chip run it stands in.
    private static void MarkChips(List<int> chips, Shape[] shapes, bool[] drop)
    {
        var rest = new List<int>();
        var k = 0;
        while (k < chips.Count)
        {
            var end = k;
            while (end + 2 < chips.Count && shapes[chips[end]] != Shape.Separator && shapes[chips[end + 1]] == Shape.Separator && shapes[chips[end + 2]] != Shape.Separator)
                end += 2;
            if (end > k)
            {
                for (var j = k; j <= end; j++)
                    drop[chips[j]] = true;
                DropChipRun(rest, shapes, drop);
                rest.Clear();
                k = end + 1;
                continue;
            }

            rest.Add(chips[k++]);
        }

        DropChipRun(rest, shapes, drop);
    }

    private static void DropChipRun(List<int> chips, Shape[] shapes, bool[] drop)
    {
        if (chips.Count(k => shapes[k] != Shape.Separator) >= MinChipRun)
            chips.ForEach(k => drop[k] = true);
    }

    // A short plain line that repeats a heading of the page word for word is the page title echoed by the template
    // (help centres print it again above the text); the heading keeps the words.
    private static void DropTitleEchoes(string[] lines, Shape[] shapes, bool[] drop)
    {
        HashSet<string>? headings = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (shapes[i] != Shape.ShortPlain || drop[i])
                continue;
            headings ??= lines.Select((_, k) => HeadingText(lines, k)).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (headings.Contains(StripEmphasis(lines[i].AsSpan().Trim()).ToString()))
                drop[i] = true;
        }
    }

    // A heading whose section (up to the next heading) holds nothing but chrome is that chrome's caption ('Related
    // articles', 'Other ways to get help' over a link list): it comes and goes with it.
    // The page's first heading is its title, never a caption, even when a breadcrumb or menu is all that follows it.
    private static void DropChromeSections(string[] lines, Shape[] shapes, bool[] drop)
    {
        var title = true;
        for (var i = 0; i < lines.Length; i++)
        {
            if (HeadingText(lines, i) is null)
                continue;
            if (title)
            {
                title = false;
                continue;
            }

            var end = i + 1;
            if (end < lines.Length && IsUnderline(lines[end].AsSpan().Trim()))
                end++;
            var anyChrome = false;
            var onlyChrome = true;
            var content = 0;
            var onlyShortPlain = true;
            for (; end < lines.Length && HeadingText(lines, end) is null; end++)
            {
                if (shapes[end] == Shape.Blank)
                    continue;
                content++;
                anyChrome |= drop[end];
                onlyChrome &= drop[end];
                onlyShortPlain &= shapes[end] == Shape.ShortPlain;
            }

            // Also chrome: a section of two or more short plain lines and nothing else (a promo tile: 'Other ways to get
            // help', 'Chat with support', 'Get answers in real time'): document sections hold sentences, lists or tables.
            // (A caption left alone with nothing under it is not dropped: it cannot be told from a new, empty section.)
            var tile = content >= 2 && onlyShortPlain;
            if ((anyChrome && onlyChrome) || tile)
            {
                for (var k = i; k < end; k++)
                    drop[k] = drop[k] || shapes[k] != Shape.Blank;
            }
        }
    }

    /// <summary>The text of an ATX heading or of a line over a setext underline; null for any other line.</summary>
    private static string? HeadingText(string[] lines, int index)
    {
        var line = lines[index].AsSpan().Trim();
        if (line.Length == 0 || IsUnderline(line))
            return null;
        if (line[0] == '#')
            return StripEmphasis(line.TrimStart('#').Trim()).ToString();
        return index + 1 < lines.Length && IsUnderline(lines[index + 1].AsSpan().Trim()) ? StripEmphasis(line).ToString() : null;
    }

    // A declared phrase decides: a chrome block holding a 'keep' phrase is compared after all; a block (the lines between
    // blank lines) holding a 'drop' phrase is chrome whatever its shape.
    private static void ApplyDeclaration(string[] lines, Shape[] shapes, bool[] drop, IReadOnlyList<string> keep, IReadOnlyList<string> force)
    {
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            if (i < lines.Length && shapes[i] != Shape.Blank)
                continue;
            if (i > start)
            {
                var block = string.Join('\n', lines[start..i]);
                if (force.Any(p => block.Contains(p, StringComparison.OrdinalIgnoreCase)))
                {
                    for (var k = start; k < i; k++)
                        drop[k] = true;
                }
            }

            start = i + 1;
        }

        // 'Keep' wins over shape: undo every dropped run (consecutive dropped lines, blank lines between) that holds the phrase.
        for (var i = 0; i < lines.Length;)
        {
            if (!drop[i])
            {
                i++;
                continue;
            }

            var end = i;
            while (end < lines.Length && (drop[end] || shapes[end] == Shape.Blank))
                end++;
            var block = string.Join('\n', lines[i..end]);
            if (keep.Any(p => block.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                for (var k = i; k < end; k++)
                    drop[k] = false;
            }

            i = end;
        }
    }

    private static (Shape Shape, int Links) ShapeOf(string[] lines, int index)
    {
        var line = lines[index].AsSpan().Trim();
        if (line.Length == 0)
            return (Shape.Blank, 0);
        if (IsControl(line))
            return (Shape.Control, 0);
        if (line.Length <= 3 && !IsUnderline(line) && AllSeparators(line))
            return (Shape.Separator, 0);

        // Headings (ATX, or a line over a setext underline), setext underlines, table rows and quotes are document structure.
        if (line[0] is '#' or '|' or '>' || IsUnderline(line) || (index + 1 < lines.Length && IsUnderline(lines[index + 1].AsSpan().Trim())))
            return (Shape.Fixed, 0);

        // A list is authored content (categories of data, sub-processors, related policies): its items are never chips
        // or link paragraphs. Only a row of several links inside one item is navigation.
        var listItem = ListItemBody(line, out var body);
        var linkCount = LinkOnlyCount(body);
        if (linkCount >= 2)
            return (Shape.LinkRow, linkCount);
        if (listItem)
            return (Shape.Fixed, 0);
        if (linkCount == 1)
            return (Shape.LinkLine, 1);
        return IsShortPlain(StripEmphasis(body)) ? (Shape.ShortPlain, 0) : (Shape.Fixed, 0);
    }

    private static bool IsUnderline(ReadOnlySpan<char> line) =>
        line.Length >= 2 && (!line.ContainsAnyExcept('=') || !line.ContainsAnyExcept('-'));

    // '- x', '* x', '+ x', '• x', '1. x', '1) x', with any indentation (already trimmed).
    private static bool ListItemBody(ReadOnlySpan<char> line, out ReadOnlySpan<char> body)
    {
        body = line;
        if (line.Length > 1 && line[0] is '-' or '*' or '+' && line[1] == ' ')
        {
            body = line[2..].TrimStart();
            return true;
        }

        // A bullet typed as a character ('• Access control') is a list item too.
        if (line.Length > 1 && line[0] is '•' or '◦' or '▪' or '●' or '○' or '■' or '–' or '—' or '·' && char.IsWhiteSpace(line[1]))
        {
            body = line[2..].TrimStart();
            return true;
        }

        var digits = 0;
        while (digits < line.Length && digits < 9 && char.IsAsciiDigit(line[digits]))
            digits++;
        if (digits > 0 && digits + 1 < line.Length && line[digits] is '.' or ')' && line[digits + 1] == ' ')
        {
            body = line[(digits + 2)..].TrimStart();
            return true;
        }

        return false;
    }

    /// <summary>The number of links when the line holds only links, separators and emphasis markup; otherwise 0.</summary>
    private static int LinkOnlyCount(ReadOnlySpan<char> body)
    {
        if (body.IndexOf('[') < 0 && body.IndexOf('<') < 0)
            return 0;
        var count = 0;
        var rest = new StringBuilder();
        var last = 0;
        var text = body.ToString();
        foreach (Match match in Link().Matches(text))
        {
            if (match.Groups["text"].Length > MaxLinkTextLength)
                return 0;
            rest.Append(text, last, match.Index - last);
            last = match.Index + match.Length;
            count++;
        }

        if (count == 0)
            return 0;
        rest.Append(text, last, text.Length - last);
        foreach (var c in rest.ToString())
        {
            if (!char.IsWhiteSpace(c) && !IsSeparator(c))
                return 0;
        }

        return count;
    }

    private static bool AllSeparators(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (!IsSeparator(c))
                return false;
        }

        return true;
    }

    // Between menu entries and breadcrumb steps: pipes, bullets, arrows, slashes, dashes, commas, emphasis markers.
    private static bool IsSeparator(char c) => c is '|' or '·' or '•' or '›' or '»' or '>' or '/' or '-' or '–' or '—' or ',' or '*' or '_' or '\\' or '‹' or '«' or '<' or '→' or '⋅' or '∙';

    private static bool IsShortPlain(ReadOnlySpan<char> text)
    {
        if (text.Length is 0 or > MaxShortLineLength)
            return false;
        if (IsSentenceEnd(text[^1]))
            return false;
        var words = 0;
        var letters = 0;
        var visible = 0;
        var inWord = false;
        foreach (var c in text)
        {
            // Digits mean dates, amounts, addresses, clause numbers: content, never a chip. So does a token an earlier
            // rule wrote for a date ('Updated ⟦updated⟧' was 'Updated December 2025').
            if (char.IsDigit(c) || c is '[' or ']' or '|' or '@' or '`' or '\u27E6')
                return false;
            var inside = !char.IsWhiteSpace(c);
            if (inside && !inWord)
                words++;
            inWord = inside;
            visible += inside ? 1 : 0;
            letters += char.IsLetter(c) ? 1 : 0;
        }

        // Mostly letters: a line of symbols is art or a divider, not a chip.
        return words <= MaxShortLineWords && letters * 4 >= visible * 3;
    }

    // Sentence and clause ends in the scripts the watched documents use (Latin, CJK, Arabic, Devanagari, Armenian, Greek ano teleia).
    private static bool IsSentenceEnd(char c) => c is '.' or '!' or ';' or ':' or ',' or '。' or '！' or '；' or '：' or '，' or '、' or '،' or '؛' or '۔' or '।' or '॥' or '։' or '·' or '…';

    private static ReadOnlySpan<char> StripEmphasis(ReadOnlySpan<char> text) => text.Trim("*_ ").Trim();

    internal static bool IsChrome(ReadOnlySpan<char> line) => IsControl(line.Trim());

    private static bool IsControl(ReadOnlySpan<char> line)
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
