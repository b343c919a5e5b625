using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Monitors.Core.Changes.Summaries;

/// <summary>
/// A model-written summary from an Azure OpenAI chat deployment through Microsoft.Extensions.AI. The prompt holds the
/// clause changes only (kind, path, title, before and after, each cut to a token budget, the whole cut to another),
/// nothing about the subscriber or the platform. The answer is checked against those clause changes
/// (<see cref="SummaryCheck"/>); on a failed check, an error or a timeout the extractive summary stands. Called once
/// per record, when it is published: the summary is stored with the record, so it is never asked for twice.
/// </summary>
public sealed partial class OpenAIChangeSummarizer(IChatClient chatClient, IOptions<SummaryOptions> options, ILogger<OpenAIChangeSummarizer> logger) : IChangeSummarizer
{
    /// <summary>A rough, conservative characters-per-token ratio for English legal text.</summary>
    private const int CharactersPerToken = 4;

    internal const string Instructions =
        "You summarise changes to an online platform's legal terms for compliance readers. " +
        "Use only the clause changes given. In at most two sentences of plain English, say what changed and for whom, " +
        "citing each clause by the number (or heading) at the end of its path as given. Do not add numbers, periods, " +
        "amounts, dates or facts that are not in the changes; do not speculate or advise; if the changes are only " +
        "editorial, say so.";

    public async Task<ChangeSummary> SummarizeAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var settings = options.Value;
        var given = PromptClauses(change, settings);
        if (given.Count == 0)
        {
            return ExtractiveChangeSummarizer.Summarize(change);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            var response = await chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, Prompt(given, settings))],
                new ChatOptions { MaxOutputTokens = settings.MaxOutputTokens, Temperature = 0 },
                timeout.Token);
            var text = response.Text.Trim();
            if (text.Length == 0)
            {
                LogEmpty(logger, change.Id);
                return ExtractiveChangeSummarizer.Summarize(change);
            }

            if (SummaryCheck.Problem(text, given) is { } problem)
            {
                LogRejected(logger, change.Id, problem);
                return ExtractiveChangeSummarizer.Summarize(change);
            }

            return new ChangeSummary(text, SummaryKind.Model);
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
        var given = PromptClauses(change, settings);
        return given.Count == 0 ? null : Prompt(given, settings);
    }

    /// <summary>
    /// The clause changes the prompt holds, in order: substantive ones, at most <see cref="SummaryOptions.MaxClauseChanges"/>,
    /// and only as many as fit <see cref="SummaryOptions.MaxPromptTokens"/> (always the first). The summary may cite only these.
    /// </summary>
    internal static IReadOnlyList<ClauseChange> PromptClauses(ChangeRecord change, SummaryOptions settings)
    {
        var total = settings.MaxPromptTokens * CharactersPerToken;
        var given = new List<ClauseChange>();
        var used = 0;
        foreach (var clause in change.Changes.Where(c => c.Kind != ClauseChangeKind.Renumbered).Take(settings.MaxClauseChanges))
        {
            var length = Block(clause, settings).Length;
            if (given.Count > 0 && used + length > total)
            {
                break;
            }

            given.Add(clause);
            used += length;
        }

        return given;
    }

    private static string Prompt(IReadOnlyList<ClauseChange> given, SummaryOptions settings)
    {
        var prompt = new StringBuilder();
        for (var i = 0; i < given.Count; i++)
        {
            prompt.Append("Clause change ").Append(i + 1).Append(": ").Append(Block(given[i], settings)).Append('\n');
        }

        return prompt.ToString().TrimEnd();
    }

    private static string Block(ClauseChange clause, SummaryOptions settings)
    {
        var budget = settings.MaxTokensPerChange * CharactersPerToken;
        var block = new StringBuilder();
        block.Append(clause.Kind).Append(' ').Append(clause.Path);
        if (clause.Title is { Length: > 0 } title)
        {
            block.Append(" (").Append(title).Append(')');
        }

        block.Append('\n');
        var hasBefore = clause.Kind != ClauseChangeKind.Added && !string.IsNullOrEmpty(clause.Before);
        var hasAfter = clause.Kind != ClauseChangeKind.Removed && !string.IsNullOrEmpty(clause.After);
        var share = hasBefore && hasAfter ? budget / 2 : budget;
        if (hasBefore)
        {
            block.Append("Before: ").Append(Cut(clause.Before!, share)).Append('\n');
        }

        if (hasAfter)
        {
            block.Append("After: ").Append(Cut(clause.After!, share)).Append('\n');
        }

        return block.ToString();
    }

    /// <summary>An <see cref="IChatClient"/> for an Azure OpenAI deployment (v1 API) or any OpenAI-compatible endpoint.</summary>
    /// <param name="transport">An HTTP client to send through (tests, proxies); the default pipeline otherwise.</param>
    /// <param name="identity">Signs in with Entra ID when <see cref="SummaryOptions.ApiKey"/> is empty (managed identity).</param>
    public static IChatClient CreateChatClient(SummaryOptions settings, HttpClient? transport = null, IModelAccessToken? identity = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException($"{SummaryOptions.Section}:Endpoint is empty: summaries are extractive, no model is asked.");
        }

        if (settings.UsesIdentity && identity is null)
        {
            throw new InvalidOperationException($"{SummaryOptions.Section}:ApiKey is empty and no Entra ID sign-in is available.");
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = ApiBase(settings.Endpoint!),
            // One try: a failed summary falls back at once rather than holding up an alert.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.Timeout,
        };
        // The client always sends its credential as a bearer token: with a key, Azure reads the key from api-key instead;
        // without one, the bearer is an Entra ID token (the placeholder credential below is replaced on every request).
        if (settings.UsesIdentity)
        {
            // Just before the transport, so it comes after the client's own authentication policy.
            clientOptions.AddPolicy(new EntraTokenPolicy(identity!), PipelinePosition.BeforeTransport);
        }
        else
        {
            clientOptions.AddPolicy(new ApiKeyHeaderPolicy(settings.ApiKey!), PipelinePosition.PerCall);
        }
        if (transport is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(transport);
        }

        var credential = new ApiKeyCredential(settings.UsesIdentity ? "entra-id" : settings.ApiKey!);
        return new OpenAIClient(credential, clientOptions).GetChatClient(settings.Deployment ?? throw new InvalidOperationException($"{SummaryOptions.Section}:Deployment is empty.")).AsIChatClient();
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

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "The model's summary of change {ChangeId} was discarded ({Problem}); the extractive summary stands.")]
    private static partial void LogRejected(ILogger logger, string changeId, string problem);

    /// <summary>Replaces the client's bearer token with an Entra ID token for every request (managed identity).</summary>
    private sealed class EntraTokenPolicy(IModelAccessToken identity) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessAsync(message, pipeline, currentIndex).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            var token = await identity.GetTokenAsync(message.CancellationToken).ConfigureAwait(false);
            message.Request.Headers.Set("Authorization", "Bearer " + token);
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
    }

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
