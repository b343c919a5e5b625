using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Markdig;
using Monitors.Core.Catalog;
using Monitors.Core.Extraction;
using Monitors.Core.Tests.Detection;

namespace Monitors.Core.Tests.Extraction;

/// <summary>
/// Pins the canonical text of every version of <c>../shared/corpus</c> and <c>../shared/corpus-wide</c>: each version's
/// Markdown is rendered to HTML (Markdig, as <c>monitors replay</c> serves it), put in a page, and extracted three ways
/// (the replay's declaration, the whole page, a range). The SHA-256 of each text (first 16 hex digits) must equal the one
/// in <c>ExtractionSnapshot.txt</c>, computed with the extractor before it was optimised: a faster extractor must write
/// the same bytes, or every monitored document would show a change on its next check.
/// </summary>
/// <remarks>
/// <para>The snapshot holds hashes only, never corpus text. Its first line is the hash of every page the test builds, so
/// a change of the input (a Markdig upgrade, a corpus update) is told apart from a change of the extractor.</para>
/// <para>To regenerate (only with an extractor whose output is known good, e.g. after a deliberate change of the
/// canonical text): <c>MONITORS_WRITE_EXTRACTION_SNAPSHOT=1 dotnet test tests/Monitors.Core.Tests --filter
/// CorpusExtractionSnapshot</c>, then review the diff of the file.</para>
/// </remarks>
public sealed class CorpusExtractionSnapshotTests
{
    private const string SnapshotFile = "ExtractionSnapshot.txt";

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private static readonly Uri PageUrl = new("https://example.com/legal/terms");

    // The replay's declaration (src/Monitors.Cli/Sites/PageChrome.cs), the whole page, and a range with a removal.
    private static readonly (string Name, ContentSelector[] Select, ContentSelector[] Remove)[] Declarations =
    [
        ("replay", [new CssSelector("main article")], [new CssSelector(".cookie-banner")]),
        ("page", [], []),
        ("range", [new RangeSelector(null, "nav", "footer", null)], [new CssSelector(".cookie-banner"), new CssSelector("article li:nth-child(3)")]),
    ];

    [CorpusFact]
    public void Extract_EveryCorpusVersion_WritesTheSnapshotText()
    {
        var (inputHash, lines) = ExtractAll();
        var snapshotPath = Path.Combine(RepositoryPaths.Root, "tests", "Monitors.Core.Tests", "Extraction", SnapshotFile);
        var actual = $"input {inputHash}\n{string.Join('\n', lines)}\n";

        if (Environment.GetEnvironmentVariable("MONITORS_WRITE_EXTRACTION_SNAPSHOT") == "1")
        {
            File.WriteAllText(snapshotPath, actual);
            return;
        }

        Assert.True(File.Exists(snapshotPath), $"The snapshot {snapshotPath} is missing.");
        var expected = File.ReadAllText(snapshotPath).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(
            expected[0] == $"input {inputHash}",
            $"The pages built from the corpus changed ({expected[0]}, now input {inputHash}): a Markdig upgrade or a corpus update, " +
            "not the extractor. Regenerate the snapshot with an extractor known good (see the remarks of this test).");

        var expectedLines = expected.Skip(1).ToArray();
        var mismatches = expectedLines.Zip(lines).Where(pair => pair.First != pair.Second).Select(pair => $"expected {pair.First}\n     got {pair.Second}").ToList();
        Assert.True(
            expectedLines.Length == lines.Count && mismatches.Count == 0,
            $"{mismatches.Count} of {lines.Count} versions extract to other text than the snapshot ({expectedLines.Length} lines):\n" +
            string.Join('\n', mismatches.Take(20)));
    }

    /// <summary>One line per version: its corpus path and the hash of its text under each declaration (or the failure).</summary>
    private static (string InputHash, List<string> Lines) ExtractAll()
    {
        var extractor = new HtmlDocumentExtractor();
        using var input = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var lines = new List<string>();
        foreach (var (corpusName, corpus) in new[] { ("corpus", RepositoryPaths.Corpus), ("corpus-wide", RepositoryPaths.CorpusWide) })
        {
            Assert.True(Directory.Exists(corpus), $"The corpus is expected at {corpus}.");
            foreach (var file in Directory.EnumerateFiles(corpus, "*.md", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "versions")
                .Order(StringComparer.Ordinal))
            {
                var slug = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!;
                var html = Page(slug, global::Markdig.Markdown.ToHtml(File.ReadAllText(file), Markdown));
                input.AppendData(Encoding.UTF8.GetBytes(html));

                var line = new StringBuilder($"{corpusName}/{slug}/{Path.GetFileNameWithoutExtension(file)}");
                foreach (var (_, select, remove) in Declarations)
                {
                    var result = extractor.Extract(html, PageUrl, select, remove);
                    line.Append(' ').Append(result.Succeeded ? Hash(result.Text!) : "failed:" + Hash(result.FailureReason!));
                }

                lines.Add(line.ToString());
            }
        }

        return (Convert.ToHexStringLower(input.GetHashAndReset()), lines);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>
    /// The article in a page like the replay's (fixed tokens instead of random ones), with markup the corpus Markdown
    /// never produces: hidden and ARIA-hidden elements, controls, an inline style that hides, a dialog, a base href,
    /// icons, entities, invisible characters and a table in the chrome.
    /// </summary>
    private static string Page(string title, string articleHtml) => string.Create(CultureInfo.InvariantCulture, $$"""
        <!doctype html>
        <html lang="en" data-request="00000000-0000-0000-0000-000000000000">
        <head>
          <meta charset="utf-8">
          <base href="/legal/">
          <title>{{title}}</title>
          <script nonce="abc">window.__session = "0123456789abcdef"; if (a < b && c) {}</script>
          <style>.cookie-banner { position: fixed; bottom: 0 }</style>
        </head>
        <body class="page v-012345">
          <nav aria-label="Main"><a href="/">Home</a> <a href="/pricing?ref=01234567">Pricing</a> <a href="blog">Blog</a><svg aria-hidden="true"><path d="M0 0"/></svg></nav>
          <div class="cookie-banner" id="cb-0123456789">We use cookies to improve your experience. <button>Accept all</button> <button>Reject</button></div>
          <div hidden>Hidden&nbsp;text</div><div style="color: red; display : none !important">Styled away</div>
          <dialog><p>Closed dialog</p></dialog><dialog open><p>Open dialog</p></dialog>
          <main data-build="89abcdef">
            <p class="lead">Last updated:&nbsp;1&nbsp;March&#160;2026 &mdash; soft&shy;hyphen zero&#8203;width</p>
            <article>
        {{articleHtml}}
            </article>
            <aside><h2>Related <button>Expand</button></h2><ul><li><a href="/a">A</a></li><li hidden>Gone</li><li><a href="javascript:void(0)">B</a></li></ul></aside>
            <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Free</td><td><a href="/p(1)">0</a></td></tr><tr><td></td><td></td></tr></table>
          </main>
          <form><input type="hidden" name="csrf" value="0123456789abcdef"><label>Email</label></form>
          <footer><p>Page generated Sun, 01 Mar 2026 00:00:00 GMT · request 0</p><a href="/legal">Legal</a></footer>
          <script>window.dataLayer = [{ "session": "abc" }];</script>
        </body>
        </html>
        """);
}
