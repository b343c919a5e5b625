using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Monitors.Core.Changes.Summaries;

/// <summary>
/// A written summary from an Azure OpenAI chat deployment through Microsoft.Extensions.AI. The prompt holds the
/// clause changes only (kind, path, title, before and after, each cut to a token budget), nothing about the
/// subscriber or the platform. Results are cached per change id; on any error or timeout the extractive summary
/// stands.
/// </summary>
public sealed partial class OpenAIChangeSummarizer(IChatClient chatClient, IOptions<SummaryOptions> options, ILogger<OpenAIChangeSummarizer> logger) : IChangeSummarizer
{
    /// <summary>A rough, conservative characters-per-token ratio for English legal text.</summary>
    private const int CharactersPerToken = 4;

    internal const string Instructions =
        "You summarise changes to an online platform's legal terms for compliance readers. " +
        "Use only the clause changes given. In at most two sentences of plain English, say what changed and for whom, " +
        "citing clause numbers. Do not speculate, advise or add facts; if the changes are only editorial, say so.";

    private readonly ConcurrentDictionary<string, WrittenSummary> cache = new(StringComparer.Ordinal);

    public async Task<WrittenSummary> SummarizeAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (cache.TryGetValue(change.Id, out var cached))
        {
            return cached;
        }

        var settings = options.Value;
        var prompt = BuildPrompt(change, settings);
        if (prompt is null)
        {
            return ExtractiveChangeSummarizer.Summarize(change);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            var response = await chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { MaxOutputTokens = settings.MaxOutputTokens, Temperature = 0 },
                timeout.Token);
            var text = response.Text.Trim();
            if (text.Length == 0)
            {
                LogEmpty(logger, change.Id);
                return ExtractiveChangeSummarizer.Summarize(change);
            }

            var summary = new WrittenSummary(text, SummarySource.Model);
            if (settings.CacheSize > 0)
            {
                if (cache.Count >= settings.CacheSize)
                {
                    cache.Clear(); // a crude bound: summaries are cheap to ask again and ids rarely repeat
                }

                cache[change.Id] = summary;
            }

            return summary;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of the model (HTTP, timeout, bad payload) leaves the extractive summary in place.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(logger, exception, change.Id);
            return ExtractiveChangeSummarizer.Summarize(change);
        }
    }

    /// <summary>The user message: one block per substantive clause change, each cut to the token budget; null when there is none.</summary>
    internal static string? BuildPrompt(ChangeRecord change, SummaryOptions settings)
    {
        var clauses = change.Changes.Where(c => c.Kind != ClauseChangeKind.Renumbered).Take(settings.MaxClauseChanges).ToList();
        if (clauses.Count == 0)
        {
            return null;
        }

        var budget = settings.MaxTokensPerChange * CharactersPerToken;
        var prompt = new StringBuilder();
        var number = 0;
        foreach (var clause in clauses)
        {
            number++;
            prompt.Append("Clause change ").Append(number).Append(": ").Append(clause.Kind).Append(' ').Append(clause.Path);
            if (clause.Title is { Length: > 0 } title)
            {
                prompt.Append(" (").Append(title).Append(')');
            }

            prompt.Append('\n');
            var hasBefore = clause.Kind != ClauseChangeKind.Added && !string.IsNullOrEmpty(clause.Before);
            var hasAfter = clause.Kind != ClauseChangeKind.Removed && !string.IsNullOrEmpty(clause.After);
            var share = hasBefore && hasAfter ? budget / 2 : budget;
            if (hasBefore)
            {
                prompt.Append("Before: ").Append(Cut(clause.Before!, share)).Append('\n');
            }

            if (hasAfter)
            {
                prompt.Append("After: ").Append(Cut(clause.After!, share)).Append('\n');
            }

            prompt.Append('\n');
        }

        return prompt.ToString().TrimEnd();
    }

    /// <summary>An <see cref="IChatClient"/> for an Azure OpenAI deployment (v1 API) or any OpenAI-compatible endpoint.</summary>
    /// <param name="transport">An HTTP client to send through (tests, proxies); the default pipeline otherwise.</param>
    public static IChatClient CreateChatClient(SummaryOptions settings, HttpClient? transport = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException($"{SummaryOptions.Section}:Endpoint and {SummaryOptions.Section}:ApiKey must both be set to write summaries with a model; leave both empty to keep extractive summaries.");
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = ApiBase(settings.Endpoint!),
            // One try: a failed summary falls back at once rather than holding up an alert.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.Timeout,
        };
        clientOptions.AddPolicy(new ApiKeyHeaderPolicy(settings.ApiKey!), PipelinePosition.PerCall);
        if (transport is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(transport);
        }

        return new OpenAIClient(new ApiKeyCredential(settings.ApiKey!), clientOptions).GetChatClient(settings.Deployment).AsIChatClient();
    }

    /// <summary>An Azure resource address (<c>https://NAME.openai.azure.com/</c>) becomes its v1 API base; other addresses are kept.</summary>
    internal static Uri ApiBase(Uri endpoint)
    {
        var text = endpoint.AbsoluteUri;
        var isAzure = endpoint.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
            || endpoint.Host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase)
            || endpoint.Host.EndsWith(".services.ai.azure.com", StringComparison.OrdinalIgnoreCase);
        if (isAzure && endpoint.AbsolutePath is "/" or "")
        {
            text = text.TrimEnd('/') + "/openai/v1/";
        }

        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private static string Cut(string text, int maxCharacters) =>
        text.Length <= maxCharacters ? text : text[..maxCharacters].TrimEnd() + " …";

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "The written summary of change {ChangeId} failed; the extractive summary stands.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string changeId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "The model returned an empty summary for change {ChangeId}; the extractive summary stands.")]
    private static partial void LogEmpty(ILogger logger, string changeId);

    /// <summary>Azure OpenAI reads the key from <c>api-key</c>; OpenAI-compatible servers from the bearer token the client also sends.</summary>
    private sealed class ApiKeyHeaderPolicy(string apiKey) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("api-key", apiKey);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("api-key", apiKey);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
