using Monitors.Core.Changes.Structure;
using Monitors.Core.Changes.Topics;

namespace Monitors.Core.Tests.Changes;

/// <summary>
/// The keyword prefilter of <see cref="TopicTaxonomy.Match"/> skips a topic's regex only where it cannot match: the same
/// hits as running every regex, over every clause of real documents (the shared corpus, read in place) as the site's
/// read models search them, and the keywords it derives from phrases and patterns.
/// </summary>
public sealed class TopicMatchingTests
{
    public static TheoryData<string> CorpusDocuments() =>
        new(Directory.GetDirectories(RepositoryPaths.Corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(8)!);

    [Theory]
    [MemberData(nameof(CorpusDocuments))]
    public void Match_EveryClauseOfACorpusDocument_SameHitsAsRunningEveryTopic(string document)
    {
        var taxonomy = TopicTaxonomy.Embedded;
        var versions = Directory.GetFiles(Path.Combine(RepositoryPaths.Corpus, document, "versions")).Order(StringComparer.Ordinal).ToArray();
        var tree = new DocumentStructureParser().Parse(File.ReadAllText(versions[^1]));
        var texts = tree.Nodes.Where(n => !string.IsNullOrWhiteSpace(n.Text))
            .SelectMany(n => new[] { n.Text, n.Text + "\n" + (n.NearestTitle ?? string.Empty), n.Breadcrumb })
            .ToArray();
        Assert.True(texts.Length > 20, $"{document}: {texts.Length} texts");

        var found = 0;
        foreach (var text in texts)
        {
            var expected = Describe(taxonomy.MatchEveryTopic(text));
            Assert.Equal(expected, Describe(taxonomy.Match(text)));
            found += expected.Count;
        }

        Assert.True(found > 0, $"{document}: no topic in any clause, the comparison proved nothing");
    }

    [Theory]
    [InlineData("We may use your data to train our models.")]
    [InlineData("Your content may be used to improve the \u212Aey features; we \u212Aeep logs for 30 days after deletion.")] // Kelvin sign: regex ignores its case, ordinal search does not
    [InlineData("")]
    [InlineData("Nothing to see here.")]
    public void Match_EdgeTexts_SameHitsAsRunningEveryTopic(string text)
    {
        var taxonomy = TopicTaxonomy.Embedded;
        Assert.Equal(Describe(taxonomy.MatchEveryTopic(text)), Describe(taxonomy.Match(text)));
    }

    [Theory]
    [InlineData(@"\b(?:models?|AI|artificial intelligence)\b[^.;]{0,60}?\btrain", "model|AI|artificial intelligence")]
    [InlineData(@"\bcourts? (?:of|in|located in)\b", "court")]
    [InlineData(@"\bopt(?:s|ed)?[- ]out\b", "opt")]
    [InlineData(@"\bgoverned by\b[^.;]{0,40}?\blaws?\b|\bown(?:s)? all\b", "governed by|own")]
    public void LeadingLiterals_Patterns_TextEveryMatchStartsWith(string pattern, string expected)
    {
        Assert.Equal(expected.Split('|'), TopicTaxonomy.LeadingLiterals(pattern));
    }

    [Theory]
    [InlineData(@"\b(?:\d+|thirty)[- ]days?")]
    [InlineData(@"(?:a|b)?c")]
    [InlineData(@"(?i)train")]
    [InlineData(@"[Tt]rain")]
    public void LeadingLiterals_PatternWithoutALiteralStart_None(string pattern)
    {
        Assert.Null(TopicTaxonomy.LeadingLiterals(pattern));
        Assert.Null(TopicTaxonomy.Keywords(["some phrase"], [pattern])); // that topic's regex runs on every text
    }

    [Fact]
    public void Keywords_TaxonomyTopics_MostHaveAPrefilter()
    {
        var topics = TopicTaxonomy.Embedded.Topics;
        Assert.True(topics.Count(t => t.Keywords is not null) >= topics.Count - 2, string.Join(", ", topics.Where(t => t.Keywords is null).Select(t => t.Id)));
    }

    private static List<string> Describe(IEnumerable<TopicHit> hits) =>
        hits.Select(h => $"{h.Topic.Id}:{string.Join(";", h.Phrases.Select(p => $"{p.Start}+{p.Length}={p.Phrase}"))}").ToList();
}
