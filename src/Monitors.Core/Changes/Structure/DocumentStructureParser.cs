using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitors.Core.Changes.Structure;

/// <summary>
/// Parses a canonical version (see docs/change-records.md) into a tree of sections and clauses: headings of every
/// level, numbered paragraphs ("50.12.5.1.", "1.2", "(a)", "(iv)", "Section 3", "Article 7"), list items and table
/// rows. Also reads the Markdown that Open Terms Archive writes (setext headings, <c>*   </c> bullets, bold,
/// escaped dots, images, <c>&lt;br&gt;</c>), so corpus versions parse the same way as our own.
/// </summary>
/// <remarks>Pure and thread-safe: one instance can serve every document.</remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service; instance members keep it replaceable.")]
public sealed partial class DocumentStructureParser
{
    private const int MaxTitleWords = 10;
    private const int MaxLeadTitleWords = 8;

    /// <summary>Rank of a schedule, annex or appendix: below the document title (h1 = 2), above h2 (4).</summary>
    private const int DivisionRank = 3;

    /// <summary>Rank of a combined document's page: above its h1 (2).</summary>
    private const int PageRank = 1;

    public DocumentTree Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = ReadBlocks(text);
        return Build(blocks);
    }

    private enum BlockKind
    {
        Heading,
        Paragraph,
        ListItem,
        TableRow,
    }

    private sealed class Block(BlockKind kind, string text, int indent, int headingLevel)
    {
        /// <summary>For a combined document's page boundary (<see cref="Extraction.PageBoundary"/>), the page number.</summary>
        public int Page { get; init; }

        public BlockKind Kind { get; set; } = kind;

        /// <summary>One line in canonical text; soft-wrapped Markdown appends further lines (rare, so plain concatenation).</summary>
        public string Text { get; set; } = text;
        public int Indent { get; } = indent;
        public int HeadingLevel { get; set; } = headingLevel;

        /// <summary>For an ordered list item, its number; null for bullets and everything else.</summary>
        public string? ListNumber { get; init; }

        public string? Marker { get; init; }

        /// <summary>True when the item is one of several consecutive list lines (a real list, not a lone "3. …" paragraph).</summary>
        public bool InList { get; set; }

        /// <summary>The line the block started on, to tell a setext underline from a thematic break.</summary>
        public int Line { get; init; }
        public int LastLine { get; set; }
    }

    private static List<Block> ReadBlocks(string text)
    {
        var blocks = new List<Block>();
        Block? open = null; // the paragraph or list item that a plain next line continues
        var lines = text.Split('\n');
        for (var lineNumber = 0; lineNumber < lines.Length; lineNumber++)
        {
            var line = lines[lineNumber].TrimEnd('\r', ' ', '\t');
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
            {
                open = null;
                continue;
            }

            // Most lines are plain paragraphs: look at the first character before trying any pattern.
            var leading = 0;
            while (char.IsWhiteSpace(line[leading]))
            {
                leading++;
            }

            var first = line[leading];
            if ((first == '=' || first == '-') && SetextUnderline().IsMatch(line) && open is { Kind: BlockKind.Paragraph } candidate && candidate.LastLine == lineNumber - 1)
            {
                candidate.Kind = BlockKind.Heading;
                candidate.HeadingLevel = line.TrimStart()[0] == '=' ? 1 : 2;
                open = null;
                continue;
            }

            if ((first == '-' || first == '*' || first == '_') && ThematicBreak().IsMatch(line))
            {
                open = null;
                continue;
            }

            if (first == '<' && Extraction.PageBoundary.TryRead(line, out var page, out var url))
            {
                blocks.Add(new Block(BlockKind.Heading, $"Page {page}: {url}", 0, 1) { Page = page, Line = lineNumber, LastLine = lineNumber });
                open = null;
                continue;
            }

            var heading = first == '#' ? AtxHeading().Match(line) : Match.Empty;
            if (heading.Success)
            {
                blocks.Add(new Block(BlockKind.Heading, heading.Groups["text"].Value, 0, heading.Groups["hashes"].Length) { Line = lineNumber, LastLine = lineNumber });
                open = null;
                continue;
            }

            if (first == '|' && TableRow().IsMatch(line))
            {
                if (!TableSeparator().IsMatch(line))
                {
                    blocks.Add(new Block(BlockKind.TableRow, line.Trim(), 0, 0) { Line = lineNumber, LastLine = lineNumber });
                }

                open = null;
                continue;
            }

            var item = first is '-' or '*' or '+' || char.IsAsciiDigit(first) ? ListItem().Match(line) : Match.Empty;
            if (item.Success)
            {
                var marker = item.Groups["marker"].Value;
                var number = char.IsDigit(marker[0]) ? marker.TrimEnd('.', ')') : null;
                var block = new Block(BlockKind.ListItem, item.Groups["text"].Value, IndentOf(item.Groups["indent"].Value), 0)
                {
                    ListNumber = number,
                    Marker = marker,
                    Line = lineNumber,
                    LastLine = lineNumber,
                };
                // Items on consecutive lines form a list; so do loose bullets (one blank line apart) and nested items.
                // Numbered lines a blank line apart are numbered paragraphs.
                if (blocks.Count > 0
                    && blocks[^1] is { Kind: BlockKind.ListItem } previous
                    && (previous.LastLine == lineNumber - 1
                        || (previous.LastLine == lineNumber - 2 && (number is null || previous.ListNumber is null || block.Indent > 0 || previous.Indent > 0))))
                {
                    previous.InList = true;
                    block.InList = true;
                }

                blocks.Add(block);
                open = block;
                continue;
            }

            var indent = IndentOf(line[..leading]);
            if (open is not null && open.LastLine == lineNumber - 1)
            {
                // A soft-wrapped line continues its paragraph or list item.
                open.Text = open.Text + " " + line.Trim();
                open.LastLine = lineNumber;
                continue;
            }

            if (indent > 0 && blocks.Count > 0 && blocks[^1].Kind == BlockKind.ListItem)
            {
                // An indented paragraph after a blank line belongs to the list item above (a loose list).
                blocks[^1].Text = blocks[^1].Text + " " + line.Trim();
                blocks[^1].LastLine = lineNumber;
                open = blocks[^1];
                continue;
            }

            var paragraph = new Block(BlockKind.Paragraph, line.Trim(), 0, 0) { Line = lineNumber, LastLine = lineNumber };
            blocks.Add(paragraph);
            open = paragraph;
        }

        return blocks;
    }

    private static int IndentOf(string whitespace)
    {
        var width = 0;
        foreach (var c in whitespace)
        {
            width += c == '\t' ? 4 : 1;
        }

        return width;
    }

    /// <summary>One open level of the structure while reading top to bottom.</summary>
    /// <param name="Rank">For headings: twice the level (h1 = 2 … h6 = 12), so a "Schedule 2" line can sit between h1 and h2 (3).</param>
    private sealed record Open(SectionNode Node, string Style, int Indent, bool IsHeading, bool IsList, ClauseLabel? Label, int Rank = 0);

    /// <summary>Divisions that, written as a short line of their own, open a part of the document like a heading.</summary>
    private static readonly HashSet<string> DivisionKeywords = new(StringComparer.Ordinal)
    {
        "kw:schedule", "kw:annex", "kw:appendix", "kw:exhibit", "kw:part", "kw:chapter",
    };

    private static DocumentTree Build(List<Block> blocks)
    {
        var root = new SectionNode(SectionNodeKind.Root, "", null, null, "", 0);
        var nodes = new List<SectionNode>(blocks.Count);
        var stack = new List<Open>();

        foreach (var block in blocks)
        {
            var text = Clean(block.Text);
            if (text.Length == 0 || (block.Kind == BlockKind.TableRow && !text.Any(char.IsLetterOrDigit)))
            {
                continue;
            }

            switch (block.Kind)
            {
                case BlockKind.Heading when block.Page > 0:
                    AddPage(block, text, root, stack, nodes);
                    break;
                case BlockKind.Heading:
                    AddHeading(block, text, root, stack, nodes);
                    break;
                case BlockKind.TableRow:
                    PopWhile(stack, open => !open.IsHeading && (open.IsList || open.Style == "para"));
                    Attach(root, stack, nodes, new SectionNode(SectionNodeKind.TableRow, text, null, null, text, 0));
                    break;
                case BlockKind.ListItem when block.InList:
                    AddListItem(block, text, root, stack, nodes);
                    break;
                case BlockKind.ListItem when block.Marker is { } marker && block.ListNumber is not null:
                    // A lone "3. …" line is a numbered paragraph, not a list.
                    AddParagraph(Clean(marker + " " + block.Text), root, stack, nodes);
                    break;
                default:
                    AddParagraph(text, root, stack, nodes);
                    break;
            }
        }

        MarkDocumentTitle(root, nodes);
        AssignPaths(root);
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i].Index = i;
        }

        return new DocumentTree(root, nodes);
    }

    private static void AddHeading(Block block, string text, SectionNode root, List<Open> stack, List<SectionNode> nodes)
    {
        var level = block.HeadingLevel;
        var label = ClauseLabel.TryRead(text, isHeading: true);

        // "### 1.1" under "### 1." nests by its number even though both headings have one level.
        var keep = label is { IsDotted: true, Components.Count: >= 2 } ? FindPrefixAncestor(stack, label) ?? -1 : -1;
        // "## Schedule 4" is a division like a "Schedule 3" line: it closes the previous schedule.
        var rank = label is not null && DivisionKeywords.Contains(label.Style) ? Math.Min(level * 2, DivisionRank) : level * 2;
        while (stack.Count - 1 > keep && (!stack[^1].IsHeading || stack[^1].Rank >= rank))
        {
            stack.RemoveAt(stack.Count - 1);
        }

        var body = label is null ? text : label.RestOf(text);
        var title = body.Length == 0 ? null : TrimTitle(body);
        var node = new SectionNode(SectionNodeKind.Heading, text, label?.Text, title, body, level);
        Attach(root, stack, nodes, node);
        stack.Add(new Open(node, "h" + level, 0, true, false, label, rank));
    }

    /// <summary>A combined document's page opens a top-level section above every heading of the page, h1 included.</summary>
    private static void AddPage(Block block, string text, SectionNode root, List<Open> stack, List<SectionNode> nodes)
    {
        stack.Clear();
        var label = $"Page {block.Page}";
        var url = text[(label.Length + 2)..];
        var node = new SectionNode(SectionNodeKind.Heading, text, label, url, url, 1);
        Attach(root, stack, nodes, node);
        stack.Add(new Open(node, "page", 0, true, false, null, PageRank));
    }

    private static void AddListItem(Block block, string text, SectionNode root, List<Open> stack, List<SectionNode> nodes)
    {
        var label = ClauseLabel.TryRead(text, isHeading: false);
        if (label is not null)
        {
            label = Disambiguate(label, stack);
        }

        if (label is { IsDotted: true, Components.Count: >= 2 } && FindPrefixAncestor(stack, label) is { } prefix)
        {
            // "1.2" written as a bullet still nests under "1".
            stack.RemoveRange(prefix + 1, stack.Count - prefix - 1);
        }
        else
        {
            // In a list the indentation decides: deeper items close, an item at the same depth is a sibling.
            PopWhile(stack, open => !open.IsHeading && open.IsList && open.Indent >= block.Indent);
            PopWhile(stack, open => !open.IsHeading && open.Style == "para" && open.Indent > block.Indent);
        }

        var effectiveLabel = label?.Text ?? block.ListNumber;
        var body = label is null ? text : label.RestOf(text);
        var title = label is null ? LeadTitle(body) : ClauseTitle(body);
        var style = label?.Style ?? (block.ListNumber is null ? "bullet" : "ol");
        var node = new SectionNode(SectionNodeKind.ListItem, text, effectiveLabel, title, body, 0);
        Attach(root, stack, nodes, node);
        stack.Add(new Open(node, style, block.Indent, false, true, label));
    }

    private static void AddParagraph(string text, SectionNode root, List<Open> stack, List<SectionNode> nodes)
    {
        var label = ClauseLabel.TryRead(text, isHeading: false);
        if (label is null)
        {
            // An unnumbered paragraph belongs to the nearest heading or numbered clause, not to a list item or
            // a lettered sub-clause above it.
            PopWhile(stack, open => !open.IsHeading && !(open.Label is { } l && (l.IsDotted || l.IsKeyword)));
            var lead = LeadTitle(text);
            var paragraph = new SectionNode(SectionNodeKind.Paragraph, text, null, lead, text, 0);
            Attach(root, stack, nodes, paragraph);
            stack.Add(new Open(paragraph, "para", 0, false, false, null));
            return;
        }

        label = Disambiguate(label, stack);
        var body = label.RestOf(text);
        if (DivisionKeywords.Contains(label.Style) && ClauseTitle(body) is { } divisionTitle && divisionTitle.Length >= body.TrimEnd('.', ':', ' ').Length)
        {
            // "Schedule 2 - Technical and Organizational Measures" on its own line: below the document title,
            // above the lettered headings that follow it.
            PopWhile(stack, open => !open.IsHeading || open.Rank >= DivisionRank);
            var division = new SectionNode(SectionNodeKind.Clause, text, label.Text, divisionTitle, body, 0);
            Attach(root, stack, nodes, division);
            stack.Add(new Open(division, label.Style, 0, true, false, label, DivisionRank));
            return;
        }

        PopWhile(stack, open => !open.IsHeading && (open.IsList || open.Style == "para"));
        if (label is { IsDotted: true, Components.Count: >= 2 } && FindPrefixAncestor(stack, label) is { } prefix)
        {
            stack.RemoveRange(prefix + 1, stack.Count - prefix - 1);
        }
        else if (FindSameStyle(stack, label.Style) is { } sibling)
        {
            stack.RemoveRange(sibling, stack.Count - sibling);
        }

        var node = new SectionNode(SectionNodeKind.Clause, text, label.Text, ClauseTitle(body), body, 0);
        Attach(root, stack, nodes, node);
        stack.Add(new Open(node, label.Style, 0, false, false, label));
    }

    /// <summary>Decides whether a lone i, v or x is a letter (after h, u, w) or a roman numeral.</summary>
    private static ClauseLabel Disambiguate(ClauseLabel label, List<Open> stack)
    {
        if (!label.AmbiguousRoman)
        {
            return label;
        }

        var roman = label.AsRoman();
        for (var i = stack.Count - 1; i >= 0 && !stack[i].IsHeading; i--)
        {
            var open = stack[i];
            if (open.Style == label.Style && open.Label?.Text.FirstOrDefault(char.IsLetter) == label.PreviousLetter)
            {
                return label;
            }

            if (open.Style == roman.Style)
            {
                return roman;
            }
        }

        // Out of context, "(i)" usually starts a roman list; "(v)" and "(x)" are more often letters.
        return label.Text.Any(c => c is 'i' or 'I') ? roman : label;
    }

    private static int? FindPrefixAncestor(List<Open> stack, ClauseLabel label)
    {
        var components = label.Components!;
        for (var i = stack.Count - 1; i >= 0; i--)
        {
            if (stack[i].Label?.Components is { } candidate && candidate.Count < components.Count && IsPrefix(candidate, components))
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsPrefix(IReadOnlyList<string> prefix, IReadOnlyList<string> components)
    {
        for (var at = 0; at < prefix.Count; at++)
        {
            if (!string.Equals(prefix[at], components[at], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static int? FindSameStyle(List<Open> stack, string style)
    {
        for (var i = stack.Count - 1; i >= 0 && !stack[i].IsHeading; i--)
        {
            if (stack[i].Style == style)
            {
                return i;
            }
        }

        return null;
    }

    private static void PopWhile(List<Open> stack, Func<Open, bool> predicate)
    {
        while (stack.Count > 0 && predicate(stack[^1]))
        {
            stack.RemoveAt(stack.Count - 1);
        }
    }

    private static void Attach(SectionNode root, List<Open> stack, List<SectionNode> nodes, SectionNode node)
    {
        var parent = stack.Count == 0 ? root : stack[^1].Node;
        parent.Add(node);
        nodes.Add(node);
    }

    /// <summary>
    /// A document with exactly one h1, at its top, names itself there: that heading is the document title, not a
    /// section, and is left out of paths and breadcrumbs ("A › A.1", not "Data Processing Addendum › A › A.1").
    /// </summary>
    private static void MarkDocumentTitle(SectionNode root, List<SectionNode> nodes)
    {
        if (nodes.Count > 0
            && nodes[0] is { Kind: SectionNodeKind.Heading, HeadingLevel: 1 } first
            && ReferenceEquals(first.Parent, root)
            && nodes.Count(n => n is { Kind: SectionNodeKind.Heading, HeadingLevel: 1 }) == 1)
        {
            first.IsDocumentTitle = true;
        }
    }

    private static void AssignPaths(SectionNode root)
    {
        var pending = new Stack<SectionNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var parent = pending.Pop();
            var paragraphs = 0;
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var child in parent.Children)
            {
                var segment = child.Label
                    ?? (child.Kind == SectionNodeKind.Heading && child.Title is not null ? Shorten(child.Title, 60) : null)
                    ?? $"¶ {++paragraphs}";
                var unique = segment;
                for (var n = 2; !used.Add(unique); n++)
                {
                    unique = $"{segment} ({n})";
                }

                child.Path = parent.Kind == SectionNodeKind.Root || parent.IsDocumentTitle ? unique : $"{parent.Path} › {unique}";
                pending.Push(child);
            }
        }
    }

    /// <summary>A clause's title: the whole rest when it is short ("50.12. Amazon Bedrock."), else a lead-in ("Services Term. …").</summary>
    private static string? ClauseTitle(string body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        // A short capitalised line after a number is the clause's title ("50.12.5. Third-party models."),
        // unless it reads as a sentence ("1. The provider is liable for intent.") or leads in to a list ("…:").
        if (ClauseLabel.CountWords(body) > MaxTitleWords)
        {
            return LeadTitle(body);
        }

        var trimmed = body.TrimEnd('.', ' ');
        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (trimmed.Length > 0
            && char.IsUpper(trimmed[0])
            && words.Length <= MaxTitleWords
            && trimmed.IndexOfAny(['.', ';', ':', '!', '?', ',']) < 0
            && (words.Length <= 3 || LooksLikeTitle(words, capitalisedShare: 0.5)))
        {
            return trimmed;
        }

        return LeadTitle(body);
    }

    /// <summary>A short capitalised lead-in ended by a full stop or colon: "Identity and Contact Data: Anthropic collects …".</summary>
    private static string? LeadTitle(string body)
    {
        var match = LeadIn().Match(body);
        if (!match.Success)
        {
            return null;
        }

        var title = match.Groups["t"].Value.Trim();
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > MaxLeadTitleWords || title.Length < 3 || !char.IsUpper(title[0]) || (words[^1].Length == 1 && char.IsUpper(words[^1][0])))
        {
            return null;
        }

        return LooksLikeTitle(words, capitalisedShare: 2.0 / 3) ? title : null;
    }

    /// <summary>Most words that matter are capitalised ("Processing of Customer Data", not "Anthropic will").</summary>
    private static bool LooksLikeTitle(string[] words, double capitalisedShare)
    {
        var significant = words.Select(w => w.TrimStart('(', '“', '"', '‘')).Where(w => w.Length > 3 || (w.Length > 0 && char.IsUpper(w[0]))).ToList();
        var capitalised = significant.Count(w => char.IsUpper(w[0]));
        return significant.Count == 0 || capitalised >= significant.Count * capitalisedShare - 1e-9;
    }

    private static string TrimTitle(string title) => title.TrimEnd('.', ':', ' ');

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>Collapses whitespace and drops the Markdown that canonical text never has (bold, escapes, images, &lt;br&gt;).</summary>
    internal static string Clean(string text)
    {
        if (text.Contains('!', StringComparison.Ordinal))
        {
            text = Image().Replace(text, "");
        }

        if (text.Contains('<', StringComparison.Ordinal))
        {
            text = LineBreak().Replace(text, " ");
        }

        if (text.Contains("**", StringComparison.Ordinal))
        {
            text = text.Replace("**", "", StringComparison.Ordinal);
        }

        if (text.Contains('\\', StringComparison.Ordinal))
        {
            text = Escape().Replace(text, "$1");
        }

        return CollapseWhitespace(text);
    }

    internal static string CollapseWhitespace(string text)
    {
        var needsWork = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) && (c != ' ' || i == 0 || i == text.Length - 1 || text[i + 1] == ' '))
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\s{0,3}(=+|-+)\s*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^\s{0,3}([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@"^\s{0,3}(?<hashes>#{1,6})\s+(?<text>.*?)(\s+#+)?\s*$")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^\s*\|.*\|\s*$")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?\s*)?\|?\s*$")]
    private static partial Regex TableSeparator();

    [GeneratedRegex(@"^(?<indent>\s*)(?<marker>[-*+]|\d{1,3}[.)])\s+(?<text>\S.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^(?<t>[^.:;!?,()""“”]{3,80}?)[.:]\s+\S")]
    private static partial Regex LeadIn();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|])")]
    private static partial Regex Escape();
}
