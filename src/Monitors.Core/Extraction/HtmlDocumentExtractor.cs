using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Monitors.Core.Catalog;

namespace Monitors.Core.Extraction;

/// <summary>
/// Extracts a document's canonical text from an HTML page with AngleSharp: parse, apply <c>remove</c>, then
/// <c>select</c>, then write the visible text of the selection (see <c>docs/design.md</c>, "Canonical text").
/// </summary>
/// <remarks>
/// <para>Selector semantics follow Open Terms Archive: every <c>remove</c> selector is matched on the page as
/// fetched, ranges are deleted, then matched elements; <c>select</c> is matched on what is left. Unlike Open
/// Terms Archive, several <c>select</c> selectors give the union of their content in document order, so an
/// element matched twice (or nested in another match) is written once.</para>
/// <para>Thread-safe: one instance serves every check. The parser is shared; each call builds its own document.</para>
/// </remarks>
public sealed class HtmlDocumentExtractor : IDocumentExtractor
{
    private const string StructureChanged = "document structure changed";

    private readonly HtmlParser _parser;

    public HtmlDocumentExtractor()
    {
        _parser = CreateParser();

        // The browsing context creates its services on first use; do it now, before concurrent calls.
        using var warmUp = _parser.ParseDocument("<!doctype html><html><head><base href=\"/\"></head><body><main><p>warm-up</p></main></body></html>");
        _ = warmUp.QuerySelectorAll("main p, base[href]").Length;
    }

    /// <summary>The parser as the extractor configures it (the benchmarks time it alone).</summary>
    internal static HtmlParser CreateParser() => new(new HtmlParserOptions
    {
        // Content that never becomes page text is not even materialised: less to allocate and to walk.
        IsScripting = false,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        SkipRCDataText = true,
        SkipCDATA = true,
        SkipProcessingInstructions = true,
        DisableElementPositionTracking = true,
    });

    public ExtractionResult Extract(string html, Uri baseUrl, IReadOnlyList<ContentSelector> select, IReadOnlyList<ContentSelector> remove)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(select);
        ArgumentNullException.ThrowIfNull(remove);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The page URL must be absolute, got \"{baseUrl}\".", nameof(baseUrl));
        }

        using var document = _parser.ParseDocument(html);

        var failure = ApplyRemove(document, remove);
        if (failure is not null)
        {
            return ExtractionResult.Failure(failure);
        }

        ContentRegions? selection = null;
        if (select.Count > 0)
        {
            selection = new ContentRegions();
            failure = AddSelection(document, select, selection);
            if (failure is not null)
            {
                return ExtractionResult.Failure(failure);
            }
        }

        var text = CanonicalTextRenderer.Render(document, LinkBase(document, baseUrl), selection);
        return text is null
            ? ExtractionResult.Failure($"{StructureChanged}: the selected content has no text")
            : ExtractionResult.Success(text);
    }

    private static string? ApplyRemove(IDocument document, IReadOnlyList<ContentSelector> remove)
    {
        if (remove.Count == 0)
        {
            return null;
        }

        // Everything is matched on the page as fetched before anything is removed (Open Terms Archive's order).
        var matches = QueryAll(document, remove);
        var elements = new List<IElement>();
        ContentRegions? ranges = null;
        for (var i = 0; i < remove.Count; i++)
        {
            switch (remove[i])
            {
                case CssSelector css:
                    if (matches[i] is null)
                    {
                        return InvalidCss("remove", css);
                    }

                    elements.AddRange(matches[i]!);
                    break;
                case RangeSelector range:
                    ranges ??= new ContentRegions();
                    var failure = AddRange(document, range, "remove", ranges);
                    if (failure is not null)
                    {
                        return failure;
                    }

                    break;
                default:
                    return $"invalid selector in remove: unsupported selector kind {remove[i].GetType().Name}";
            }
        }

        if (ranges is not null)
        {
            var covered = new List<INode>();
            CollectCovered(document, ranges, covered);
            foreach (var node in covered)
            {
                ((IChildNode)node).Remove();
            }
        }

        foreach (var element in elements)
        {
            element.Remove();
        }

        return null;
    }

    /// <summary>
    /// Collects the nodes that lie wholly inside the removal ranges, as <c>Range.deleteContents()</c> would:
    /// an element only partly inside keeps its parts outside.
    /// </summary>
    private static void CollectCovered(INode parent, ContentRegions ranges, List<INode> covered)
    {
        var children = parent.ChildNodes;
        var count = children.Length;
        for (var i = 0; i < count; i++)
        {
            var child = children[i];
            if (child is not IElement element)
            {
                if (ranges.Depth > 0 && child is IChildNode)
                {
                    covered.Add(child);
                }

                continue;
            }

            var mark = ranges.Find(element);
            if (mark is null)
            {
                // No boundary inside: the element is wholly in a range or wholly out of every range.
                if (ranges.Depth > 0)
                {
                    covered.Add(element);
                }

                continue;
            }

            ranges.Enter(mark);
            var coveredFromStart = ranges.Depth > 0;
            var epoch = ranges.Epoch;
            CollectCovered(element, ranges, covered);
            if (coveredFromStart && ranges.Depth > 0 && ranges.Epoch == epoch)
            {
                covered.Add(element);
            }

            ranges.Leave(mark);
        }
    }

    private static string? AddSelection(IDocument document, IReadOnlyList<ContentSelector> select, ContentRegions selection)
    {
        var matches = QueryAll(document, select);
        for (var i = 0; i < select.Count; i++)
        {
            switch (select[i])
            {
                case CssSelector css:
                    if (matches[i] is not { } elements)
                    {
                        return InvalidCss("select", css);
                    }

                    if (elements.Count == 0)
                    {
                        return $"{StructureChanged}: select \"{css.Css}\" matched nothing";
                    }

                    foreach (var element in elements)
                    {
                        selection.AddElement(element);
                    }

                    break;
                case RangeSelector range:
                    var failure = AddRange(document, range, "select", selection);
                    if (failure is not null)
                    {
                        return failure;
                    }

                    break;
                default:
                    return $"invalid selector in select: unsupported selector kind {select[i].GetType().Name}";
            }
        }

        return null;
    }

    /// <summary>
    /// The elements each CSS selector of <paramref name="selectors"/> matches, all found in one walk of the page (null
    /// for a selector that is not valid CSS, and for a range). Failures are reported by the caller in declaration order.
    /// </summary>
    private static List<IElement>?[] QueryAll(IDocument document, IReadOnlyList<ContentSelector> selectors)
    {
        var queries = new CssQuery?[selectors.Count];
        var matches = new List<IElement>?[selectors.Count];
        var any = false;
        for (var i = 0; i < selectors.Count; i++)
        {
            if (selectors[i] is CssSelector css && CssQuery.TryParse(document, css.Css, out var query))
            {
                queries[i] = query;
                matches[i] = [];
                any = true;
            }
        }

        if (!any)
        {
            return matches;
        }

        try
        {
            CssQuery.MatchAll(document, queries, matches);
        }
        catch (DomException)
        {
            // A selector that parses but fails while matching: match them one by one, so the one that fails is the
            // one reported as invalid, as when each was a QuerySelectorAll of its own.
            for (var i = 0; i < selectors.Count; i++)
            {
                if (queries[i] is null)
                {
                    continue;
                }

                try
                {
                    matches[i] = [.. document.QuerySelectorAll(((CssSelector)selectors[i]).Css)];
                }
                catch (DomException)
                {
                    matches[i] = null;
                }
            }
        }

        return matches;
    }

    private static string InvalidCss(string role, CssSelector css) => $"invalid selector in {role}: \"{css.Css}\" is not a valid CSS selector";

    private static string? AddRange(IDocument document, RangeSelector range, string role, ContentRegions regions)
    {
        if ((range.StartBefore is null) == (range.StartAfter is null) || (range.EndBefore is not null && range.EndAfter is not null))
        {
            return $"invalid selector in {role}: range {range} needs exactly one of startBefore/startAfter and at most one of endBefore/endAfter";
        }

        var (startName, startCss) = range.StartBefore is not null ? ("startBefore", range.StartBefore) : ("startAfter", range.StartAfter!);
        if (!TryQueryFirst(document, startCss, role, range, startName, out var start, out var failure))
        {
            return failure;
        }

        IElement? end = null;
        var endCss = range.EndBefore ?? range.EndAfter;
        if (endCss is not null)
        {
            var endName = range.EndBefore is not null ? "endBefore" : "endAfter";
            if (!TryQueryFirst(document, endCss, role, range, endName, out end, out failure))
            {
                return failure;
            }
        }

        regions.AddRange(start!, range.StartBefore is not null, end, range.EndBefore is not null);
        return null;
    }

    private static bool TryQueryFirst(IDocument document, string css, string role, RangeSelector range, string boundary, out IElement? element, out string? failure)
    {
        element = null;
        try
        {
            element = document.QuerySelector(css);
        }
        catch (DomException)
        {
            failure = $"invalid selector in {role}: range {range} has an invalid {boundary} selector \"{css}\"";
            return false;
        }

        failure = element is null ? $"{StructureChanged}: {role} range {range}: {boundary} \"{css}\" matched nothing" : null;
        return element is not null;
    }

    /// <summary>Links resolve against the page's <c>&lt;base href&gt;</c> when it has one, as in a browser.</summary>
    private static Uri LinkBase(IDocument document, Uri pageUrl)
    {
        var href = document.Head?.QuerySelector("base[href]")?.GetAttribute("href");
        return href is not null && Uri.TryCreate(pageUrl, href.Trim(), out var baseUrl) && baseUrl.Scheme is "http" or "https"
            ? baseUrl
            : pageUrl;
    }
}
