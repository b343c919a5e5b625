using System.ComponentModel.DataAnnotations;

namespace Monitors.Core.Fetching;

/// <summary>
/// Limits and politeness settings of the document fetcher, bound from <c>Monitors:Fetch</c>
/// (app setting <c>Monitors__Fetch__Timeout</c> etc.). See <c>docs/fetching.md</c>.
/// </summary>
public sealed class FetchOptions : IValidatableObject
{
    public const string SectionName = "Monitors:Fetch";

    /// <summary>Honest product token; operators should append a contact URL or address of their deployment.</summary>
    public const string DefaultUserAgent = "Monitors/1.0 (governance-document monitor; periodic checks of published terms and policies)";

    /// <summary>Per attempt: the wait for the response headers, and separately the time to read the body.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The deadline of one fetch: waiting for a slot on the host, every hop, its retries and their delays. Must exceed
    /// <see cref="Timeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest body accepted, counted after content decoding (so a gzip bomb stops here too).</summary>
    [Range(1, 512 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Redirects followed per fetch; one more is refused.</summary>
    [Range(0, 50)]
    public int MaxRedirects { get; set; } = 10;

    /// <summary>Allow 127.0.0.0/8 and ::1. Only for tests and local demos.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allow 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 and similar. Only for a deliberately internal deployment.</summary>
    public bool AllowPrivateNetworks { get; set; }

    [Required(AllowEmptyStrings = false)]
    [StringLength(512)]
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>Sent as Accept-Language so a site that varies by language serves the same version every time.</summary>
    [Required(AllowEmptyStrings = false)]
    public string AcceptLanguage { get; set; } = "en-US,en;q=0.9";

    /// <summary>Retries after a transient failure (connection error, timeout, 408, 5xx); 0 disables retries.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones back off exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests in flight to one host (scheme, name and port) at a time; more wait for a slot, within the fetch's deadline.</summary>
    [Range(1, 64)]
    public int MaxConcurrentPerHost { get; set; } = 2;

    /// <summary>
    /// After a host left a request unanswered until <see cref="Timeout"/>, fetches from it fail at once (transient) for this
    /// long instead of each waiting out its own timeout; 0 waits every time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan UnresponsiveHostPause { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TotalTimeout <= Timeout)
        {
            yield return new ValidationResult(
                $"{SectionName}:TotalTimeout ({TotalTimeout}) must be longer than {SectionName}:Timeout ({Timeout}); raise TotalTimeout or lower Timeout.",
                [nameof(TotalTimeout), nameof(Timeout)]);
        }
    }
}
