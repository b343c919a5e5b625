using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
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
    private readonly HtmlDocumentExtractor _extractor = new();
    private readonly HtmlParser _parser = HtmlDocumentExtractor.CreateParser();
    private string _html = string.Empty;
    private string _canonicalText = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _html = TermsPage.Build();
        _canonicalText = TermsPage.CanonicalText(_extractor, _html);
        Console.WriteLine($"// Page: {_html.Length:N0} chars of HTML; canonical text: {_canonicalText.Length:N0} chars.");
    }

    [Benchmark(Baseline = true)]
    public ExtractionResult Extract() => TermsPage.Extract(_extractor, _html);

    [Benchmark]
    public int ParseOnly()
    {
        using var document = _parser.ParseDocument(_html);
        return document.Body!.ChildElementCount;
    }

    [Benchmark]
    public string HashCanonicalText() => ContentHasher.Sha256Hex(_canonicalText);
}
