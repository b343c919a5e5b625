using BenchmarkDotNet.Attributes;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Diff;
using Monitors.Testing;

namespace Monitors.Benchmarks;

/// <summary>
/// Structural diff of two ~300 KB numbered legal documents (synthetic, deterministic) with one changed clause,
/// and with a few scattered changes. Target: one changed clause ≤ 30 ms, parsing of both versions included.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StructuralDiffBenchmarks
{
    private readonly StructuralDiffer differ = new();
    private readonly StructuredChangeRecordBuilder builder = new();
    private readonly ChangeContext context = new(
        "example", "Example", "terms", "Example Service Terms", "Terms of Service", null,
        new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero), "previous", "next");

    private string previous = "";
    private string oneClauseChanged = "";
    private string fewClausesChanged = "";

    [GlobalSetup]
    public void Setup()
    {
        previous = SyntheticLegalText.Terms(300_000);
        oneClauseChanged = previous.Replace("Under item 17-4-0 the", "Under item 17-4-0 the sixty-day", StringComparison.Ordinal);
        fewClausesChanged = previous
            .Replace("Under item 3-2-0 the", "Under item 3-2-0 a", StringComparison.Ordinal)
            .Replace("Under item 25-6-2 the", "Under item 25-6-2 no", StringComparison.Ordinal)
            .Replace("## 30. Section Number 30\n", "## 30. Section Number 30\n\n30.0. Preamble. This new clause opens the section.\n", StringComparison.Ordinal)
            .Replace("\n12.5. Clause Five.", "\n12.5. Clause Five. We may share your personal data with partners.", StringComparison.Ordinal);

        // Guard the scenario: a benchmark of the wrong diff measures nothing.
        Expect(differ.Diff(previous, oneClauseChanged).Count, 1);
        Expect(differ.Diff(previous, fewClausesChanged).Count, 4);
    }

    [Benchmark(Baseline = true)]
    public int OneChangedClause() => differ.Diff(previous, oneClauseChanged).Count;

    [Benchmark]
    public int FewChangedClauses() => differ.Diff(previous, fewClausesChanged).Count;

    /// <summary>The whole change record: diff, topics, severity, headline.</summary>
    [Benchmark]
    public int ChangeRecordOneClause() => builder.Build(context, previous, oneClauseChanged).Changes.Count;

    private static void Expect(int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Expected {expected} clause changes, got {actual}.");
        }
    }
}
