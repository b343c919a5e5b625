using Monitors.Core.Changes;
using Monitors.Core.Changes.Filters;

namespace Monitors.Core.Tests.Changes;

public sealed class ProvisionFilterTests
{
    private const string Before = """
        # AWS Service Terms

        ## 50. AI Services

        50.12. Amazon Bedrock.

        50.12.5. Third-party models.

        50.12.5.0. Models are hosted by AWS.

        50.13. Amazon Q.

        50.13.1. Amazon Q keeps your questions for thirty days.

        ## 51. Other Services

        51.1. Fees. Fees are listed on the pricing page.

        """;

    private static ChangeRecord Build(string after) =>
        new StructuredChangeRecordBuilder().Build(ChangeTestData.Context("AWS Service Terms"), Before, after);

    private static readonly ChangeRecord BedrockChange = Build(Before.Replace(
        "50.13. Amazon Q.", "50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.\n\n50.13. Amazon Q.", StringComparison.Ordinal));

    private static readonly ChangeRecord AmazonQChange = Build(Before.Replace("thirty days", "ninety days", StringComparison.Ordinal));

    [Theory]
    [InlineData("50.12")]
    [InlineData("50 › 50.12")]
    [InlineData("50 > 50.12")]
    [InlineData("Amazon Bedrock")]
    [InlineData("50")]
    public void SectionFilter_MatchesAChangeInsideTheSection(string section)
    {
        Assert.True(ProvisionFilters.Concerns(BedrockChange, ProvisionFilter.ForSection(section)));
    }

    [Theory]
    [InlineData("50.13")]
    [InlineData("51")]
    [InlineData("50.1")]
    [InlineData("Amazon Q")]
    public void SectionFilter_IgnoresChangesElsewhere(string section)
    {
        Assert.False(ProvisionFilters.Concerns(BedrockChange, ProvisionFilter.ForSection(section)));
    }

    [Fact]
    public void TopicFilter_MatchesOnlyChangesTouchingTheTopic()
    {
        Assert.True(ProvisionFilters.Concerns(BedrockChange, ProvisionFilter.ForTopics("third-party-sharing")));
        Assert.False(ProvisionFilters.Concerns(BedrockChange, ProvisionFilter.ForTopics("arbitration")));
        Assert.True(ProvisionFilters.Concerns(AmazonQChange, ProvisionFilter.ForTopics("data-retention")));
    }

    [Fact]
    public void TopicAndSection_MustHoldForTheSameClause()
    {
        var both = Build(Before
            .Replace("thirty days", "ninety days", StringComparison.Ordinal)
            .Replace("50.13. Amazon Q.", "50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.\n\n50.13. Amazon Q.", StringComparison.Ordinal));

        Assert.True(ProvisionFilters.Concerns(both, new ProvisionFilter(["data-retention"], "50.13")));
        Assert.False(ProvisionFilters.Concerns(both, new ProvisionFilter(["data-retention"], "50.12")));
    }

    [Fact]
    public void EmptyFilter_ConcernsEverySubstantiveChange()
    {
        Assert.True(ProvisionFilters.Concerns(BedrockChange, ProvisionFilter.All));
    }

    [Fact]
    public void RenumberingOnly_ConcernsNoFilter()
    {
        var renumbered = Build(Before.Replace("51.1. Fees.", "51.2. Fees.", StringComparison.Ordinal));

        Assert.Equal(ClauseChangeKind.Renumbered, Assert.Single(renumbered.Changes).Kind);
        Assert.False(ProvisionFilters.Concerns(renumbered, ProvisionFilter.ForSection("51")));
        Assert.False(ProvisionFilters.Concerns(renumbered, ProvisionFilter.All));
    }

    [Fact]
    public void Narrow_KeepsOnlyTheClausesAndTopicsTheFilterConcerns()
    {
        var both = Build(Before
            .Replace("thirty days", "ninety days", StringComparison.Ordinal)
            .Replace("50.13. Amazon Q.", "50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.\n\n50.13. Amazon Q.", StringComparison.Ordinal));

        var narrowed = ProvisionFilters.Narrow(both, ProvisionFilter.ForSection("50.12"));

        Assert.NotNull(narrowed);
        Assert.Equal("50 › 50.12 › 50.12.5 › 50.12.5.1", Assert.Single(narrowed.Changes).Path);
        Assert.DoesNotContain(narrowed.Topics, t => t.Id == "data-retention");
        Assert.All(narrowed.Regulations, r => Assert.Contains(r.TopicId, narrowed.Topics.Select(t => t.Id)));
        Assert.Null(ProvisionFilters.Narrow(both, ProvisionFilter.ForSection("51")));
    }
}
