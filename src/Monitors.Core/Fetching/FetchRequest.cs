namespace Monitors.Core.Fetching;

/// <param name="Url">The document's <c>fetch</c> URL.</param>
/// <param name="ETag">Validator from the previous successful fetch, sent as If-None-Match.</param>
/// <param name="LastModified">Validator from the previous successful fetch, sent as If-Modified-Since.</param>
public sealed record FetchRequest(Uri Url, string? ETag = null, DateTimeOffset? LastModified = null);
