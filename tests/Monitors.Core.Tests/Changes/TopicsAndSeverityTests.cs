using System.Text;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Topics;

namespace Monitors.Core.Tests.Changes;

public sealed class TopicsAndSeverityTests
{
    private static readonly string[] RequiredTopics =
    [
        "ai-training", "third-party-sharing", "data-retention", "deletion", "automated-decisions", "monitoring-abuse",
        "arbitration", "liability-indemnity", "governing-law", "suspension-termination", "pricing-fees", "content-licence",
        "children", "security-breach", "subprocessors-transfers", "acceptable-use",
    ];

    private static ChangeRecord Build(string before, string after) =>
        new StructuredChangeRecordBuilder().Build(ChangeTestData.Context(), before, after);

    [Fact]
    public void Taxonomy_HasEveryRequiredTopic()
    {
        var ids = TopicTaxonomy.Embedded.Topics.Select(t => t.Id).ToHashSet();

        Assert.All(RequiredTopics, id => Assert.Contains(id, ids));
    }

    [Fact]
    public void Taxonomy_EveryTopicHasARegulationMappingOrAnExplicitNone()
    {
        var taxonomy = TopicTaxonomy.Embedded;

        Assert.All(taxonomy.Topics, topic =>
            Assert.True(taxonomy.RegulationsFor(topic.Id).Count > 0 || taxonomy.NoRegulationReason(topic.Id) is not null, $"{topic.Id} has no mapping"));
    }

    [Fact]
    public void Taxonomy_CitesArticleNumbers()
    {
        var taxonomy = TopicTaxonomy.Embedded;

        Assert.Contains(taxonomy.RegulationsFor("subprocessors-transfers"), r => r.Citation == "GDPR Art. 44–49");
        Assert.Contains(taxonomy.RegulationsFor("automated-decisions"), r => r.Citation == "GDPR Art. 22");
        Assert.Contains(taxonomy.RegulationsFor("deletion"), r => r.Citation == "GDPR Art. 17");
        Assert.Contains(taxonomy.RegulationsFor("children"), r => r.Regulation == "COPPA");
        Assert.Contains(taxonomy.RegulationsFor("monitoring-abuse"), r => r.Citation.StartsWith("DSA Art. 14", StringComparison.Ordinal));
        Assert.All(taxonomy.Topics.SelectMany(t => taxonomy.RegulationsFor(t.Id)), r => Assert.Matches(@"Art\.|§|Part|CFR|Annex", r.Citation));
    }

    [Fact]
    public void Load_TopicWithoutMapping_IsRejectedWithTheTopicNamed()
    {
        const string topics = """{ "topics": [ { "id": "a", "name": "A", "severity": "high", "phrases": ["alpha"] }, { "id": "b", "name": "B", "severity": "low", "phrases": ["beta"] } ] }""";
        const string regulations = """{ "mappings": { "a": [ { "regulation": "GDPR", "citation": "GDPR Art. 5" } ] } }""";

        var error = Assert.Throws<TaxonomyException>(() => TopicTaxonomy.Load(Stream(topics), Stream(regulations)));

        Assert.Contains("b", error.Message, StringComparison.Ordinal);
        Assert.Contains("none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitNone_IsAcceptedAndKeepsTheReason()
    {
        const string topics = """{ "topics": [ { "id": "a", "name": "A", "severity": "medium", "patterns": ["\\balpha\\b"] } ] }""";
        const string regulations = """{ "mappings": { "a": { "none": "No tracked rule applies." } } }""";

        var taxonomy = TopicTaxonomy.Load(Stream(topics), Stream(regulations));

        Assert.Empty(taxonomy.RegulationsFor("a"));
        Assert.Equal("No tracked rule applies.", taxonomy.NoRegulationReason("a"));
        Assert.Single(taxonomy.Match("Alpha and beta"));
    }

    [Fact]
    public void Load_BadPattern_NamesTheTopic()
    {
        const string topics = """{ "topics": [ { "id": "broken", "name": "Broken", "severity": "low", "patterns": ["(unclosed"] } ] }""";
        const string regulations = """{ "mappings": { "broken": { "none": "n/a" } } }""";

        var error = Assert.Throws<TaxonomyException>(() => TopicTaxonomy.Load(Stream(topics), Stream(regulations)));

        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddedClauseAboutSharingMetadata_IsHighWithPhraseAndRegulations()
    {
        var before = "## 50. AI Services\n\n50.12. Amazon Bedrock.\n\n50.12.5.0. Models are hosted by AWS.\n";
        var after = before + "\n50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.\n";

        var record = Build(before, after);

        Assert.Equal(Severity.High, record.Severity);
        var topic = Assert.Single(record.Topics, t => t.Id == "third-party-sharing");
        Assert.Contains(topic.Phrases, p => p.Contains("metadata", StringComparison.Ordinal));
        Assert.Contains(record.Regulations, r => r is { Citation: "GDPR Art. 28", TopicId: "third-party-sharing" });
        Assert.Contains(record.Regulations, r => r.Citation == "Cal. Civ. Code §1798.140(ag)");
        Assert.Contains(record.SeverityReasons, r => r.Contains("50.12.5.1", StringComparison.Ordinal) && r.Contains("high-risk", StringComparison.Ordinal));
        Assert.Equal(["third-party-sharing"], record.Changes.Single().TopicIds);
    }

    [Fact]
    public void AddedClauseAboutTraining_IsHigh()
    {
        var record = Build("## Data\n\nWe process inputs to provide the service.\n", "## Data\n\nWe process inputs to provide the service.\n\nWe may use your conversations to train our models unless you opt out.\n");

        Assert.Equal(Severity.High, record.Severity);
        Assert.Contains(record.Topics, t => t.Id == "ai-training");
        Assert.Contains(record.Regulations, r => r.Citation == "EU AI Act Art. 53(1)(d)");
    }

    [Fact]
    public void TypoFixInArbitrationClause_IsLowEditorialWithoutTopics()
    {
        const string before = "## 12. Disputes\n\n12.1. Arbitration. Any dispute will be resolved by binding arbitraton in San Francisco.\n";
        var after = before.Replace("arbitraton", "arbitration", StringComparison.Ordinal);

        var record = Build(before, after);

        Assert.Equal(Severity.Low, record.Severity);
        Assert.Empty(record.Topics);
        Assert.Contains(record.SeverityReasons, r => r.StartsWith("Editorial change", StringComparison.Ordinal));
        Assert.True(record.IsSubstantive);
    }

    [Fact]
    public void ChangedNumberInRetentionClause_IsNotASpellingFix()
    {
        const string before = "## How long we keep it\n\nWe keep prompts and outputs for 30 days after you delete a conversation.\n";
        var after = before.Replace("30 days", "90 days", StringComparison.Ordinal);

        var record = Build(before, after);

        Assert.Contains(record.Topics, t => t.Id == "data-retention");
        Assert.NotEqual(Severity.Low, record.Severity);
        Assert.DoesNotContain(record.SeverityReasons, r => r.StartsWith("Editorial change", StringComparison.Ordinal));
    }

    [Fact]
    public void ChangedWordsInsideArbitrationClause_TouchTheTopicThroughContext()
    {
        const string before = "## 12. Disputes\n\n12.1. Arbitration. You may opt out of arbitration within thirty days of accepting these terms.\n";
        var after = before.Replace("within thirty days of accepting", "within ten days after first accepting", StringComparison.Ordinal);

        var record = Build(before, after);

        Assert.Equal(Severity.High, record.Severity);
        Assert.Contains(record.Topics, t => t.Id == "arbitration" && t.Phrases.Contains("arbitration", StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void MediumTopic_GivesMediumSeverity()
    {
        var record = Build("## Fees\n\nYou pay monthly.\n", "## Fees\n\nYou pay monthly.\n\nWe may change our prices with thirty days notice by email to the account owner.\n");

        Assert.Equal(Severity.Medium, record.Severity);
        Assert.Contains(record.Topics, t => t.Id == "pricing-fees");
        Assert.DoesNotContain(record.Topics, t => TopicTaxonomy.Embedded.Find(t.Id)!.BaseSeverity == Severity.High);
    }

    [Fact]
    public void LongChangeWithoutTopic_IsMedium()
    {
        var record = Build("## About\n\nHello.\n", "## About\n\nHello.\n\nThe company was founded in a small garage and has grown into a team of several hundred people across four continents.\n");

        Assert.Equal(Severity.Medium, record.Severity);
        Assert.Empty(record.Topics);
    }

    [Fact]
    public void RenumberingOnly_IsLowAndNotSubstantive()
    {
        var record = Build(
            "## 4. Fees\n\n4.1. Prices. Prices are listed online.\n\n4.2. Taxes. You pay applicable taxes.\n",
            "## 4. Fees\n\n4.3. Prices. Prices are listed online.\n\n4.4. Taxes. You pay applicable taxes.\n");

        Assert.Equal(Severity.Low, record.Severity);
        Assert.False(record.IsSubstantive);
        Assert.Equal(2, record.Stats.Renumbered);
        Assert.Empty(record.Topics);
        Assert.Contains("renumbered", record.Headline, StringComparison.Ordinal);
        Assert.Contains("not a substantive change", Assert.Single(record.SeverityReasons), StringComparison.Ordinal);
    }

    [Fact]
    public void RemovedChildrenClause_IsHigh()
    {
        var record = Build(
            "## Eligibility\n\nYou must be 18.\n\nWe do not knowingly collect data from children under 13.\n",
            "## Eligibility\n\nYou must be 18.\n");

        Assert.Equal(Severity.High, record.Severity);
        Assert.Contains(record.Topics, t => t.Id == "children");
        Assert.Contains(record.Regulations, r => r.Regulation == "COPPA");
    }

    [Theory]
    [InlineData("12 months", "24 months")]
    [InlineData("two weeks", "four weeks")]
    [InlineData("3 years", "5 years")]
    [InlineData("twelve (12) months", "one year")]
    [InlineData("90 days", "6 months")]
    public void ChangedRetentionPeriod_InAnyUnit_TouchesRetentionAndIsNotLow(string period, string newPeriod)
    {
        var before = $"## How long we keep it\n\nWe retain account logs for {period} after the account is closed.\n";
        var after = before.Replace(period, newPeriod, StringComparison.Ordinal);

        var record = Build(before, after);

        Assert.Contains(record.Topics, t => t.Id == "data-retention");
        Assert.Equal(Severity.Medium, record.Severity);
        Assert.DoesNotContain(record.SeverityReasons, r => r.StartsWith("Editorial change", StringComparison.Ordinal));
    }

    [Fact]
    public void ChangedPeriod_WithoutTopic_IsMediumAndNamesBothPeriods()
    {
        const string before = "## Inactive accounts\n\nAccounts inactive for 12 months are closed.\n";
        var after = before.Replace("12 months", "24 months", StringComparison.Ordinal);

        var record = Build(before, after);

        Assert.Equal(Severity.Medium, record.Severity);
        Assert.Contains(record.SeverityReasons, r => r.Contains("“12 months” → “24 months”", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Section 12 applies.", "Section 14 applies.")]
    [InlineData("We retain logs for 12 months.", "We retain logs for twelve months.")]
    [InlineData("We retain logs for 1 year.", "We retain logs for one year.")]
    public void Durations_SamePeriodsOrNoPeriod_AreNotAChangedPeriod(string before, string after) =>
        Assert.False(Durations.Changed(before, after));

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
