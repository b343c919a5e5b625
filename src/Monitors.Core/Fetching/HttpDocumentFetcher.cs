using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Monitors.Core.Fetching;

/// <summary>
/// Fetches documents with the <c>"documents"</c> <see cref="HttpClient"/> (SSRF-guarded, resilient; see
/// <see cref="FetchingServiceCollectionExtensions.AddDocumentFetching"/>). Redirects are followed here, one hop
/// at a time, so each hop is counted and its scheme checked; every hop's address is checked by the connect callback.
/// </summary>
public sealed partial class HttpDocumentFetcher : IDocumentFetcher
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client used for documents.</summary>
    public const string HttpClientName = "documents";

    private const int InitialBufferBytes = 64 * 1024;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptions<FetchOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HttpDocumentFetcher> _logger;

    public HttpDocumentFetcher(IHttpClientFactory httpClientFactory, IOptions<FetchOptions> options, TimeProvider timeProvider, ILogger<HttpDocumentFetcher> logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await FetchCoreAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == FetchOutcome.Failed)
            LogFetchFailed(request.Url, result.Failure, result.FailureReason);
        else
            LogFetched(request.Url, result.Outcome, result.StatusCode, result.Body.Length, result.Redirects);
        return result;
    }

    private async Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var url = request.Url;
        if (!url.IsAbsoluteUri || !IsHttp(url))
            return Refused(request.Url, url, 0, $"{Describe(url)} is not an http or https URL; only web pages can be fetched");

        var client = _httpClientFactory.CreateClient(HttpClientName);
        for (var redirects = 0; ; redirects++)
        {
            using var message = BuildRequest(url, request, options);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The only exception a caller sees: their own cancellation.
                cancellationToken.ThrowIfCancellationRequested();
                return FromException(request.Url, url, redirects, ex, options);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (IsRedirect(response.StatusCode))
                {
                    var location = response.Headers.Location;
                    if (location is null)
                        return Failure(request.Url, url, redirects, FailureKind.Blocked, status,
                            $"HTTP {status} from {url.Host}: a redirect without a Location header; check the URL in a browser and update the catalog");
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (!IsHttp(next))
                        return Refused(request.Url, url, redirects,
                            $"{url.Host} redirects to {Describe(next)}, which is not http or https; the fetcher only follows web redirects", status);
                    if (redirects + 1 > options.MaxRedirects)
                        return Refused(request.Url, url, redirects,
                            $"{request.Url.Host} redirects more than {options.MaxRedirects} times (last {url.Host} → {next.Host}); point the catalog at the final URL or check for a redirect loop", status);
                    url = next;
                    continue;
                }

                return await FromResponseAsync(request, url, redirects, response, options, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static HttpRequestMessage BuildRequest(Uri url, FetchRequest request, FetchOptions options)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5");
        message.Headers.TryAddWithoutValidation("Accept-Language", options.AcceptLanguage);
        // Validators go on every hop: they describe the document at the end of the chain, and a redirect ignores them.
        if (!string.IsNullOrEmpty(request.ETag))
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (request.LastModified is { } lastModified)
            message.Headers.IfModifiedSince = lastModified;
        return message;
    }

    private async Task<FetchResult> FromResponseAsync(
        FetchRequest request, Uri url, int redirects, HttpResponseMessage response, FetchOptions options, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        // Raw, not parsed: a site sending an unquoted ETag still deserves a conditional GET with it next time.
        var etag = response.Headers.NonValidated.TryGetValues("ETag", out var etags) ? etags.ToString() : null;
        var lastModified = response.Content.Headers.LastModified;

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            if (request.ETag is null && request.LastModified is null)
                return Failure(request.Url, url, redirects, FailureKind.Transient, status,
                    $"HTTP 304 from {url.Host} although no validators were sent; the next check fetches again");
            return new FetchResult
            {
                Outcome = FetchOutcome.NotModified,
                RequestedUrl = request.Url,
                FinalUrl = url,
                StatusCode = status,
                ETag = etag ?? request.ETag,
                LastModified = lastModified ?? request.LastModified,
                Redirects = redirects,
            };
        }

        if (!response.IsSuccessStatusCode)
        {
            var (kind, explanation) = ClassifyStatus(status);
            return Failure(request.Url, url, redirects, kind, status, $"HTTP {status} from {url.Host}: {explanation}") with { Cause = $"HTTP {status}: {explanation}" };
        }

        var contentType = response.Content.Headers.ContentType;
        var mediaType = contentType?.MediaType?.ToLowerInvariant();
        if (mediaType is not null && !IsSupported(mediaType) && !IsUntyped(mediaType))
            return Failure(request.Url, url, redirects, FailureKind.UnsupportedContent, status,
                $"{url.Host} serves {mediaType} at {url.AbsolutePath}; only HTML, XHTML and PDF documents are supported, so check the URL");

        if (response.Content.Headers.ContentLength is long declared && declared > options.MaxBodyBytes)
            return TooLarge(request.Url, url, redirects, status, options, $"announces {declared:N0} bytes (Content-Length)");

        byte[] buffer;
        int length;
        try
        {
            (buffer, length) = await ReadBodyAsync(response.Content, options, cancellationToken).ConfigureAwait(false);
        }
        catch (BodyTooLargeException)
        {
            return TooLarge(request.Url, url, redirects, status, options, $"sent more than {options.MaxBodyBytes:N0} bytes");
        }
        catch (Exception ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var why = ex switch
            {
                OperationCanceledException => $"the body did not arrive within {options.Timeout.TotalSeconds:0.###} s",
                InvalidDataException => $"the compressed body is corrupt ({ex.Message})",
                _ => $"the connection broke while reading the body ({ex.Message})",
            };
            return Failure(request.Url, url, redirects, FailureKind.Transient, status, $"HTTP {status} from {url.Host}, but {why}; the next check tries again");
        }

        var body = new ReadOnlyMemory<byte>(buffer, 0, length);
        if (IsBlank(body.Span))
            return Failure(request.Url, url, redirects, FailureKind.Empty, status,
                $"HTTP {status} from {url.Host} with an empty body; the site may be failing or hiding the page from the fetcher");

        if (mediaType is not null && IsUntyped(mediaType))
        {
            // Storage buckets and download scripts often label a PDF "octet-stream": the signature says what it is.
            if (Sniff(body.Span) != PdfMediaType)
                return Failure(request.Url, url, redirects, FailureKind.UnsupportedContent, status,
                    $"{url.Host} serves {mediaType} at {url.AbsolutePath} and the body is not a PDF; only HTML, XHTML and PDF documents are supported, so check the URL");
            mediaType = PdfMediaType;
        }

        mediaType ??= Sniff(body.Span);
        if (mediaType is null)
            return Failure(request.Url, url, redirects, FailureKind.UnsupportedContent, status,
                $"{url.Host} sends no Content-Type at {url.AbsolutePath} and the body looks like neither HTML nor PDF; check the URL");

        var result = new FetchResult
        {
            Outcome = FetchOutcome.Fetched,
            RequestedUrl = request.Url,
            FinalUrl = url,
            StatusCode = status,
            Body = body,
            MediaType = mediaType,
            ETag = etag,
            LastModified = lastModified,
            Redirects = redirects,
        };
        if (mediaType == PdfMediaType)
            return result;

        var (text, encoding) = DocumentCharset.Decode(body.Span, contentType?.CharSet);
        return result with { Text = text, Charset = encoding.WebName };
    }

    /// <summary>Streams the body into memory, stopping as soon as it passes the limit: never a truncated body.</summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContent content, FetchOptions options, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stream = await content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Room for one byte more than announced, so an honest Content-Length needs no second buffer.
            var capacity = Math.Min((content.Headers.ContentLength ?? InitialBufferBytes) + 1, (long)options.MaxBodyBytes + 1);
            var buffer = new byte[capacity];
            var length = 0;
            while (true)
            {
                // The buffer never grows past limit + 1: one byte over is enough to know the body is too large.
                if (length == buffer.Length)
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)options.MaxBodyBytes + 1));
                var read = await stream.ReadAsync(buffer.AsMemory(length), linked.Token).ConfigureAwait(false);
                if (read == 0)
                    return (buffer, length);
                length += read;
                if (length > options.MaxBodyBytes)
                    throw new BodyTooLargeException();
            }
        }
    }

    private static FetchResult FromException(Uri requested, Uri url, int redirects, Exception exception, FetchOptions options)
    {
        if (Find<AddressRefusedException>(exception) is { } refused)
            return Refused(requested, url, redirects, $"Refused to fetch {url.Scheme}://{url.Authority}: {refused.Message}");

        var why = exception switch
        {
            TimeoutRejectedException => $"no answer within {options.Timeout.TotalSeconds:0.###} s",
            BrokenCircuitException => "too many recent failures, so requests to it are paused for a while",
            RateLimiterRejectedException => "too many requests in flight from this fetcher",
            OperationCanceledException => "the request was cancelled by a timeout",
            _ when IsNameNotResolved(exception) => NameNotResolved + " (check the URL, or the network, if this persists)",
            _ when Find<SocketException>(exception) is { } socket => $"could not connect ({socket.SocketErrorCode})",
            HttpRequestException http => $"the connection failed ({http.HttpRequestError}: {http.Message})",
            _ => $"unexpected {exception.GetType().Name}: {exception.Message}",
        };
        return Failure(requested, url, redirects, FailureKind.Transient, null, $"Could not fetch from {url.Host}: {why}; the next check tries again")
            with { Cause = IsNameNotResolved(exception) ? NameNotResolved : why };
    }

    /// <summary>The <see cref="FetchResult.Cause"/> of a fetch whose host name DNS does not know (or, offline, cannot look up).</summary>
    public const string NameNotResolved = "the host name does not resolve";

    private static (FailureKind Kind, string Explanation) ClassifyStatus(int status) => status switch
    {
        401 => (FailureKind.Blocked, "the site requires a login (blocked); the document must be public to be monitored"),
        403 => (FailureKind.Blocked, "the site refuses the fetcher (blocked); check whether it blocks bots or this network"),
        429 => (FailureKind.Blocked, "the site rate-limits the fetcher (blocked); check less often or ask the site"),
        404 => (FailureKind.NotFound, "the page does not exist (not found); find where the document moved and update the catalog"),
        410 => (FailureKind.NotFound, "the page is gone (not found); find where the document moved and update the catalog"),
        408 => (FailureKind.Transient, "the site timed out the request; the next check tries again"),
        >= 500 => (FailureKind.Transient, "the site has a server error; the next check tries again"),
        >= 400 => (FailureKind.Blocked, "the site rejects the request (blocked); open the URL in a browser and check the catalog entry"),
        _ => (FailureKind.Blocked, "an unexpected status (blocked); open the URL in a browser and check the catalog entry"),
    };

    internal static bool IsTransientStatus(int status) => status == 408 || status >= 500;

    /// <summary>
    /// DNS said the name does not exist (or, offline, that no resolver answers). Asking again a second later gets the
    /// same answer, so the resilience pipeline does not retry it; the next scheduled check is the retry.
    /// </summary>
    internal static bool IsNameNotResolved(Exception exception) =>
        Find<SocketException>(exception) is { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain };

    private const string PdfMediaType = "application/pdf";

    private static bool IsSupported(string mediaType) => mediaType is "text/html" or "application/xhtml+xml" or PdfMediaType;

    /// <summary>A type that says only "bytes": read, and kept when its signature is a PDF's.</summary>
    private static bool IsUntyped(string mediaType) => mediaType is "application/octet-stream" or "binary/octet-stream" or "application/x-download" or "application/force-download";

    /// <summary>Only when the server names no type: a PDF signature or markup at the start.</summary>
    private static string? Sniff(ReadOnlySpan<byte> body)
    {
        var start = body.TrimStart((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]).TrimStart(" \t\r\n"u8);
        if (start.StartsWith("%PDF-"u8))
            return PdfMediaType;
        return start.Length > 0 && start[0] == (byte)'<' ? "text/html" : null;
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => !body.ContainsAnyExcept(" \t\r\n"u8);

    private static bool IsRedirect(HttpStatusCode status) => status is
        HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or
        HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool IsHttp(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;

    private static string Describe(Uri url) => url.IsAbsoluteUri ? $"{url.Scheme}:{(url.Host.Length > 0 ? "//" + url.Host : string.Empty)}" : url.OriginalString;

    internal static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }
        return null;
    }

    private static FetchResult TooLarge(Uri requested, Uri url, int redirects, int status, FetchOptions options, string detail) =>
        Failure(requested, url, redirects, FailureKind.TooLarge, status,
            $"{url.Host} {detail} at {url.AbsolutePath}, over the {options.MaxBodyBytes:N0}-byte limit (too large); raise Monitors:Fetch:MaxBodyBytes if the document is really that large");

    private static FetchResult Refused(Uri requested, Uri url, int redirects, string reason, int? status = null) =>
        Failure(requested, url, redirects, FailureKind.Refused, status, reason);

    private static FetchResult Failure(Uri requested, Uri url, int redirects, FailureKind kind, int? status, string reason) =>
        FetchResult.Failed(requested, kind, reason, status) with { FinalUrl = url, Redirects = redirects };

    private sealed class BodyTooLargeException : Exception;

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Fetched {Url}: {Outcome}, HTTP {Status}, {Bytes} bytes, {Redirects} redirects")]
    private partial void LogFetched(Uri url, FetchOutcome outcome, int? status, int bytes, int redirects);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Fetch of {Url} failed ({Kind}): {Reason}")]
    private partial void LogFetchFailed(Uri url, FailureKind kind, string? reason);
}
