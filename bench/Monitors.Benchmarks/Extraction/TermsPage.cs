using System.Globalization;
using System.Text;
using System.Text.Json;
using Markdig;
using Monitors.Core.Catalog;
using Monitors.Core.Extraction;

namespace Monitors.Benchmarks.Extraction;

/// <summary>
/// A realistic, large terms page built from real documents of the shared corpus: their Markdown rendered to
/// HTML with the class-heavy markup of a modern site, inside page chrome (navigation, cookie banner, footer,
/// icons, inline scripts and the framework's JSON state), selected with <c>main</c>.
/// </summary>
internal static class TermsPage
{
    public const string Url = "https://example.com/legal/terms";

    /// <summary>The page's address as the extractor takes it.</summary>
    public static Uri PageUrl { get; } = new(Url);

    /// <summary>The declaration every extraction benchmark uses: select <c>main</c>, remove its toolbar.</summary>
    public static IReadOnlyList<ContentSelector> Select { get; } = [new CssSelector("main")];

    /// <inheritdoc cref="Select"/>
    public static IReadOnlyList<ContentSelector> Remove { get; } = [new CssSelector("main .toolbar")];

    /// <summary>Our extraction of <paramref name="html"/> under the benchmarks' declaration.</summary>
    public static ExtractionResult Extract(HtmlDocumentExtractor extractor, string html) => extractor.Extract(html, PageUrl, Select, Remove);

    /// <summary>The canonical text of <paramref name="html"/>; a page that does not extract stops the benchmark at set-up.</summary>
    public static string CanonicalText(HtmlDocumentExtractor extractor, string html)
    {
        var result = Extract(extractor, html);
        return result.Text ?? throw new InvalidOperationException($"The benchmark page does not extract: {result.FailureReason}");
    }

    private static readonly string[] Documents = ["chatgpt--commercial-terms", "claude-ai--privacy-policy", "chatgpt--acceptable-use-policy"];

    public static string Build()
    {
        var corpus = SharedCorpus.Locate();
        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoIdentifiers().Build();

        var markdown = new StringBuilder();
        var content = new StringBuilder();
        foreach (var document in Documents)
        {
            var version = SharedCorpus.LargestVersion(corpus, document);
            markdown.Append(version).Append("\n\n");
            content.Append("<article class=\"prose prose-slate max-w-none lg:prose-lg dark:prose-invert\" data-document=\"")
                .Append(document).Append("\">\n")
                .Append(Decorate(Markdown.ToHtml(version, pipeline)))
                .Append("</article>\n");
        }

        var page = new StringBuilder(400_000);
        page.Append("<!DOCTYPE html><html lang=\"en\" class=\"scroll-smooth\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Terms of Use | Example</title>")
            .Append("<link rel=\"stylesheet\" href=\"/_next/static/css/app.css\"><style>:root{--brand:#10a37f}body{font-family:system-ui}</style>")
            .Append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script>")
            .Append("</head><body class=\"antialiased bg-white text-gray-900\">");
        AppendNavigation(page);
        page.Append("<div id=\"onetrust-banner\" class=\"cookie-banner fixed bottom-0 inset-x-0 z-50\" role=\"dialog\" aria-label=\"Cookies\">")
            .Append("<p class=\"text-sm\">We use cookies to improve your experience. See our <a href=\"/legal/cookies\">Cookie Policy</a>.</p>")
            .Append("<button class=\"btn btn-primary\">Accept all</button><button class=\"btn\">Reject all</button>")
            .Append("<button class=\"btn\">Manage preferences</button></div>");
        page.Append("<main id=\"main-content\" class=\"mx-auto max-w-4xl px-6 py-16\">")
            .Append("<div class=\"toolbar flex gap-2\"><button aria-label=\"Print\">Print</button><a href=\"#\" class=\"copy-link\">Copy link</a></div>")
            .Append(content)
            .Append("</main>");
        AppendFooter(page);
        page.Append("<script id=\"__NEXT_DATA__\" type=\"application/json\">")
            .Append(JsonSerializer.Serialize(new { props = new { pageProps = new { markdown = markdown.ToString(), buildId = "b1d5c0ffee" } } }))
            .Append("</script><script src=\"/_next/static/chunks/main.js\" async></script></body></html>");
        return page.ToString();
    }

    /// <summary>Adds the utility classes and attributes a real site's templates put on every element.</summary>
    private static string Decorate(string html) => new StringBuilder(html)
        .Replace("<p>", "<p class=\"mb-4 text-base leading-7 text-gray-700 dark:text-gray-300\">")
        .Replace("<li>", "<li class=\"ml-6 list-disc marker:text-gray-400\"><span class=\"block\">")
        .Replace("</li>", "</span></li>")
        .Replace("<h2 ", "<h2 class=\"group scroll-mt-24 text-2xl font-semibold tracking-tight\" ")
        .Replace("<h3 ", "<h3 class=\"group scroll-mt-24 text-xl font-semibold\" ")
        .Replace("<a href=", "<a class=\"font-medium text-emerald-700 underline decoration-1 underline-offset-2 hover:text-emerald-900\" rel=\"noopener\" href=")
        .Replace("<table>", "<div class=\"overflow-x-auto\"><table class=\"min-w-full divide-y divide-gray-200 text-sm\">")
        .Replace("</table>", "</table></div>")
        .ToString();

    private static void AppendNavigation(StringBuilder page)
    {
        page.Append("<header class=\"sticky top-0 border-b\"><nav aria-label=\"Main\"><a href=\"/\" class=\"logo\">")
            .Append(Icon("logo")).Append("<span class=\"sr-only\">Home</span></a><ul class=\"flex gap-6\">");
        for (var i = 0; i < 40; i++)
        {
            page.Append(CultureInfo.InvariantCulture, $"<li class=\"relative\"><a href=\"/products/{i}\" class=\"nav-link px-3 py-2\">{Icon("chevron")}Product {i}</a></li>");
        }

        page.Append("</ul></nav></header>");
    }

    private static void AppendFooter(StringBuilder page)
    {
        page.Append("<footer class=\"border-t bg-gray-50\"><div class=\"grid grid-cols-4 gap-8\">");
        for (var column = 0; column < 6; column++)
        {
            page.Append(CultureInfo.InvariantCulture, $"<div><h4 class=\"font-semibold\">Column {column}</h4><ul>");
            for (var i = 0; i < 20; i++)
            {
                page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/footer/{column}/{i}\" class=\"text-sm text-gray-600 hover:text-gray-900\">Footer link {i}</a></li>");
            }

            page.Append("</ul></div>");
        }

        page.Append("<p class=\"text-xs\">© 2026 Example, Inc.</p></div></footer>");
    }

    private static string Icon(string name) =>
        $"<svg class=\"icon icon-{name} h-4 w-4\" viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\" aria-hidden=\"true\">" +
        "<path stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-width=\"2\" d=\"M19 9l-7 7-7-7M5 5h14v14H5z\"></path></svg>";
}
