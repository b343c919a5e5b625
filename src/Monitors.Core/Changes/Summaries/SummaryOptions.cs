using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Monitors.Core.Changes.Summaries;

/// <summary>
/// Model-written summaries (<c>Monitors:Summaries</c>). Off while <see cref="Endpoint"/> is empty: every record then
/// gets the extractive summary. With an endpoint, an Azure OpenAI (or any OpenAI-compatible) chat deployment writes
/// them, signed in with <see cref="ApiKey"/> or, without one, with the app's Entra ID identity (managed identity in
/// Azure, <c>az login</c> locally; see <see cref="IModelAccessToken"/>).
/// </summary>
public sealed class SummaryOptions
{
    public const string Section = "Monitors:Summaries";

    /// <summary>The Azure OpenAI resource (<c>https://NAME.openai.azure.com/</c>) or an OpenAI-compatible <c>…/v1/</c> base address; empty: off.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The resource's key; empty: sign in with Entra ID (managed identity) instead, as the Bicep deployment does.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The deployment (Azure) or model name; required with an endpoint (the Bicep writes an empty one when off).</summary>
    public string? Deployment { get; set; } = "gpt-4o-mini";

    /// <summary>Roughly how many tokens of each clause change go into the prompt (before and after together).</summary>
    [Range(50, 4_000)]
    public int MaxTokensPerChange { get; set; } = 300;

    /// <summary>Roughly how many tokens the whole prompt may hold: clause changes past it are left out (and may not be cited).</summary>
    [Range(100, 100_000)]
    public int MaxPromptTokens { get; set; } = 3_000;

    /// <summary>Clause changes beyond this many are left out of the prompt.</summary>
    [Range(1, 100)]
    public int MaxClauseChanges { get; set; } = 12;

    [Range(16, 2_000)]
    public int MaxOutputTokens { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An endpoint is set (an empty app setting, as the Bicep writes when summaries are off, is none).</summary>
    public bool IsConfigured => Endpoint is { OriginalString.Length: > 0 };

    /// <summary>Signs in with Entra ID rather than a key.</summary>
    public bool UsesIdentity => string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary>The rules a data annotation cannot say: an endpoint is an absolute https URL (http only on loopback), and keyless needs an identity.</summary>
internal sealed class SummaryOptionsValidator(bool identityAvailable) : IValidateOptions<SummaryOptions>
{
    public ValidateOptionsResult Validate(string? name, SummaryOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var endpoint = options.Endpoint!;
        if (!endpoint.IsAbsoluteUri || !(endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
        {
            return ValidateOptionsResult.Fail(
                $"{SummaryOptions.Section}:Endpoint must be an absolute https URL (e.g. https://NAME.openai.azure.com/), or empty to keep extractive summaries; http is allowed only on loopback.");
        }

        if (string.IsNullOrWhiteSpace(options.Deployment))
        {
            return ValidateOptionsResult.Fail($"{SummaryOptions.Section}:Deployment is empty: name the chat deployment (or model) that writes summaries.");
        }

        if (options.UsesIdentity && !identityAvailable)
        {
            return ValidateOptionsResult.Fail(
                $"{SummaryOptions.Section}:ApiKey is empty and no Entra ID sign-in is registered for the model endpoint: set the key, or run with the Azure services (AddMonitorsAzure) so managed identity is used.");
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>
/// An Entra ID access token for the model endpoint, used when no API key is set. Monitors.Azure provides it with
/// DefaultAzureCredential (the app's managed identity in Azure); Core stays free of Azure SDKs.
/// </summary>
public interface IModelAccessToken
{
    /// <summary>A bearer token for <c>https://cognitiveservices.azure.com/.default</c>, fresh enough to send now.</summary>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}
