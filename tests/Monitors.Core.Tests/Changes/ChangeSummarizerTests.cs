using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Summaries;

namespace Monitors.Core.Tests.Changes;

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
        await using var server = await ChatCompletionsServer.StartAsync(HttpStatusCode.OK);
        var summarizer = Summarizer(server);
        var record = Record();

        var summary = await summarizer.SummarizeAsync(record);

        Assert.Equal(new WrittenSummary(Canned, SummarySource.Model), summary);
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

    [Fact]
    public async Task Model_ResultIsCachedPerChangeId()
    {
        await using var server = await ChatCompletionsServer.StartAsync(HttpStatusCode.OK);
        var summarizer = Summarizer(server);

        await summarizer.SummarizeAsync(Record());
        var again = await summarizer.SummarizeAsync(Record());
        await summarizer.SummarizeAsync(Record("next0003"));

        Assert.Equal(SummarySource.Model, again.Source);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ServerError_ExtractiveSummaryStands()
    {
        await using var server = await ChatCompletionsServer.StartAsync(HttpStatusCode.InternalServerError);
        var summarizer = Summarizer(server);
        var record = Record();

        var summary = await summarizer.SummarizeAsync(record);

        Assert.Equal(SummarySource.Extractive, summary.Source);
        Assert.Equal(ExtractiveChangeSummarizer.Summarize(record), summary);
        Assert.Contains("AWS may notify Anthropic", summary.Text, StringComparison.Ordinal);
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
    public async Task NotConfigured_DependencyInjectionGivesTheExtractiveSummarizer()
    {
        var provider = new ServiceCollection().AddChangeRecords().BuildServiceProvider();

        var summarizer = provider.GetRequiredService<IChangeSummarizer>();
        var summary = await summarizer.SummarizeAsync(Record());

        Assert.IsType<ExtractiveChangeSummarizer>(summarizer);
        Assert.Equal(SummarySource.Extractive, summary.Source);
    }

    [Fact]
    public void Configured_DependencyInjectionGivesTheModelSummarizer()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Monitors:Summaries:Endpoint"] = "https://example-resource.openai.azure.com/",
            ["Monitors:Summaries:ApiKey"] = "secret",
        }).Build();
        var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddChangeRecords().BuildServiceProvider();

        Assert.IsType<OpenAIChangeSummarizer>(provider.GetRequiredService<IChangeSummarizer>());
        Assert.Equal(new Uri("https://example-resource.openai.azure.com/openai/v1/"), OpenAIChangeSummarizer.ApiBase(new Uri("https://example-resource.openai.azure.com/")));
    }

    private static OpenAIChangeSummarizer Summarizer(ChatCompletionsServer server)
    {
        var options = new SummaryOptions { Endpoint = server.BaseAddress, ApiKey = "test-key", Deployment = "summaries", Timeout = TimeSpan.FromSeconds(10) };
        return new OpenAIChangeSummarizer(OpenAIChangeSummarizer.CreateChatClient(options), Options.Create(options), NullLogger<OpenAIChangeSummarizer>.Instance);
    }

    /// <summary>A loopback Kestrel listener speaking the chat-completions protocol: a canned completion, or an error status.</summary>
    private sealed class ChatCompletionsServer : IAsyncDisposable
    {
        private readonly WebApplication app;

        private ChatCompletionsServer(WebApplication app, Uri baseAddress)
        {
            this.app = app;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public ConcurrentQueue<(string Body, string? ApiKey)> Requests { get; } = new();

        public static async Task<ChatCompletionsServer> StartAsync(HttpStatusCode status)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            ChatCompletionsServer? server = null;
            app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                server!.Requests.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["api-key"].FirstOrDefault()));
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(status == HttpStatusCode.OK
                    ? JsonSerializer.Serialize(new
                    {
                        id = "chatcmpl-test",
                        @object = "chat.completion",
                        created = 1_767_225_600,
                        model = "summaries",
                        choices = new[] { new { index = 0, message = new { role = "assistant", content = Canned }, finish_reason = "stop" } },
                        usage = new { prompt_tokens = 40, completion_tokens = 20, total_tokens = 60 },
                    })
                    : """{"error":{"message":"boom","type":"server_error"}}""");
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server = new ChatCompletionsServer(app, new Uri(address.TrimEnd('/') + "/v1/"));
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
