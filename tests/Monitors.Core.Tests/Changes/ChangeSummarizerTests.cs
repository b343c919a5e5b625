using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Summaries;
using Monitors.Testing;

namespace Monitors.Core.Tests.Changes;

/// <summary>Change summaries: the extractive default, and a model's, asked through a loopback chat-completions stand-in.</summary>
public sealed class ChangeSummarizerTests
{
    private const string Canned = "Clause 50.12.5.1 now lets AWS tell Anthropic which metadata your inputs hold.";

    private static readonly string Before = SyntheticLegalText.Terms(20_000)
        + "\n## 50. AI Services\n\n50.12. Amazon Bedrock.\n\n50.12.5.0. Models are hosted by AWS.\n";

    private static readonly string After = Before + "\n50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.\n";

    private static ChangeRecord Record(string? nextVersion = null) =>
        new StructuredChangeRecordBuilder().Build(ChangeTestData.Context("AWS Service Terms", next: nextVersion ?? "next0002"), Before, After);

    [Fact]
    public async Task Model_ReturnsTheCompletion_PromptHoldsOnlyTheClauseChanges()
    {
        await using var server = await ChatCompletionsStandIn.StartAsync(Canned);
        var summarizer = Summarizer(server);
        var record = Record();

        var summary = await summarizer.SummarizeAsync(record);

        Assert.Equal(new ChangeSummary(Canned, SummaryKind.Model), summary);
        Assert.Equal("Summary written by a model from the clause changes below", summary.Label);
        var request = Assert.Single(server.Requests);
        Assert.Equal("test-key", request.ApiKey);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("summaries", body.RootElement.GetProperty("model").GetString());
        var messages = body.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user"], messages.Select(m => m.GetProperty("role").GetString()!).ToArray());
        Assert.Equal(OpenAIChangeSummarizer.Instructions, messages[0].GetProperty("content").GetString());
        var user = messages[1].GetProperty("content").GetString()!;
        Assert.Equal(
            "Clause change 1: Added 50 › 50.12 › 50.12.5.1 (Amazon Bedrock)\nAfter: 50.12.5.1. AWS may notify Anthropic which metadata is present in your Service inputs.",
            user);
        Assert.DoesNotContain("example.com", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(record.Id, request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Under item", request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Clause 50.12.5.1 now gives AWS 30 days to tell Anthropic which metadata your inputs hold.", "\"30\"")]
    [InlineData("Clause 50.12.7 now lets AWS tell Anthropic which metadata your inputs hold.", "\"50.12.7\"")]
    [InlineData("AWS may now tell Anthropic which metadata your inputs hold.", "cites none of the clause paths")]
    public async Task Model_SummaryNamingWhatTheChangesLack_IsDiscardedForTheExtractive(string completion, string why)
    {
        await using var server = await ChatCompletionsStandIn.StartAsync(completion);
        var record = Record();

        var summary = await Summarizer(server).SummarizeAsync(record);

        Assert.Equal(ExtractiveChangeSummarizer.Summarize(record), summary);
        Assert.Equal(SummaryKind.Extractive, summary.Kind);
        Assert.Contains(why, SummaryCheck.Problem(completion, record.Changes), StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryCheck_NumbersAndPathsOfTheChanges_Pass()
    {
        var record = Record();

        Assert.Null(SummaryCheck.Problem("Under 50.12.5.1, AWS may notify Anthropic.", record.Changes));
        // A sentence's full stop after the path does not make another number.
        Assert.Null(SummaryCheck.Problem("AWS may notify Anthropic under clause 50.12.5.1.", record.Changes));
    }

    [Fact]
    public async Task ServerError_ExtractiveSummaryStands()
    {
        await using var server = await ChatCompletionsStandIn.StartAsync(Canned, HttpStatusCode.InternalServerError);
        var summarizer = Summarizer(server);
        var record = Record();

        var summary = await summarizer.SummarizeAsync(record);

        Assert.Equal(SummaryKind.Extractive, summary.Kind);
        Assert.Equal(ExtractiveChangeSummarizer.Summarize(record), summary);
        Assert.Contains("AWS may notify Anthropic", summary.Text, StringComparison.Ordinal);
        Assert.Equal("Summary: the changed clauses' key sentences, quoted", summary.Label);
        Assert.Single(server.Requests); // no retries: the fallback is immediate
    }

    [Fact]
    public void PromptCutsEachClauseToTheTokenBudget()
    {
        var longClause = "50.12.5.1. " + string.Join(' ', Enumerable.Repeat("AWS may notify Anthropic which metadata is present.", 200));
        var record = new StructuredChangeRecordBuilder().Build(ChangeTestData.Context(), Before, Before + "\n" + longClause + "\n");

        var prompt = OpenAIChangeSummarizer.BuildPrompt(record, new SummaryOptions { MaxTokensPerChange = 100 })!;

        Assert.InRange(prompt.Length, 400, 400 + 200);
        Assert.EndsWith(" …", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptBudget_LeavesLaterClausesOut_AndTheSummaryMayNotCiteThem()
    {
        var added = string.Concat(Enumerable.Range(1, 8).Select(i => $"\n50.12.5.{i}. AWS may share item {i} of your metadata with Anthropic. " + string.Join(' ', Enumerable.Repeat("More words of the clause.", 30)) + "\n"));
        var record = new StructuredChangeRecordBuilder().Build(ChangeTestData.Context(), Before, Before + added);
        var options = new SummaryOptions { MaxTokensPerChange = 200, MaxPromptTokens = 450 };

        var given = OpenAIChangeSummarizer.PromptClauses(record, options);
        var prompt = OpenAIChangeSummarizer.BuildPrompt(record, options)!;

        Assert.InRange(given.Count, 1, 3);
        Assert.True(record.Changes.Count >= 8);
        Assert.InRange(prompt.Length, 1, 450 * 4);
        Assert.DoesNotContain("50.12.5.8", prompt, StringComparison.Ordinal);
        await using var server = await ChatCompletionsStandIn.StartAsync("Clause 50.12.5.8 lets AWS share item 8 of your metadata.");
        var summary = await Summarizer(server, options).SummarizeAsync(record);
        Assert.Equal(SummaryKind.Extractive, summary.Kind);
    }

    [Fact]
    public async Task NoKey_SignsInWithTheEntraIdToken()
    {
        await using var server = await ChatCompletionsStandIn.StartAsync(Canned);
        var options = new SummaryOptions { Endpoint = server.BaseAddress, Deployment = "summaries", Timeout = TimeSpan.FromSeconds(10) };
        var summarizer = new OpenAIChangeSummarizer(
            OpenAIChangeSummarizer.CreateChatClient(options, identity: new FixedToken("entra-token-1")), Options.Create(options), NullLogger<OpenAIChangeSummarizer>.Instance);

        var summary = await summarizer.SummarizeAsync(Record());

        Assert.Equal(SummaryKind.Model, summary.Kind);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer entra-token-1", request.Authorization);
        Assert.Null(request.ApiKey);
    }

    [Fact]
    public async Task NotConfigured_DependencyInjectionGivesTheExtractiveSummarizer()
    {
        var provider = new ServiceCollection().AddChangeRecords().BuildServiceProvider();

        var summarizer = provider.GetRequiredService<IChangeSummarizer>();
        var summary = await summarizer.SummarizeAsync(Record());

        Assert.IsType<ExtractiveChangeSummarizer>(summarizer);
        Assert.Equal(SummaryKind.Extractive, summary.Kind);
    }

    [Fact]
    public void EmptyEndpointSetting_IsOff()
    {
        // The Bicep deployment writes empty settings when summaries are off.
        var provider = Provider(("Endpoint", ""), ("Deployment", ""));

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<ExtractiveChangeSummarizer>(provider.GetRequiredService<IChangeSummarizer>());
    }

    [Fact]
    public void Configured_DependencyInjectionGivesTheModelSummarizer()
    {
        var provider = Provider(("Endpoint", "https://example-resource.openai.azure.com/"), ("ApiKey", "secret"));

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<OpenAIChangeSummarizer>(provider.GetRequiredService<IChangeSummarizer>());
        Assert.Equal(new Uri("https://example-resource.openai.azure.com/openai/v1/"), OpenAIChangeSummarizer.ApiBase(new Uri("https://example-resource.openai.azure.com/")));
    }

    [Theory]
    [InlineData("http://example-resource.openai.azure.com/", "secret", "absolute https URL")]
    [InlineData("openai.azure.com", "secret", "absolute https URL")]
    [InlineData("https://example-resource.openai.azure.com/", "", "ApiKey is empty")]
    [InlineData("https://example-resource.openai.azure.com/", "secret", "Deployment is empty", "")]
    public void BadSettings_FailOnStart_NamingTheSettingAndTheFix(string endpoint, string key, string message, string deployment = "summaries")
    {
        var provider = Provider(("Endpoint", endpoint), ("ApiKey", key), ("Deployment", deployment));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Monitors:Summaries:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoKeyButAnIdentity_IsValid()
    {
        var provider = Provider(
            services => services.AddSingleton<IModelAccessToken>(new FixedToken("t")),
            ("Endpoint", "https://example-resource.openai.azure.com/"));

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<OpenAIChangeSummarizer>(provider.GetRequiredService<IChangeSummarizer>());
    }

    private static ServiceProvider Provider(params (string Key, string Value)[] settings) => Provider(null, settings);

    private static ServiceProvider Provider(Action<IServiceCollection>? configure, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{SummaryOptions.Section}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        configure?.Invoke(services);
        return services.AddChangeRecords().BuildServiceProvider();
    }

    private static OpenAIChangeSummarizer Summarizer(ChatCompletionsStandIn server, SummaryOptions? options = null)
    {
        options ??= new SummaryOptions();
        options.Endpoint = server.BaseAddress;
        options.ApiKey = "test-key";
        options.Deployment = "summaries";
        options.Timeout = TimeSpan.FromSeconds(10);
        return new OpenAIChangeSummarizer(OpenAIChangeSummarizer.CreateChatClient(options), Options.Create(options), NullLogger<OpenAIChangeSummarizer>.Instance);
    }

    private sealed class FixedToken(string token) : IModelAccessToken
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }
}
