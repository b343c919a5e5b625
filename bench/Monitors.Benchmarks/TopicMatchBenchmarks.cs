using BenchmarkDotNet.Attributes;
using Monitors.Benchmarks.Extraction;
using Monitors.Core.Changes.Structure;
using Monitors.Core.Changes.Topics;

namespace Monitors.Benchmarks;

/// <summary>
/// Topic matching of every clause of a real legal page, as the site's read models do for a document's first version
/// (<c>SiteReadModels.Clauses</c>: a clause's text and its nearest title, or a heading alone): every topic's regex on
/// every clause (the baseline, how it was done before) against the keyword prefilter of <see cref="TopicTaxonomy.Match"/>.
/// Pages: the largest version of three corpus documents, about 100, 65 and 185 KB (read in place).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TopicMatchBenchmarks
{
    private readonly TopicTaxonomy taxonomy = TopicTaxonomy.Embedded;
    private string[] texts = [];

    [Params("le-chat--terms-of-service", "claude-ai--privacy-policy", "google-generative-ai-services--privacy-policy")]
    public string Document { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var tree = new DocumentStructureParser().Parse(SharedCorpus.LargestVersion(SharedCorpus.Locate(), Document));
        texts = tree.Nodes
            .Where(n => n.Kind != SectionNodeKind.Root && !n.IsDocumentTitle && !string.IsNullOrWhiteSpace(n.Text))
            .Select(n => n.Kind == SectionNodeKind.Heading ? n.Text : n.Text + "\n" + (n.NearestTitle ?? string.Empty))
            .ToArray();
        if (Every() != Prefiltered())
        {
            throw new InvalidOperationException("The prefilter finds other hits than every regex: a benchmark of wrong results measures nothing.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Every()
    {
        var hits = 0;
        foreach (var text in texts)
        {
            hits += taxonomy.MatchEveryTopic(text).Sum(h => h.Phrases.Count);
        }

        return hits;
    }

    [Benchmark]
    public int Prefiltered()
    {
        var hits = 0;
        foreach (var text in texts)
        {
            hits += taxonomy.Match(text).Sum(h => h.Phrases.Count);
        }

        return hits;
    }
}
