using System.Globalization;
using AngleSharp.Dom;

namespace Monitors.Core.Extraction;

/// <summary>
/// Walks a parsed page once, in document order, and writes what a reader sees of it as canonical text
/// (see <c>docs/design.md</c>, "Canonical text"). Elements that never show text (scripts, styles, form
/// controls, media) and hidden elements are dropped; block elements start lines; inline elements join.
/// </summary>
/// <remarks>
/// Recursion depth is bounded by the parser's <c>MaximumDepth</c> (512 by default), so a hostile page cannot
/// overflow the stack. One instance renders one page; it is not shared.
/// </remarks>
internal sealed class CanonicalTextRenderer
{
    private static readonly string[] Indents = [.. Enumerable.Range(0, 16).Select(level => new string(' ', 2 * level))];
    private static readonly string[] Bullets = [.. Indents.Select(indent => indent + "- ")];
    private static readonly string[] HeadingPrefixes = ["# ", "## ", "### ", "#### ", "##### ", "###### "];

    private readonly CanonicalTextBuilder _out;
    private readonly Uri _linkBase;
    private readonly ContentRegions? _selection;

    private Frame[] _frames = new Frame[16];
    private int _frameCount;

    // > 0 inside a dropped or hidden element that is walked only for the region boundaries it holds.
    private int _hidden;

    // > 0 inside a heading, a table cell or a link: their whole content is one line.
    private int _flatten;

    // > 0 inside h1–h6 (even a flattened one): a button there is the heading's text (ARIA accordion).
    private int _headings;

    private bool _inLink;
    private int _groups;

    // False below an element with no region mark: every ancestor of a marked element is marked, so nothing below an
    // unmarked one is, and the walk need not look (a lookup per element, hashing each one, was a tenth of the walk).
    private bool _marksBelow = true;

    private CanonicalTextRenderer(Uri linkBase, ContentRegions? selection)
    {
        _out = new CanonicalTextBuilder();
        _linkBase = linkBase;
        _selection = selection;
        Push(new Frame { Kind = FrameKind.Root, Prefix = string.Empty });
    }

    private enum ElementKind
    {
        Inline,
        Drop,
        Block,
        Break,
        Rule,
        Heading,
        List,
        ListItem,
        Table,
        Row,
        Cell,
        Link,
        Button,
        Dialog,
    }

    private enum FrameKind
    {
        Root,
        Heading,
        List,
        ListItem,
        Table,
    }

    private bool Visible => _hidden == 0 && (_selection is null || _selection.Depth > 0);

    private ref Frame Top => ref _frames[_frameCount - 1];

    /// <summary>
    /// Renders <paramref name="document"/>; with a <paramref name="selection"/>, only the content inside its
    /// regions. Returns <c>null</c> when no visible text is left.
    /// </summary>
    public static string? Render(IDocument document, Uri linkBase, ContentRegions? selection)
    {
        var renderer = new CanonicalTextRenderer(linkBase, selection);
        renderer.WalkChildren(document);
        return renderer._out.Complete();
    }

    /// <summary>
    /// Resolves a link target to an absolute URL, or <c>null</c> for a link that leads nowhere a reader can
    /// follow (no href, empty, <c>#</c>, <c>javascript:</c>, unparseable): such a link keeps only its text.
    /// </summary>
    internal static string? ResolveLink(string? href, Uri linkBase)
    {
        if (href is null)
        {
            return null;
        }

        var trimmed = href.AsSpan().Trim(" \t\n\r\f");
        if (trimmed.IsEmpty || trimmed is "#")
        {
            return null;
        }

        // As the URL parser does, tabs and newlines inside the value are ignored.
        var candidate = trimmed.ContainsAny('\t', '\n', '\r')
            ? string.Concat(trimmed.ToString().Split(['\t', '\n', '\r']))
            : trimmed.ToString();
        if (candidate.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(linkBase, candidate, out var target))
        {
            return null;
        }

        // Parentheses would end the Markdown link target early.
        var absolute = target.AbsoluteUri;
        return absolute.AsSpan().ContainsAny('(', ')')
            ? absolute.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            : absolute;
    }

    private void WalkChildren(INode parent)
    {
        var children = parent.ChildNodes;
        var count = children.Length;
        for (var i = 0; i < count; i++)
        {
            var child = children[i];
            switch (child.NodeType)
            {
                case NodeType.Text:
                    if (Visible)
                    {
                        _out.AppendText(((ICharacterData)child).Data);
                    }

                    break;
                case NodeType.Element:
                    VisitElement((IElement)child);
                    break;
            }
        }
    }

    private void VisitElement(IElement element)
    {
        var mark = _marksBelow ? _selection?.Find(element) : null;
        if (mark is null && _selection is { Depth: 0 })
        {
            // Outside every selected region with no boundary inside: nothing here is written. A skipped list
            // item still takes its number, so a selection that starts mid-list keeps the page's numbers.
            if (element.LocalName == "li" && _flatten == 0 && Top.Kind == FrameKind.List && !IsHidden(element))
            {
                TakeOrdinal(element);
            }

            return;
        }

        var kind = Classify(element);
        if (kind == ElementKind.Drop)
        {
            // Never written, but a region boundary inside still opens or closes its region.
            if (mark is not null)
            {
                _hidden++;
                _selection!.Enter(mark);
                WalkChildren(element);
                _selection.Leave(mark);
                _hidden--;
            }

            return;
        }

        if (mark is null)
        {
            var marksBelow = _marksBelow;
            _marksBelow = false;
            Render(element, kind);
            _marksBelow = marksBelow;
            return;
        }

        _selection!.Enter(mark);
        Render(element, kind);
        _selection.Leave(mark);
    }

    private ElementKind Classify(IElement element)
    {
        var kind = KindOf(element.LocalName);
        switch (kind)
        {
            case ElementKind.Drop:
                return kind;
            case ElementKind.Button:
                // A button inside a heading is the heading's text (accordions); elsewhere it is a control.
                if (_headings == 0)
                {
                    return ElementKind.Drop;
                }

                kind = ElementKind.Inline;
                break;
            case ElementKind.Dialog:
                if (!element.HasAttribute("open"))
                {
                    return ElementKind.Drop;
                }

                kind = ElementKind.Block;
                break;
        }

        return IsHidden(element) ? ElementKind.Drop : kind;
    }

    private static ElementKind KindOf(string name) => name switch
    {
        "a" => ElementKind.Link,
        "br" => ElementKind.Break,
        "hr" => ElementKind.Rule,
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => ElementKind.Heading,
        "ul" or "ol" or "menu" or "dir" => ElementKind.List,
        "li" => ElementKind.ListItem,
        "table" => ElementKind.Table,
        "tr" => ElementKind.Row,
        "td" or "th" => ElementKind.Cell,
        "button" => ElementKind.Button,
        "dialog" => ElementKind.Dialog,
        "address" or "article" or "aside" or "blockquote" or "body" or "caption" or "center" or "dd" or "details"
            or "div" or "dl" or "dt" or "fieldset" or "figcaption" or "figure" or "footer" or "form" or "header"
            or "hgroup" or "html" or "legend" or "listing" or "main" or "nav" or "p" or "plaintext" or "pre"
            or "search" or "section" or "summary" or "xmp" => ElementKind.Block,
        "script" or "style" or "noscript" or "template" or "svg" or "iframe" or "object" or "embed" or "canvas"
            or "input" or "select" or "textarea" or "option" or "optgroup" or "datalist" or "label" or "output"
            or "meter" or "progress" or "head" or "title" or "meta" or "link" or "base" or "img" or "picture"
            or "video" or "audio" or "source" or "track" or "map" or "area" or "frame" or "frameset"
            or "noframes" or "noembed" or "param" or "applet" or "colgroup" or "col" => ElementKind.Drop,
        _ => ElementKind.Inline,
    };

    /// <summary>Hidden by markup alone: <c>hidden</c>, <c>aria-hidden="true"</c>, or an inline style that hides it.</summary>
    private static bool IsHidden(IElement element)
    {
        var attributes = element.Attributes;
        var count = attributes.Length;
        for (var i = 0; i < count; i++)
        {
            var attribute = attributes[i];
            if (attribute is null)
            {
                continue;
            }

            switch (attribute.Name)
            {
                // hidden="until-found" content is found by the browser's find-in-page: it is page text.
                case "hidden" when !attribute.Value.AsSpan().Trim().Equals("until-found", StringComparison.OrdinalIgnoreCase):
                case "aria-hidden" when attribute.Value.AsSpan().Trim().Equals("true", StringComparison.OrdinalIgnoreCase):
                case "style" when StyleHides(attribute.Value):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether an inline style declares <c>display: none</c> or <c>visibility: hidden|collapse</c>.</summary>
    private static bool StyleHides(string style)
    {
        var rest = style.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var declaration = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];

            var colon = declaration.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var property = declaration[..colon].Trim();
            var value = declaration[(colon + 1)..];
            var important = value.IndexOf('!');
            value = (important < 0 ? value : value[..important]).Trim();

            if ((property.Equals("display", StringComparison.OrdinalIgnoreCase) && value.Equals("none", StringComparison.OrdinalIgnoreCase))
                || (property.Equals("visibility", StringComparison.OrdinalIgnoreCase)
                    && (value.Equals("hidden", StringComparison.OrdinalIgnoreCase) || value.Equals("collapse", StringComparison.OrdinalIgnoreCase))))
            {
                return true;
            }
        }

        return false;
    }

    private void Render(IElement element, ElementKind kind)
    {
        switch (kind)
        {
            case ElementKind.Inline:
                WalkChildren(element);
                return;
            case ElementKind.Break:
                _out.Space();
                return;
            case ElementKind.Link:
                RenderLink(element);
                return;
        }

        // Inside a line (heading, cell, link) or a list item, structure is only a word boundary; the one
        // exception is a list nested in a list item, which continues the outer list on the next lines.
        if (_flatten > 0 || (Top.Kind == FrameKind.ListItem && kind != ElementKind.List))
        {
            var heading = kind == ElementKind.Heading;
            _headings += heading ? 1 : 0;
            _out.Space();
            WalkChildren(element);
            _out.Space();
            _headings -= heading ? 1 : 0;
            return;
        }

        switch (kind)
        {
            case ElementKind.Block:
                Break();
                WalkChildren(element);
                Break();
                break;
            case ElementKind.Rule:
                Break();
                break;
            case ElementKind.Heading:
                RenderHeading(element);
                break;
            case ElementKind.List:
                RenderList(element);
                break;
            case ElementKind.ListItem:
                RenderListItem(element);
                break;
            case ElementKind.Table:
                Push(new Frame { Kind = FrameKind.Table, Group = ++_groups, Prefix = string.Empty });
                Break();
                WalkChildren(element);
                Pop();
                Break();
                break;
            case ElementKind.Row when Top.Kind == FrameKind.Table && !_out.InRow:
                _out.BeginRow(Top.Group);
                WalkChildren(element);
                _out.EndRow();
                break;
            case ElementKind.Cell when _out.InRow:
                _out.BeginCell();
                _flatten++;
                WalkChildren(element);
                _flatten--;
                _out.EndCell();
                break;
            default:
                // A row or cell out of place (markup built by script, not by the parser): its words only.
                _out.Space();
                WalkChildren(element);
                _out.Space();
                break;
        }
    }

    private void RenderHeading(IElement element)
    {
        var level = element.LocalName[1] - '0';
        Push(new Frame { Kind = FrameKind.Heading, Prefix = HeadingPrefixes[level - 1] });
        Break();
        _flatten++;
        _headings++;
        WalkChildren(element);
        _headings--;
        _flatten--;
        Pop();
        Break();
    }

    private void RenderList(IElement element)
    {
        int level, group;
        ref var top = ref Top;
        if (top.Kind == FrameKind.ListItem)
        {
            // The item's first line is over; its text after the nested list goes on a continuation line.
            top.Continued = true;
            level = top.Level + 1;
            group = top.Group;
        }
        else if (top.Kind == FrameKind.List)
        {
            // <ul><li>…</li><ul>…</ul></ul>: invalid but common, and meant as nesting.
            level = top.Level + 1;
            group = top.Group;
        }
        else
        {
            level = 0;
            group = ++_groups;
        }

        var ordered = element.LocalName == "ol";
        var reversed = ordered && element.HasAttribute("reversed");
        var first = 1;
        if (ordered && !TryParseInteger(element.GetAttribute("start"), out first))
        {
            first = reversed ? CountItems(element) : 1;
        }

        Push(new Frame
        {
            Kind = FrameKind.List,
            Level = level,
            Group = group,
            Ordered = ordered,
            Next = first,
            Step = reversed ? -1 : 1,
            Prefix = Indent(level),
        });
        Break();
        WalkChildren(element);
        Pop();
        Break();
    }

    private void RenderListItem(IElement element)
    {
        Frame item;
        if (Top.Kind == FrameKind.List)
        {
            var level = Top.Level;
            var ordinal = TakeOrdinal(element);
            item = new Frame
            {
                Kind = FrameKind.ListItem,
                Level = level,
                Group = Top.Group,
                Prefix = Top.Ordered
                    ? string.Concat(Indent(level), ordinal.ToString(CultureInfo.InvariantCulture), ". ")
                    : Bullet(level),
                Continuation = Indent(level + 1),
            };
        }
        else
        {
            // A list item outside any list: a one-item list of its own.
            item = new Frame
            {
                Kind = FrameKind.ListItem,
                Group = ++_groups,
                Prefix = Bullet(0),
                Continuation = Indent(1),
            };
        }

        Push(item);
        Break();
        WalkChildren(element);
        Pop();
        Break();
    }

    private void RenderLink(IElement element)
    {
        var url = _inLink || _hidden > 0 ? null : ResolveLink(element.GetAttribute("href"), _linkBase);
        if (url is null)
        {
            WalkChildren(element);
            return;
        }

        _inLink = true;
        _flatten++;
        _out.BeginLink(url);
        WalkChildren(element);
        _out.EndLink();
        _flatten--;
        _inLink = false;
    }

    /// <summary>The number of the next item of the ordered list on top, honouring <c>li value</c>.</summary>
    private int TakeOrdinal(IElement item)
    {
        ref var list = ref Top;
        if (!list.Ordered)
        {
            return 0;
        }

        var number = TryParseInteger(item.GetAttribute("value"), out var value) ? value : list.Next;
        list.Next = number + list.Step;
        return number;
    }

    /// <summary>Ends the current line; the next text opens a line as the innermost frame says.</summary>
    private void Break()
    {
        if (_out.InRow)
        {
            _out.Space();
            return;
        }

        ref var top = ref Top;
        switch (top.Kind)
        {
            case FrameKind.ListItem:
                _out.BreakLine(top.Continued ? top.Continuation! : top.Prefix, top.Group);
                break;
            case FrameKind.List:
                _out.BreakLine(top.Prefix, top.Group);
                break;
            case FrameKind.Heading:
                _out.BreakLine(top.Prefix, 0);
                break;
            default:
                _out.BreakLine(string.Empty, 0);
                break;
        }
    }

    private void Push(Frame frame)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_frameCount++] = frame;
    }

    private void Pop() => _frameCount--;

    private static string Indent(int level) => level < Indents.Length ? Indents[level] : new string(' ', 2 * level);

    private static string Bullet(int level) => level < Bullets.Length ? Bullets[level] : Indent(level) + "- ";

    private static int CountItems(IElement list)
    {
        var count = 0;
        var children = list.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is IElement { LocalName: "li" } item && !IsHidden(item))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>HTML's rules for parsing integers: leading whitespace, a sign, digits; anything after is ignored.</summary>
    private static bool TryParseInteger(string? value, out int result)
    {
        result = 0;
        if (value is null)
        {
            return false;
        }

        var span = value.AsSpan().TrimStart(" \t\n\r\f");
        var negative = false;
        if (!span.IsEmpty && span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        var digits = 0;
        long number = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits]))
        {
            number = (number * 10) + (span[digits] - '0');
            if (number > int.MaxValue)
            {
                return false;
            }

            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        result = (int)(negative ? -number : number);
        return true;
    }

    private struct Frame
    {
        public FrameKind Kind;
        public int Group;
        public int Level;
        public bool Ordered;
        public int Next;
        public int Step;
        public string Prefix;
        public string? Continuation;
        public bool Continued;
    }
}
