using AngleSharp.Dom;
using Monitors.Core.Extraction;

namespace Monitors.Core.Tests.Extraction;

/// <summary>
/// <see cref="CssQuery"/> skips AngleSharp's matcher for elements whose class attribute cannot hold a class the selector
/// requires; it must match exactly what <c>QuerySelectorAll</c> matches, whatever the selector's shape.
/// </summary>
public class CssQueryTests
{
    private const string Page = """
        <!doctype html><html class="root"><head><title>t</title></head><body>
        <main id="main-content" class="mx-auto  Layout">
          <div class="toolbar flex"><button class="btn">Print</button></div>
          <div class="toolbarx">Not the toolbar</div>
          <div class="a b"><p class="c">One</p><p class="a-b">Two</p><p class="B">Three</p></div>
          <article class="prose" data-document="x"><h2 class="group title">Title</h2><ul><li class="item first">1</li><li class="item">2</li><li>3</li></ul></article>
          <section class="a:b">Escaped</section>
        </main>
        <footer class="toolbar">Footer toolbar</footer>
        </body></html>
        """;

    // Quirks mode (no doctype): class selectors may match without regard to case there.
    private const string QuirksPage = """
        <html><body><main class="Toolbar"><div class="TOOLBAR x">a</div><div class="toolbar">b</div></main></body></html>
        """;

    public static TheoryData<string> Selectors() =>
    [
        "main", ".toolbar", "main .toolbar", "main > .toolbar", ".toolbar.flex", "div.toolbar", ".toolbar, footer",
        ".toolbar, .c", ".a .c", ".a > .c", ".a-b", ".B", ".b", "p.c + p", "p.c ~ .B", ":not(.toolbar)", "div:not(.toolbar)",
        ".a:not(.x)", ":is(.c, .B)", ":where(.c, footer)", "div:has(.c)", ".item:first-child", "li.item:nth-child(2)",
        "li:nth-child(2 of .item)", "#main-content .item", "[data-document] .title", ".prose *", ".a\\:b", "*", ".root .a p",
        ":scope .toolbar", "html.root", ".missing", ".toolbar .missing", "main .toolbar, main .missing",
    ];

    [Theory]
    [MemberData(nameof(Selectors))]
    public void MatchAll_AnySelector_MatchesWhatQuerySelectorAllMatches(string css)
    {
        foreach (var html in new[] { Page, QuirksPage })
        {
            using var document = HtmlDocumentExtractor.CreateParser().ParseDocument(html);
            var expected = document.QuerySelectorAll(css).ToArray();

            Assert.True(CssQuery.TryParse(document, css, out var query));
            var matches = new List<IElement>?[] { [] };
            CssQuery.MatchAll(document, [query], matches);

            Assert.Equal(expected, matches[0]!);
        }
    }

    [Fact]
    public void MatchAll_SeveralSelectors_EachGetsItsOwnMatchesInDocumentOrder()
    {
        using var document = HtmlDocumentExtractor.CreateParser().ParseDocument(Page);
        Assert.True(CssQuery.TryParse(document, ".toolbar", out var toolbar));
        Assert.True(CssQuery.TryParse(document, "p", out var paragraphs));
        var matches = new List<IElement>?[] { [], null, [] };

        CssQuery.MatchAll(document, [toolbar, null, paragraphs], matches);

        Assert.Equal(["div", "footer"], matches[0]!.Select(e => e.LocalName));
        Assert.Null(matches[1]);
        Assert.Equal(["One", "Two", "Three"], matches[2]!.Select(e => e.TextContent));
    }

    [Theory]
    [InlineData("main[")]
    [InlineData("..toolbar")]
    [InlineData("")]
    public void TryParse_InvalidSelector_IsFalse(string css)
    {
        using var document = HtmlDocumentExtractor.CreateParser().ParseDocument(Page);

        Assert.False(CssQuery.TryParse(document, css, out var query));
        Assert.Null(query);
    }
}
