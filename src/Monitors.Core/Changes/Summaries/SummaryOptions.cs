using System.ComponentModel.DataAnnotations;

namespace Monitors.Core.Changes.Summaries;

/// <summary>
/// The optional written summary (<c>Monitors:Summaries</c>). Off unless both <see cref="Endpoint"/> and
/// <see cref="ApiKey"/> are set; then an Azure OpenAI (or any OpenAI-compatible) chat deployment writes it.
/// </summary>
public sealed class SummaryOptions
{
    public const string Section = "Monitors:Summaries";

    /// <summary>The Azure OpenAI resource (<c>https://NAME.openai.azure.com/</c>) or an OpenAI-compatible <c>…/v1/</c> base address.</summary>
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The deployment (Azure) or model name.</summary>
    [Required]
    public string Deployment { get; set; } = "gpt-4o-mini";

    /// <summary>Roughly how many tokens of each clause change go into the prompt (before and after together).</summary>
    [Range(50, 4_000)]
    public int MaxTokensPerChange { get; set; } = 300;

    /// <summary>Clause changes beyond this many are left out of the prompt.</summary>
    [Range(1, 100)]
    public int MaxClauseChanges { get; set; } = 12;

    [Range(16, 2_000)]
    public int MaxOutputTokens { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Summaries kept in memory, by change id.</summary>
    [Range(0, 100_000)]
    public int CacheSize { get; set; } = 1_000;

    public bool IsConfigured => Endpoint is not null && !string.IsNullOrWhiteSpace(ApiKey);
}
