using BenchmarkDotNet.Attributes;
using Monitors.Core.Extraction;
using Monitors.Testing;

namespace Monitors.Benchmarks.Extraction;

/// <summary>
/// PDF extraction of the synthetic addendum printed by Chromium (tests/Shared/Pdf/dpa-v1.pdf, several pages, running
/// header and footer). The page count is printed in the setup; divide the median by it for the time per page.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PdfExtractionBenchmarks
{
    private readonly PdfDocumentExtractor _extractor = new();
    private byte[] _pdf = [];

    [GlobalSetup]
    public void Setup()
    {
        _pdf = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Shared", "Pdf", "dpa-v1.pdf"));
        var result = _extractor.Extract(_pdf);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The benchmark PDF does not extract: {result.FailureReason}");
        }

        Console.WriteLine($"// PDF: {_pdf.Length:N0} bytes, {result.Pages} pages; canonical text: {result.Text!.Length:N0} chars.");
    }

    [Benchmark]
    public PdfExtractionResult ExtractPdf() => _extractor.Extract(_pdf);
}
