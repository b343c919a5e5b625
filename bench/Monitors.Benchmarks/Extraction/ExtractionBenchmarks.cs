using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using Monitors.Core.Catalog;
using Monitors.Core.Extraction;

namespace Monitors.Benchmarks.Extraction;

/// <summary>
/// Extraction of a ~340 KB terms page (target: ≤ 15 ms median, ≤ 30 MB allocated per page) and hashing of its
/// canonical text. <see cref="ParseOnly"/> times AngleSharp's parse alone, to show what the walk adds.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ExtractionBenchmarks
{
    private static readonly Uri PageUrl = new(TermsPage.Url);
    private static readonly IReadOnlyList<ContentSelector> Select = [new CssSelector("main")];
    private static readonly IReadOnlyList<ContentSelector> Remove = [new CssSelector("main .toolbar")];

    private readonly HtmlDocumentExtractor _extractor = new();
    private readonly HtmlParser _parser = HtmlDocumentExtractor.CreateParser();
    private string _html = string.Empty;
    private string _canonicalText = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _html = TermsPage.Build();
        var result = _extractor.Extract(_html, PageUrl, Select, Remove);
        _canonicalText = result.Text ?? throw new InvalidOperationException($"The benchmark page does not extract: {result.FailureReason}");
        Console.WriteLine($"// Page: {_html.Length:N0} chars of HTML; canonical text: {_canonicalText.Length:N0} chars.");
    }

    [Benchmark(Baseline = true)]
    public ExtractionResult Extract() => _extractor.Extract(_html, PageUrl, Select, Remove);

    [Benchmark]
    public int ParseOnly()
    {
        using var document = _parser.ParseDocument(_html);
        return document.Body!.ChildElementCount;
    }

    [Benchmark]
    public string HashCanonicalText() => ContentHasher.Sha256Hex(_canonicalText);
}
