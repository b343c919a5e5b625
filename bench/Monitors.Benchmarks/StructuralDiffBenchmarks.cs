using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Diff;

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
        previous = SyntheticTerms(300_000);
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

    private static readonly string[] Vocabulary =
    [
        "customer", "services", "agreement", "provider", "shall", "reasonable", "notice", "account", "content", "use",
        "party", "obligations", "including", "without", "limitation", "applicable", "law", "period", "written", "consent",
        "information", "access", "support", "order", "form", "term", "effective", "date", "request", "documentation",
        "purposes", "described", "herein", "respect", "each", "other", "accordance", "section", "provided", "that",
    ];

    /// <summary>Headings "## N. Section …", clauses "N.M. Clause …. text" and sub-clauses "(a) text", in canonical form.</summary>
    internal static string SyntheticTerms(int targetBytes)
    {
        var random = new Random(7);
        var text = new StringBuilder(targetBytes + 4_000);
        text.Append("# Example Service Terms\n\nThese terms govern the use of the example services.\n");
        for (var section = 1; text.Length < targetBytes; section++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {section}. Section {Title(section)}\n");
            for (var clause = 1; clause <= 10; clause++)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{section}.{clause}. Clause {Title(clause)}. {Sentence(random, section, clause, 0)}\n");
                if (clause % 3 == 0)
                {
                    for (var sub = 0; sub < 3; sub++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\n({(char)('a' + sub)}) {Sentence(random, section, clause, sub + 1)}\n");
                    }
                }
            }
        }

        return text.ToString();
    }

    private static string Title(int n) => n switch
    {
        1 => "One",
        2 => "Two",
        3 => "Three",
        4 => "Four",
        5 => "Five",
        6 => "Six",
        7 => "Seven",
        8 => "Eight",
        9 => "Nine",
        10 => "Ten",
        _ => "Number " + n.ToString(CultureInfo.InvariantCulture),
    };

    private static string Sentence(Random random, int section, int clause, int sub)
    {
        var words = new StringBuilder();
        words.Append(CultureInfo.InvariantCulture, $"Under item {section}-{clause}-{sub} the");
        var count = random.Next(40, 60);
        for (var i = 0; i < count; i++)
        {
            words.Append(' ').Append(Vocabulary[random.Next(Vocabulary.Length)]);
        }

        return words.Append('.').ToString();
    }
}
