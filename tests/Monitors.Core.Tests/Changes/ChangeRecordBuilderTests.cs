using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;

namespace Monitors.Core.Tests.Changes;

public sealed class ChangeRecordBuilderTests
{
    private const string Before = """
        # AWS Service Terms

        ## 50. AI Services

        50.12. Amazon Bedrock.

        50.12.5. Third-party models.

        50.12.5.0. Models are hosted by AWS in the region you choose.

        50.13. Amazon Q.

        50.13.1. Amazon Q may store your questions for thirty days.

        """;

    private static readonly string After = Before.Replace(
        "50.13. Amazon Q.",
        "50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.\n\n50.13. Amazon Q.",
        StringComparison.Ordinal);

    [Fact]
    public void Build_CarriesTheContextAndADeterministicUrlSafeId()
    {
        var context = ChangeTestData.Context("AWS Service Terms");
        var builder = new StructuredChangeRecordBuilder();

        var first = builder.Build(context, Before, After);
        var second = builder.Build(context, Before, After);
        var other = builder.Build(context with { NewVersionId = "next0003" }, Before, After);

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Matches("^20260314-[0-9a-f]{16}$", first.Id);
        Assert.Equal(context.PlatformId, first.PlatformId);
        Assert.Equal(context.DocumentUrl, first.DocumentUrl);
        Assert.Equal(context.PreviousVersionId, first.PreviousVersionId);
        Assert.Equal(context.NewVersionId, first.NewVersionId);
        Assert.Equal(context.DetectedAt, first.DetectedAt);
    }

    [Fact]
    public void Build_SingleAddedClause_HeadlineNamesThePlaceAndQuotesTheDocument()
    {
        var record = new StructuredChangeRecordBuilder().Build(ChangeTestData.Context("AWS Service Terms"), Before, After);

        var change = Assert.Single(record.Changes);
        Assert.Equal("50 › 50.12 › 50.12.5 › 50.12.5.1", change.Path);
        Assert.Equal(
            "AWS Service Terms › 50. AI Services › 50.12 Amazon Bedrock › 50.12.5 Third-party models — clause 50.12.5.1 added: “AWS may notify Anthropic which metadata is present in your Service inputs.”",
            record.Headline);
        Assert.Equal("Added: “AWS may notify Anthropic which metadata is present in your Service inputs.”", change.Summary);
        Assert.Equal(new ChangeStats(1, 0, 0, 0, 0, 13, 0), record.Stats);
    }

    [Fact]
    public void Build_SummariesOnlyQuoteTheDocument()
    {
        var after = After.Replace("for thirty days", "for ninety days", StringComparison.Ordinal);

        var record = new StructuredChangeRecordBuilder().Build(ChangeTestData.Context("AWS Service Terms"), Before, after);

        Assert.Equal(2, record.Changes.Count);
        foreach (var change in record.Changes)
        {
            var quoted = change.Summary[(change.Summary.IndexOf('“', StringComparison.Ordinal) + 1)..change.Summary.LastIndexOf('”')];
            Assert.Contains(quoted, after, StringComparison.Ordinal);
        }

        Assert.StartsWith("AWS Service Terms", record.Headline, StringComparison.Ordinal);
        Assert.Contains("2 clause changes (1 added, 1 modified)", record.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoChange_IsLowAndNotSubstantive()
    {
        var record = new StructuredChangeRecordBuilder().Build(ChangeTestData.Context(), Before, Before.Replace("\n\n", "\n\n\n", StringComparison.Ordinal));

        Assert.Empty(record.Changes);
        Assert.False(record.IsSubstantive);
        Assert.Equal(Severity.Low, record.Severity);
    }

    [Fact]
    public void AddChangeRecords_RegistersTheBuilderAndRenderer()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddChangeRecords();
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var builder = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IChangeRecordBuilder>(provider);
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ChangeRecordRenderer>(provider);

        Assert.IsType<StructuredChangeRecordBuilder>(builder);
        Assert.Single(builder.Build(ChangeTestData.Context(), Before, After).Changes);
    }
}
