using Monitors.Core.Catalog;
using Monitors.Core.Extraction;

namespace Monitors.Core.Tests.Extraction;

public class HtmlDocumentExtractorTests
{
    private static readonly HtmlDocumentExtractor Extractor = new();
    private static readonly Uri PageUrl = new("https://example.com/legal/terms?lang=en");

    private static ExtractionResult Run(string html, IReadOnlyList<ContentSelector>? select = null, IReadOnlyList<ContentSelector>? remove = null) =>
        Extractor.Extract(html, PageUrl, select ?? [], remove ?? []);

    /// <summary>Extracts <paramref name="body"/> (a page body) and asserts it succeeded.</summary>
    private static string Text(string body, IReadOnlyList<ContentSelector>? select = null, IReadOnlyList<ContentSelector>? remove = null)
    {
        var result = Run($"<!doctype html><html><head><title>Page title</title></head><body>{body}</body></html>", select, remove);
        Assert.True(result.Succeeded, result.FailureReason);
        return result.Text!;
    }

    private static CssSelector Css(string css) => new(css);

    // ---- canonical text constructs ----

    [Fact]
    public void Extract_Headings_UseOneHashPerLevel()
    {
        var text = Text("<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6>");

        Assert.Equal("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n", text);
    }

    [Fact]
    public void Extract_Paragraphs_CollapseWhitespaceAndAreSeparatedByOneBlankLine()
    {
        var text = Text("<p>  First\n   paragraph\tof  text. </p>\n\n<p>Second <strong>bold</strong> and <em>em</em>phasis.</p>");

        Assert.Equal("First paragraph of text.\n\nSecond bold and emphasis.\n", text);
    }

    [Fact]
    public void Extract_LineBreak_BecomesASpace()
    {
        Assert.Equal("Line one line two\n", Text("<p>Line one<br>line two</p>"));
    }

    [Fact]
    public void Extract_PageTitleAndHead_AreNotContent()
    {
        Assert.Equal("Body\n", Text("<p>Body</p>"));
    }

    [Fact]
    public void Extract_UnorderedList_ItemsOnConsecutiveLines()
    {
        var text = Text("<p>Intro</p><ul><li>Alpha</li>\n<li> Beta </li></ul><p>Outro</p>");

        Assert.Equal("Intro\n\n- Alpha\n- Beta\n\nOutro\n", text);
    }

    [Fact]
    public void Extract_NestedLists_IndentTwoSpacesPerLevelAndStayInOneBlock()
    {
        var text = Text("""
            <ul>
              <li>Alpha
                <ol><li>First<ul><li>Deep</li></ul></li><li>Second</li></ol>
                after the nested list
              </li>
              <li>Beta</li>
            </ul>
            """);

        Assert.Equal("- Alpha\n  1. First\n    - Deep\n  2. Second\n  after the nested list\n- Beta\n", text);
    }

    [Fact]
    public void Extract_ListNestedDirectlyInList_IsNested()
    {
        Assert.Equal("- a\n  - b\n- c\n", Text("<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>"));
    }

    [Fact]
    public void Extract_TwoAdjacentLists_AreSeparateBlocks()
    {
        Assert.Equal("- a\n\n- b\n", Text("<ul><li>a</li></ul><ul><li>b</li></ul>"));
    }

    [Fact]
    public void Extract_OrderedList_RespectsStartAndValue()
    {
        var text = Text("<ol start=\"4\"><li>Four</li><li>Five</li><li value=\"10\">Ten</li><li>Eleven</li></ol>");

        Assert.Equal("4. Four\n5. Five\n10. Ten\n11. Eleven\n", text);
    }

    [Fact]
    public void Extract_ReversedOrderedList_CountsDown()
    {
        Assert.Equal("3. c\n2. b\n1. a\n", Text("<ol reversed><li>c</li><li>b</li><li>a</li></ol>"));
    }

    [Fact]
    public void Extract_OrderedListWithHiddenItem_DoesNotNumberIt()
    {
        Assert.Equal("1. a\n2. c\n", Text("<ol><li>a</li><li hidden>b</li><li>c</li></ol>"));
    }

    [Fact]
    public void Extract_ListItemParagraphs_JoinIntoTheItemLine()
    {
        Assert.Equal("- First part. Second part.\n", Text("<ul><li><p>First part.</p><p>Second part.</p></li></ul>"));
    }

    [Fact]
    public void Extract_Table_OneRowPerLineOnConsecutiveLines()
    {
        var text = Text("""
            <p>Before</p>
            <table>
              <caption>Retention</caption>
              <thead><tr><th>Data</th><th>Kept for</th></tr></thead>
              <tbody>
                <tr><td>Chats</td><td><p>30</p><p>days</p></td></tr>
                <tr><td></td><td></td></tr>
                <tr><td>Logs</td><td></td></tr>
              </tbody>
            </table>
            <p>After</p>
            """);

        Assert.Equal("Before\n\nRetention\n\n| Data | Kept for |\n| Chats | 30 days |\n| Logs | |\n\nAfter\n", text);
    }

    [Fact]
    public void Extract_TableInsideCell_IsFlattenedIntoTheCell()
    {
        var text = Text("<table><tr><td>Outer</td><td><table><tr><td>in</td><td>ner</td></tr></table></td></tr></table>");

        Assert.Equal("| Outer | in ner |\n", text);
    }

    [Fact]
    public void Extract_Images_AreOmitted()
    {
        Assert.Equal("Logo text\n", Text("<p><img src=\"/logo.png\" alt=\"Company logo\">Logo text</p><picture><img src=\"a.png\" alt=\"x\"></picture>"));
    }

    [Theory]
    [InlineData("<a href=\"/privacy\">Privacy</a>", "[Privacy](https://example.com/privacy)")]
    [InlineData("<a href=\"cookies\">Cookies</a>", "[Cookies](https://example.com/legal/cookies)")]
    [InlineData("<a href=\"#section-2\">Section 2</a>", "[Section 2](https://example.com/legal/terms?lang=en#section-2)")]
    [InlineData("<a href=\"https://other.example.org/a?b=c\">Other</a>", "[Other](https://other.example.org/a?b=c)")]
    [InlineData("<a href=\"//cdn.example.net/x\">CDN</a>", "[CDN](https://cdn.example.net/x)")]
    [InlineData("<a href=\"mailto:legal@example.com\">Write to us</a>", "[Write to us](mailto:legal@example.com)")]
    [InlineData("<a href=\"javascript:void(0)\">Cookie settings</a>", "Cookie settings")]
    [InlineData("<a href=\" JavaScript:open()\">Open</a>", "Open")]
    [InlineData("<a href=\"\">Empty</a>", "Empty")]
    [InlineData("<a href=\"#\">Hash</a>", "Hash")]
    [InlineData("<a>No href</a>", "No href")]
    [InlineData("<a href=\"/wiki/Terms_(law)\">Wiki</a>", "[Wiki](https://example.com/wiki/Terms_%28law%29)")]
    [InlineData("<a href=\"/x\"> spaced  text </a>", "[spaced text](https://example.com/x)")]
    public void Extract_Links_AreWrittenWithAbsoluteTargets(string link, string expected)
    {
        Assert.Equal($"See {expected} now.\n", Text($"<p>See {link} now.</p>"));
    }

    [Fact]
    public void Extract_LinkWithOnlyAnImage_IsOmitted()
    {
        Assert.Equal("Text\n", Text("<p><a href=\"/home\"><img src=\"logo.png\" alt=\"Home\"></a>Text</p>"));
    }

    [Fact]
    public void Extract_LinkWrappingBlocks_IsOneLine()
    {
        var text = Text("<div><a href=\"/card\"><div><h3>Card title</h3><p>Card text</p></div></a></div>");

        Assert.Equal("[Card title Card text](https://example.com/card)\n", text);
    }

    [Fact]
    public void Extract_Links_ResolveAgainstBaseElement()
    {
        var result = Run("<html><head><base href=\"https://docs.example.com/v2/\"></head><body><p><a href=\"page\">Page</a></p></body></html>");

        Assert.Equal("[Page](https://docs.example.com/v2/page)\n", result.Text);
    }

    [Fact]
    public void Extract_TextDirectlyInsideADivWithBlocks_IsKept()
    {
        var text = Text("<div>Intro text<p>Paragraph</p>tail <b>text</b><div>Inner</div></div>");

        Assert.Equal("Intro text\n\nParagraph\n\ntail text\n\nInner\n", text);
    }

    [Fact]
    public void Extract_BlockElements_EachStartAParagraph()
    {
        var text = Text("""
            <section><header>Header</header><article>Article</article><aside>Aside</aside></section>
            <blockquote>Quote</blockquote><address>Address</address><hr>
            <dl><dt>Term</dt><dd>Definition</dd></dl>
            <details><summary>Summary</summary>Details body</details>
            <figure>Figure<figcaption>Caption</figcaption></figure>
            <pre>  line one
                line   two</pre>
            <footer>Footer</footer>
            """);

        Assert.Equal(
            "Header\n\nArticle\n\nAside\n\nQuote\n\nAddress\n\nTerm\n\nDefinition\n\nSummary\n\nDetails body\n\nFigure\n\nCaption\n\nline one line two\n\nFooter\n",
            text);
    }

    [Fact]
    public void Extract_HeadingInsideListItem_IsPartOfTheItem()
    {
        Assert.Equal("- Title body\n", Text("<ul><li><h3>Title</h3><p>body</p></li></ul>"));
    }

    [Fact]
    public void Extract_CustomElements_AreInline()
    {
        Assert.Equal("Custom element text\n", Text("<p><x-term>Custom</x-term> <x-term>element</x-term> text</p>"));
    }

    // ---- dropped and hidden content ----

    [Fact]
    public void Extract_NonTextElements_AreDropped()
    {
        var text = Text("""
            <script>var token = "abc";</script><style>p { color: red }</style><noscript><p>Enable JavaScript</p></noscript>
            <template><p>Template</p></template><svg><text>Icon</text><title>Svg title</title></svg>
            <iframe src="/frame">Frame</iframe><object data="x.swf"><p>Fallback</p></object><canvas>Canvas</canvas>
            <p>Kept<button>Copy link</button></p>
            <form><label for="q">Search</label><input id="q" value="query"><select><option>One</option></select><textarea>Typed</textarea></form>
            <dialog><p>Closed dialog</p></dialog><dialog open><p>Open dialog</p></dialog>
            <video><p>Video fallback</p></video>
            """);

        Assert.Equal("Kept\n\nOpen dialog\n", text);
    }

    [Fact]
    public void Extract_ButtonInsideHeading_IsTheHeadingText()
    {
        Assert.Equal("## 3. Your content\n\nBody\n", Text("<h2><button aria-expanded=\"false\">3. Your content</button></h2><p>Body</p>"));
    }

    [Theory]
    [InlineData("<span hidden>Hidden</span>")]
    [InlineData("<span hidden=\"hidden\">Hidden</span>")]
    [InlineData("<span aria-hidden=\"true\">Hidden</span>")]
    [InlineData("<span aria-hidden=\" TRUE \">Hidden</span>")]
    [InlineData("<span style=\"display:none\">Hidden</span>")]
    [InlineData("<span style=\"color: red; DISPLAY : None !important;\">Hidden</span>")]
    [InlineData("<span style=\"visibility: hidden\">Hidden</span>")]
    [InlineData("<span style=\"visibility:collapse\">Hidden</span>")]
    [InlineData("<input type=\"hidden\" name=\"csrf\" value=\"Hidden\">")]
    public void Extract_HiddenElement_IsDropped(string hidden)
    {
        Assert.Equal("Before after\n", Text($"<p>Before {hidden}after</p>"));
    }

    [Theory]
    [InlineData("<div aria-hidden=\"false\">shown</div>")]
    [InlineData("<div style=\"display: block; visibility: visible\">shown</div>")]
    [InlineData("<div hidden=\"until-found\">shown</div>")]
    [InlineData("<div style=\"--display: none\">shown</div>")]
    public void Extract_VisibleElement_IsKept(string visible)
    {
        Assert.Equal("Before\n\nshown\n\nafter\n", Text($"<p>Before</p>{visible}<p>after</p>"));
    }

    // ---- normalisation ----

    [Fact]
    public void Extract_UnicodeSpaces_BecomeOneSpace()
    {
        Assert.Equal("a b c d e f\n", Text("<p>a&nbsp;b\u2003c\u3000\u00A0d\u202Fe&#x2009; f</p>"));
    }

    [Fact]
    public void Extract_RunsOfWords_KeepSingleSpacesAndCollapseEverythingElse()
    {
        // Single spaces between words are written with the words; anything else ends the run and is collapsed.
        var text = Text("<p> one two  three\tfour \u00E9t\u00E9 caf\u00E9 five\u00AD six \u200Bseven <a href=\"/x\"> eight nine </a>ten \n</p><p>x y</p>");

        Assert.Equal("one two three four \u00E9t\u00E9 caf\u00E9 five six seven [eight nine](https://example.com/x) ten\n\nx y\n", text);
    }

    [Fact]
    public void Extract_ZeroWidthCharactersAndSoftHyphens_AreRemoved()
    {
        Assert.Equal("governance documents\n", Text("<p>gov\u200Bern&shy;ance\u200C \u200Ddocu\u2060ments\uFEFF\u0001\u0085</p>"));
    }

    [Fact]
    public void Extract_Text_IsNormalisedToNfc()
    {
        var text = Text("<p>Caf\u0065\u0301 re<span>\u0301</span>sume\u0301</p>");

        Assert.Equal("Caf\u00E9 r\u00E9sum\u00E9\n", text);
        Assert.True(text.IsNormalized(System.Text.NormalizationForm.FormC));
    }

    [Fact]
    public void Extract_Output_HasNoTrailingSpacesAndEndsWithOneNewline()
    {
        var text = Text("<div> <p> a </p> <ul> <li> b </li> </ul> <h2> c </h2> </div>\n\n");

        Assert.Equal("a\n\n- b\n\n## c\n", text);
    }

    // ---- select and remove ----

    private const string Page = """
        <!doctype html>
        <html><head><title>Terms</title><script>window.__STATE__ = {"nonce": "n-123"};</script></head>
        <body>
          <nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav>
          <div class="cookie-banner">We use cookies. <button>Accept</button></div>
          <main>
            <h1 id="title">Terms of Use</h1>
            <p id="updated">Updated: 1 May 2026</p>
            <h2 id="s1">1. Services</h2>
            <p>We provide the services.</p>
            <div class="ad">Try our new product!</div>
            <h2 id="s2">2. Your content</h2>
            <p>You own your content.</p>
            <h2 id="s3">3. Termination</h2>
            <p>We may end this agreement.</p>
          </main>
          <footer>© Example Inc.</footer>
        </body></html>
        """;

    [Fact]
    public void Extract_Select_KeepsOnlyTheSelectedElement()
    {
        var result = Run(Page, [Css("main")]);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.StartsWith("# Terms of Use\n\nUpdated: 1 May 2026\n\n## 1. Services\n", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("cookies", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Pricing", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Example Inc", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoSelect_KeepsTheWholeBody()
    {
        var result = Run(Page);

        Assert.Contains("[Pricing](https://example.com/pricing)", result.Text, StringComparison.Ordinal);
        Assert.Contains("We use cookies.", result.Text, StringComparison.Ordinal);
        Assert.EndsWith("© Example Inc.\n", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_RemoveThenSelect_DropsRemovedContentFromTheSelection()
    {
        var result = Run(Page, [Css("main")], [Css(".ad"), Css("#updated")]);

        Assert.Equal(
            "# Terms of Use\n\n## 1. Services\n\nWe provide the services.\n\n## 2. Your content\n\nYou own your content.\n\n## 3. Termination\n\nWe may end this agreement.\n",
            result.Text);
    }

    [Fact]
    public void Extract_SelectMatchingOnlyRemovedContent_FailsNamingTheSelector()
    {
        var result = Run(Page, [Css("main .ad")], [Css(".ad")]);

        Assert.False(result.Succeeded);
        Assert.Equal("document structure changed: select \"main .ad\" matched nothing", result.FailureReason);
    }

    [Fact]
    public void Extract_SeveralSelects_AreWrittenInDocumentOrderWithoutDuplicates()
    {
        var result = Run(Page, [Css("#s3"), Css("#title"), Css("main"), Css("main h2")]);
        var text = Run(Page, [Css("main")]).Text;

        // "main" holds every other match: the union is main, once.
        Assert.Equal(text, result.Text);

        var twoHeadings = Run(Page, [Css("#s3"), Css("#title")]);
        Assert.Equal("# Terms of Use\n\n## 3. Termination\n", twoHeadings.Text);
    }

    [Fact]
    public void Extract_RangeAndCssSelects_AreWrittenInDocumentOrder()
    {
        var result = Run(Page, [new RangeSelector("#s3", null, "footer", null), Css("#title")]);

        Assert.Equal("# Terms of Use\n\n## 3. Termination\n\nWe may end this agreement.\n", result.Text);
    }

    [Fact]
    public void Extract_OverlappingRanges_WriteTheirUnionOnce()
    {
        var result = Run(Page, [new RangeSelector("#s1", null, "#s3", null), new RangeSelector("#s2", null, null, "#s3")], [Css(".ad")]);

        Assert.Equal("## 1. Services\n\nWe provide the services.\n\n## 2. Your content\n\nYou own your content.\n\n## 3. Termination\n", result.Text);
    }

    [Fact]
    public void Extract_RangeStartBeforeEndBefore_KeepsTheStartElementButNotTheEnd()
    {
        var result = Run(Page, [new RangeSelector("#s2", null, "#s3", null)]);

        Assert.Equal("## 2. Your content\n\nYou own your content.\n", result.Text);
    }

    [Fact]
    public void Extract_RangeStartAfterEndAfter_KeepsTheEndElementButNotTheStart()
    {
        var result = Run(Page, [new RangeSelector(null, "#s1", null, "#s2")], [Css(".ad")]);

        Assert.Equal("We provide the services.\n\n## 2. Your content\n", result.Text);
    }

    [Fact]
    public void Extract_RangeWithoutEnd_RunsToTheEndOfThePage()
    {
        var result = Run(Page, [new RangeSelector("#s3", null, null, null)]);

        Assert.Equal("## 3. Termination\n\nWe may end this agreement.\n\n© Example Inc.\n", result.Text);
    }

    [Fact]
    public void Extract_RangeEndingBeforeItsStart_IsEmpty()
    {
        var result = Run(Page, [new RangeSelector("#s3", null, "#s1", null)]);

        Assert.Equal("document structure changed: the selected content has no text", result.FailureReason);
    }

    [Fact]
    public void Extract_RemoveRange_DeletesTheContentBetweenItsBoundaries()
    {
        var result = Run(Page, [Css("main")], [new RangeSelector("#updated", null, "#s2", null)]);

        Assert.Equal("# Terms of Use\n\n## 2. Your content\n\nYou own your content.\n\n## 3. Termination\n\nWe may end this agreement.\n", result.Text);
    }

    [Fact]
    public void Extract_RemoveRangeAcrossNesting_KeepsPartsOutsideTheRange()
    {
        const string html = "<body><main><div><p id=a>A</p><p>B</p></div><div><p>C</p><p id=d>D</p><p>E</p></div></main></body>";

        var result = Run(html, [Css("main")], [new RangeSelector(null, "#a", null, "#d")]);

        Assert.Equal("A\n\nE\n", result.Text);
    }

    [Fact]
    public void Extract_SelectAfterRemoveRange_DoesNotFindRemovedElements()
    {
        var result = Run(Page, [Css("#s1")], [new RangeSelector(null, "#updated", "#s2", null)]);

        Assert.Equal("document structure changed: select \"#s1\" matched nothing", result.FailureReason);
    }

    [Fact]
    public void Extract_RangeStartingMidList_KeepsThePageNumbers()
    {
        var result = Run("<body><ol><li>One</li><li id=two>Two</li><li>Three</li></ol><p id=end>End</p></body>", [new RangeSelector("#two", null, "#end", null)]);

        Assert.Equal("2. Two\n3. Three\n", result.Text);
    }

    [Fact]
    public void Extract_SelectedListItem_KeepsItsNumberAndIndent()
    {
        var result = Run("<body><ol start=3><li>Three<ul><li>x</li><li class=pick>y</li></ul></li></ol></body>", [Css(".pick")]);

        Assert.Equal("  - y\n", result.Text);
    }

    [Fact]
    public void Extract_RangeBoundaryInsideHiddenElement_StillOpensTheRange()
    {
        var result = Run("<body><div hidden><span id=start>marker</span></div><p>Shown</p><p id=end>Not shown</p></body>", [new RangeSelector(null, "#start", "#end", null)]);

        Assert.Equal("Shown\n", result.Text);
    }

    // ---- failures ----

    [Fact]
    public void Extract_SelectMatchingNothing_FailsNamingTheSelector()
    {
        var result = Run(Page, [Css("main"), Css("main article")]);

        Assert.False(result.Succeeded);
        Assert.Null(result.Text);
        Assert.Equal("document structure changed: select \"main article\" matched nothing", result.FailureReason);
    }

    [Theory]
    [InlineData("#missing", null, "#s2", null, "startBefore \"#missing\"")]
    [InlineData(null, "#missing", "#s2", null, "startAfter \"#missing\"")]
    [InlineData("#s1", null, "#missing", null, "endBefore \"#missing\"")]
    [InlineData("#s1", null, null, "#missing", "endAfter \"#missing\"")]
    public void Extract_RangeBoundaryNotFound_FailsNamingTheBoundary(string? startBefore, string? startAfter, string? endBefore, string? endAfter, string boundary)
    {
        var range = new RangeSelector(startBefore, startAfter, endBefore, endAfter);

        var selected = Run(Page, [range]);
        var removed = Run(Page, [Css("main")], [range]);

        Assert.Equal($"document structure changed: select range {range}: {boundary} matched nothing", selected.FailureReason);
        Assert.Equal($"document structure changed: remove range {range}: {boundary} matched nothing", removed.FailureReason);
    }

    [Fact]
    public void Extract_RemoveSelectorMatchingNothing_IsNotAFailure()
    {
        Assert.True(Run(Page, [Css("main")], [Css(".no-such-banner")]).Succeeded);
    }

    [Theory]
    [InlineData("<body><main><script>x()</script><div hidden>Hidden</div><img src=a.png></main></body>")]
    [InlineData("<body><main> \u00A0 \u200B </main></body>")]
    [InlineData("<body><main><a href=\"/x\"><img src=a.png></a><ul><li></li></ul><table><tr><td></td></tr></table></main></body>")]
    public void Extract_SelectionWithoutText_Fails(string html)
    {
        var result = Run(html, [Css("main")]);

        Assert.False(result.Succeeded);
        Assert.Equal("document structure changed: the selected content has no text", result.FailureReason);
    }

    [Fact]
    public void Extract_EmptyPage_Fails()
    {
        Assert.Equal("document structure changed: the selected content has no text", Run(string.Empty).FailureReason);
    }

    [Theory]
    [InlineData("main[[[")]
    [InlineData("p:nth-child(")]
    public void Extract_InvalidSelector_FailsNamingIt(string css)
    {
        var selected = Run(Page, [Css(css)]);
        var removed = Run(Page, [Css("main")], [Css(css)]);

        Assert.Equal($"invalid selector in select: \"{css}\" is not a valid CSS selector", selected.FailureReason);
        Assert.Equal($"invalid selector in remove: \"{css}\" is not a valid CSS selector", removed.FailureReason);
    }

    [Fact]
    public void Extract_InvalidRangeSelector_FailsNamingIt()
    {
        var result = Run(Page, [new RangeSelector("#s1", "#s2", null, null)]);

        Assert.Equal(
            "invalid selector in select: range {startBefore: #s1} needs exactly one of startBefore/startAfter and at most one of endBefore/endAfter",
            result.FailureReason);
    }

    // ---- stability ----

    [Fact]
    public void Extract_SamePageWithDifferentTokens_GivesIdenticalText()
    {
        static string PageWith(string token) => $$"""
            <!doctype html><html><head>
              <meta name="csrf-token" content="{{token}}"><script nonce="{{token}}">window.__NEXT_DATA__ = {"buildId": "{{token}}"};</script>
              <style>.c-{{token}} { color: red }</style>
            </head><body class="b-{{token}}">
              <main data-reactroot="" data-request-id="{{token}}">
                <form><input type="hidden" name="csrf" value="{{token}}"></form>
                <h1 id="h-{{token}}" class="title-{{token}}">Privacy Policy</h1>
                <p style="--token: {{token}}">We collect <span data-id="{{token}}">data</span>.</p>
                <div hidden>session {{token}}</div><span aria-hidden="true">{{token}}</span>
                <template><p>{{token}}</p></template><noscript><img src="/pixel?t={{token}}"></noscript>
                <svg><use href="#icon-{{token}}"></use><text>{{token}}</text></svg>
              </main>
              <script>track("{{token}}")</script>
            </body></html>
            """;

        var first = Run(PageWith(Guid.NewGuid().ToString("N")), [Css("main")]);
        var second = Run(PageWith(Guid.NewGuid().ToString("N")), [Css("main")]);

        Assert.True(first.Succeeded, first.FailureReason);
        Assert.Equal("# Privacy Policy\n\nWe collect data.\n", first.Text);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public void Extract_SameInput_GivesTheSameTextEveryTimeAndFromEveryThread()
    {
        var expected = Run(Page, [Css("main")], [Css(".ad")]).Text;

        var results = new string?[64];
        Parallel.For(0, results.Length, i => results[i] = Run(Page, [Css("main")], [Css(".ad")]).Text);

        Assert.NotNull(expected);
        Assert.All(results, text => Assert.Equal(expected, text));
    }

    [Fact]
    public void Extract_DeeplyNestedPage_DoesNotOverflowTheStack()
    {
        // Far deeper than the parser's nesting limit (512); inline elements keep the parse itself fast.
        var html = "<p>" + string.Concat(Enumerable.Repeat("<span>", 50_000)) + "Deep text";

        var result = Run(html, [new RangeSelector("span", null, null, null)]);

        Assert.Equal("Deep text\n", result.Text);
    }

    [Fact]
    public void Extract_RelativePageUrl_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => Extractor.Extract("<p>x</p>", new Uri("/terms", UriKind.Relative), [], []));
    }
}
