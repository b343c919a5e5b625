namespace Monitors.Core.Fetching;

public enum FetchOutcome
{
    /// <summary>200: <see cref="FetchResult.Body"/> holds the decoded page.</summary>
    Fetched,

    /// <summary>304: the server says nothing changed since the validators we sent.</summary>
    NotModified,

    /// <summary>The fetch failed; <see cref="FetchResult.Failure"/> says why.</summary>
    Failed,
}

/// <summary>Why a fetch (or a later step of a check) failed. Recorded on the document's state, never as a change.</summary>
public enum FailureKind
{
    None = 0,
    /// <summary>Timeouts, connection errors, 5xx: try again later.</summary>
    Transient,
    /// <summary>401, 403, 429 and other 4xx (except 404, 408, 410): the site refuses us or the request; a person must look.</summary>
    Blocked,
    /// <summary>404, 410.</summary>
    NotFound,
    /// <summary>The body is over the configured limit.</summary>
    TooLarge,
    /// <summary>The content type is neither HTML nor PDF.</summary>
    UnsupportedContent,
    /// <summary>The body is empty.</summary>
    Empty,
    /// <summary>The URL or an address it resolves to is not allowed (scheme, private range, too many redirects).</summary>
    Refused,
    /// <summary>The page no longer has the declared structure: a selector matched nothing, or nothing was left.</summary>
    StructureChanged,
    /// <summary>The page looks like an error page, a login or bot wall, or collapsed in size.</summary>
    Suspicious,
}

public sealed record FetchResult
{
    public required FetchOutcome Outcome { get; init; }
    public required Uri RequestedUrl { get; init; }
    /// <summary>Final URL after redirects.</summary>
    public Uri? FinalUrl { get; init; }
    public int? StatusCode { get; init; }
    /// <summary>The raw bytes as received (after content decoding), for the snapshot archive.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>Media type without parameters, e.g. <c>text/html</c>.</summary>
    public string? MediaType { get; init; }
    /// <summary>The charset the body was decoded with (from the header, a meta tag, or UTF-8).</summary>
    public string? Charset { get; init; }
    /// <summary>The body decoded to text (HTML); null for PDF or failures.</summary>
    public string? Text { get; init; }
    public string? ETag { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public FailureKind Failure { get; init; }
    /// <summary>A sentence a person can act on, e.g. "HTTP 403 from example.com: the site refuses the fetcher".</summary>
    public string? FailureReason { get; init; }
    /// <summary>Redirects followed to reach <see cref="FinalUrl"/>.</summary>
    public int Redirects { get; init; }

    /// <summary>
    /// Why the fetch failed without naming the host (e.g. "the host name does not resolve"), so that many documents
    /// failing for one reason — every host when the machine is offline — can be reported as one line. Null when the
    /// reason is particular to the document.
    /// </summary>
    public string? Cause { get; init; }

    public static FetchResult Failed(Uri url, FailureKind kind, string reason, int? statusCode = null) =>
        new() { Outcome = FetchOutcome.Failed, RequestedUrl = url, Failure = kind, FailureReason = reason, StatusCode = statusCode };
}
