using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using Monitors.Core.Extraction;

namespace Monitors.Benchmarks.Extraction;

/// <summary>
/// Our canonical extraction against the bare parser, in one run (issue 14: ours ≤ 1.3× the bare figure on the
/// AWS-sized page). The baseline is what anyone would write with AngleSharp alone: parse with the default parser,
/// <c>QuerySelector("main")</c>, <c>TextContent</c>. The Ratio column is each method's median over the baseline's.
/// <see cref="StageParse"/> is our parser alone (it skips script, style and comment text): what the rest of the
/// extraction adds is the difference. <c>-- --stages</c> times every stage (<see cref="ExtractionStages"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ExtractionRatioBenchmarks
{
    private readonly HtmlParser _bareParser = new();
    private readonly HtmlParser _ourParser = HtmlDocumentExtractor.CreateParser();
    private readonly HtmlDocumentExtractor _extractor = new();
    private string _html = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _html = TermsPage.Build();
        var bare = BareParseSelectTextContent();
        var text = TermsPage.CanonicalText(_extractor, _html);
        Console.WriteLine($"// Page: {_html.Length:N0} chars of HTML; TextContent of main: {bare:N0} chars; canonical text: {text.Length:N0} chars.");
    }

    /// <summary>The bare parser: default options, select <c>main</c>, its <c>TextContent</c>.</summary>
    [Benchmark(Baseline = true)]
    public int BareParseSelectTextContent()
    {
        using var document = _bareParser.ParseDocument(_html);
        return document.QuerySelector("main")!.TextContent.Length;
    }

    /// <summary>Our full extraction: parse, remove, select, walk, canonical text.</summary>
    [Benchmark]
    public ExtractionResult CanonicalExtraction() => TermsPage.Extract(_extractor, _html);

    /// <summary>Stage: our parser's options alone.</summary>
    [Benchmark]
    public int StageParse()
    {
        using var document = _ourParser.ParseDocument(_html);
        return document.Body!.ChildElementCount;
    }
}
