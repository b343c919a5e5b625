using System.Diagnostics;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Fetching;
using Polly;

namespace Monitors.Core.Tests.Fetching;

public sealed class HttpDocumentFetcherTests(DocumentServer server) : IClassFixture<DocumentServer>
{
    private const string Page = "<!doctype html><html><head><title>Terms</title></head><body><h1>Terms of Service</h1><p>Be nice.</p></body></html>";
    private static readonly byte[] PageBytes = Encoding.UTF8.GetBytes(Page);

    [Fact]
    public async Task Fetch_Html_ReturnsTextAndValidators()
    {
        var lastModified = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var url = server.Serve("html", DocumentServer.Respond(200, "text/html; charset=utf-8", PageBytes, response =>
        {
            response.Headers.ETag = "\"v1\"";
            response.Headers.LastModified = lastModified.ToString("R");
        }));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal(FailureKind.None, result.Failure);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(Page, result.Text);
        Assert.Equal(PageBytes, result.Body.ToArray());
        Assert.Equal("text/html", result.MediaType);
        Assert.Equal("utf-8", result.Charset);
        Assert.Equal("\"v1\"", result.ETag);
        Assert.Equal(lastModified, result.LastModified);
        Assert.Equal(url, result.FinalUrl);
        Assert.Equal(0, result.Redirects);
    }

    [Fact]
    public async Task Fetch_Xhtml_IsDecodedAsText()
    {
        var url = server.Serve("xhtml", DocumentServer.Respond(200, "application/xhtml+xml", PageBytes));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal("application/xhtml+xml", result.MediaType);
        Assert.Equal(Page, result.Text);
    }

    [Fact]
    public async Task Fetch_MatchingETag_SendsIfNoneMatchAndReturnsNotModified()
    {
        var url = server.Serve("etag", async context =>
        {
            if (context.Request.Headers.IfNoneMatch == "\"abc\"")
            {
                context.Response.StatusCode = 304;
                context.Response.Headers.ETag = "\"abc\"";
                return;
            }
            context.Response.Headers.ETag = "\"abc\"";
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(PageBytes);
        });

        var first = await FetcherHost.FetchAsync(url);
        var second = await FetcherHost.FetchAsync(new FetchRequest(url, first.ETag, first.LastModified));

        Assert.Equal(FetchOutcome.Fetched, first.Outcome);
        Assert.Equal(FetchOutcome.NotModified, second.Outcome);
        Assert.Equal(304, second.StatusCode);
        Assert.Equal("\"abc\"", second.ETag);
        Assert.True(second.Body.IsEmpty);
        Assert.Null(second.Text);
        var requests = server.RequestsTo(url);
        Assert.Equal(2, requests.Count);
        Assert.False(requests[0].ContainsKey("If-None-Match"));
        Assert.Equal("\"abc\"", requests[1].IfNoneMatch.ToString());
    }

    [Fact]
    public async Task Fetch_UnquotedETag_IsKeptAndSentBackAsIs()
    {
        var url = server.Serve("etag-unquoted", async context =>
        {
            if (context.Request.Headers.IfNoneMatch == "abc123")
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.Headers.ETag = "abc123";
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(PageBytes);
        });

        var first = await FetcherHost.FetchAsync(url);
        var second = await FetcherHost.FetchAsync(new FetchRequest(url, first.ETag));

        Assert.Equal("abc123", first.ETag);
        Assert.Equal(FetchOutcome.NotModified, second.Outcome);
    }

    [Fact]
    public async Task Fetch_NotModifiedSince_SendsIfModifiedSinceAndReturnsNotModified()
    {
        var lastModified = new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var url = server.Serve("ims", async context =>
        {
            var since = context.Request.GetTypedHeaders().IfModifiedSince;
            if (since >= lastModified)
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.GetTypedHeaders().LastModified = lastModified;
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(PageBytes);
        });

        var first = await FetcherHost.FetchAsync(url);
        var second = await FetcherHost.FetchAsync(new FetchRequest(url, LastModified: first.LastModified));

        Assert.Equal(FetchOutcome.Fetched, first.Outcome);
        Assert.Equal(lastModified, first.LastModified);
        Assert.Equal(FetchOutcome.NotModified, second.Outcome);
        Assert.Equal(lastModified, second.LastModified);
        Assert.Equal(lastModified.ToString("R"), server.RequestsTo(url)[1].IfModifiedSince.ToString());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Fetch_CompressedBody_IsDecompressed(string encoding)
    {
        var compressed = Compress(PageBytes, encoding);
        var url = server.Serve("compressed", DocumentServer.Respond(200, "text/html; charset=utf-8", compressed,
            response => response.Headers.ContentEncoding = encoding));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal(Page, result.Text);
        Assert.Equal(PageBytes, result.Body.ToArray());
        Assert.Contains(encoding, server.RequestsTo(url)[0].AcceptEncoding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_CharsetInHeader_DecodesWindows1252()
    {
        // “Café” in windows-1252: curly quotes 0x93/0x94 and é 0xE9 are not valid UTF-8.
        var body = Html("<p>\u201CCaf\u00E9\u201D</p>");
        var url = server.Serve("cp1252-header", DocumentServer.Respond(200, "text/html; charset=windows-1252", body));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal("windows-1252", result.Charset);
        Assert.Contains("<p>\u201CCaf\u00E9\u201D</p>", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<meta charset=\"windows-1252\">")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">")]
    [InlineData("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=ISO-8859-1'>")]
    public async Task Fetch_CharsetInMeta_DecodesWindows1252(string meta)
    {
        var body = Windows1252.GetBytes($"<html><head>{meta}</head><body><p>\u201CCaf\u00E9\u201D</p></body></html>");
        var url = server.Serve("cp1252-meta", DocumentServer.Respond(200, "text/html", body));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal("windows-1252", result.Charset);
        Assert.Contains("<p>\u201CCaf\u00E9\u201D</p>", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_NoCharsetAnywhere_DecodesUtf8()
    {
        var body = Encoding.UTF8.GetBytes("<html><body><p>\u201CCaf\u00E9\u201D \u2014 \u6F22\u5B57</p></body></html>");
        var url = server.Serve("utf8", DocumentServer.Respond(200, "text/html", body));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal("utf-8", result.Charset);
        Assert.Contains("\u201CCaf\u00E9\u201D \u2014 \u6F22\u5B57", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ByteOrderMark_WinsOverHeaderAndIsStripped()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<p>Caf\u00E9</p>")).ToArray();
        var url = server.Serve("bom", DocumentServer.Respond(200, "text/html; charset=windows-1252", body));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal("utf-8", result.Charset);
        Assert.Equal("<p>Caf\u00E9</p>", result.Text);
        Assert.Equal(body, result.Body.ToArray()); // the snapshot keeps the bytes as received
    }

    [Fact]
    public async Task Fetch_RedirectChainWithinLimit_FollowsToFinalPage()
    {
        var final = server.Serve("final", DocumentServer.Respond(200, "text/html", PageBytes));
        var second = server.Serve("hop2", DocumentServer.Redirect(302, final.AbsolutePath)); // relative Location
        var first = server.Serve("hop1", DocumentServer.Redirect(301, second.AbsoluteUri));

        var result = await FetcherHost.FetchAsync(first, ("MaxRedirects", "2"));

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal(first, result.RequestedUrl);
        Assert.Equal(final, result.FinalUrl);
        Assert.Equal(2, result.Redirects);
        Assert.Equal(Page, result.Text);
    }

    [Fact]
    public async Task Fetch_RedirectChainOverLimit_IsRefused()
    {
        var final = server.Serve("final", DocumentServer.Respond(200, "text/html", PageBytes));
        var third = server.Serve("hop3", DocumentServer.Redirect(307, final.AbsoluteUri));
        var second = server.Serve("hop2", DocumentServer.Redirect(302, third.AbsoluteUri));
        var first = server.Serve("hop1", DocumentServer.Redirect(301, second.AbsoluteUri));

        var result = await FetcherHost.FetchAsync(first, ("MaxRedirects", "2"));

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Refused, result.Failure);
        Assert.Contains("more than 2", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(server.RequestsTo(final));
    }

    [Fact]
    public async Task Fetch_RedirectLoop_IsRefused()
    {
        var url = server.ServeAt("/loop-" + Guid.NewGuid().ToString("N"), context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = context.Request.Path.Value;
            return Task.CompletedTask;
        });

        var result = await FetcherHost.FetchAsync(url, ("MaxRedirects", "5"));

        Assert.Equal(FailureKind.Refused, result.Failure);
        Assert.Equal(6, server.RequestsTo(url).Count); // the first request and five followed redirects
    }

    [Theory]
    [InlineData("ftp://files.example.com/terms.html")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    public async Task Fetch_RedirectToNonHttpScheme_IsRefused(string location)
    {
        var url = server.Serve("to-other-scheme", DocumentServer.Redirect(302, location));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FailureKind.Refused, result.Failure);
        Assert.Contains("not http or https", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_NonHttpUrl_IsRefusedWithoutRequest()
    {
        var result = await FetcherHost.FetchAsync(new Uri("ftp://files.example.com/terms.html"));

        Assert.Equal(FailureKind.Refused, result.Failure);
        Assert.Null(result.StatusCode);
    }

    [Theory]
    [InlineData(401, FailureKind.Blocked, "blocked")]
    [InlineData(403, FailureKind.Blocked, "refuses the fetcher")]
    [InlineData(429, FailureKind.Blocked, "rate-limits")]
    [InlineData(400, FailureKind.Blocked, "blocked")]
    [InlineData(451, FailureKind.Blocked, "blocked")]
    [InlineData(404, FailureKind.NotFound, "not found")]
    [InlineData(410, FailureKind.NotFound, "not found")]
    public async Task Fetch_ClientErrorStatus_IsClassifiedAndNotRetried(int status, FailureKind expected, string phrase)
    {
        var url = server.Serve($"status-{status}", DocumentServer.Status(status));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(expected, result.Failure);
        Assert.Equal(status, result.StatusCode);
        Assert.StartsWith($"HTTP {status} from 127.0.0.1:", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains(phrase, result.FailureReason, StringComparison.Ordinal);
        Assert.Single(server.RequestsTo(url));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task Fetch_ServerError_IsTransientAfterRetries(int status)
    {
        var url = server.Serve($"status-{status}", DocumentServer.Status(status));

        var result = await FetcherHost.FetchAsync(url, ("MaxRetries", "2"));

        Assert.Equal(FailureKind.Transient, result.Failure);
        Assert.Equal(status, result.StatusCode);
        Assert.StartsWith($"HTTP {status} from 127.0.0.1:", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(3, server.RequestsTo(url).Count); // one attempt and two retries
    }

    [Fact]
    public async Task Fetch_ServerErrorThenSuccess_RecoversOnRetry()
    {
        var calls = 0;
        var url = server.Serve("flaky", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 502;
                return;
            }
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(PageBytes);
        });

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal(2, server.RequestsTo(url).Count);
    }

    [Theory]
    [InlineData(SocketError.HostNotFound, false)]
    [InlineData(SocketError.NoData, false)]
    [InlineData(SocketError.TryAgain, false)]
    [InlineData(SocketError.ConnectionRefused, true)]
    [InlineData(SocketError.TimedOut, true)]
    public void Resilience_NameNotResolved_IsNotRetriedButConnectionErrorsAre(SocketError error, bool retried)
    {
        var exception = new HttpRequestException("connect failed", new SocketException((int)error));

        Assert.Equal(retried, FetchingServiceCollectionExtensions.IsTransient(Outcome.FromException<HttpResponseMessage>(exception)));
    }

    [Fact]
    public async Task Fetch_HostUnderInvalid_FailsSayingTheNameDoesNotResolve()
    {
        var result = await FetcherHost.FetchAsync(new Uri("https://no-such-host.invalid/terms"));

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Transient, result.Failure);
        Assert.Contains("no-such-host.invalid: the host name does not resolve", result.FailureReason, StringComparison.Ordinal);
        // The cause leaves the host out, so a check run can say "N documents: the host name does not resolve" once.
        Assert.Equal(HttpDocumentFetcher.NameNotResolved, result.Cause);
    }

    [Fact]
    public async Task Fetch_FirstFetchesOfAFreshFetcherInParallel_AllFailForTheirRealCause()
    {
        // The first fetches of a process build the resilience pipelines and validate their options at the same time:
        // that must not fail a fetch (it once did, with an InvalidCastException from a validation attribute).
        for (var round = 0; round < 5; round++)
        {
            await using var services = FetcherHost.BuildServices();
            var fetcher = services.GetRequiredService<IDocumentFetcher>();

            var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                Task.Run(() => fetcher.FetchAsync(new FetchRequest(new Uri($"https://host-{round}-{i}.invalid/terms"))))));

            Assert.All(results, r => Assert.Equal(HttpDocumentFetcher.NameNotResolved, r.Cause));
        }
    }

    [Fact]
    public async Task Fetch_TwoHostsAnswering403_ShareOneCauseWithoutTheHost()
    {
        var first = server.Serve("forbidden-a", DocumentServer.Status(403));
        var second = new UriBuilder(server.Serve("forbidden-b", DocumentServer.Status(403))) { Host = "localhost" }.Uri;

        var a = await FetcherHost.FetchAsync(first);
        var b = await FetcherHost.FetchAsync(second);

        Assert.Equal(FailureKind.Blocked, a.Failure);
        Assert.NotEqual(a.FailureReason, b.FailureReason);
        Assert.Equal(a.Cause, b.Cause);
        Assert.StartsWith("HTTP 403: ", a.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Host, a.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_NoRetriesConfigured_TriesOnce()
    {
        var url = server.Serve("no-retry", DocumentServer.Status(500));

        var result = await FetcherHost.FetchAsync(url, ("MaxRetries", "0"));

        Assert.Equal(FailureKind.Transient, result.Failure);
        Assert.Single(server.RequestsTo(url));
    }

    [Fact]
    public async Task Fetch_ServerSlowerThanTimeout_IsTransient()
    {
        var url = server.Serve("slow", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(PageBytes);
        });

        var stopwatch = Stopwatch.StartNew();
        var result = await FetcherHost.FetchAsync(url, ("Timeout", "00:00:00.300"), ("TotalTimeout", "00:00:05"), ("MaxRetries", "1"));

        Assert.Equal(FailureKind.Transient, result.Failure);
        Assert.Contains("no answer within 0.3 s", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(2, server.RequestsTo(url).Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Fetch_BodySlowerThanTimeout_IsTransient()
    {
        var url = server.Serve("slow-body", async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(PageBytes.AsMemory(0, 10));
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });

        var result = await FetcherHost.FetchAsync(url, ("Timeout", "00:00:00.300"));

        Assert.Equal(FailureKind.Transient, result.Failure);
        Assert.Contains("body did not arrive", result.FailureReason, StringComparison.Ordinal);
        Assert.True(result.Body.IsEmpty);
    }

    [Fact]
    public async Task Fetch_CallerCancels_Throws()
    {
        var url = server.Serve("cancel", async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        await using var services = FetcherHost.BuildServices();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => services.GetRequiredService<IDocumentFetcher>().FetchAsync(new FetchRequest(url), cancellation.Token));
    }

    [Fact]
    public async Task Fetch_ContentLengthOverLimit_IsRefusedBeforeReadingBody()
    {
        // The body would never arrive: only refusing on Content-Length gives TooLarge rather than a timeout.
        var url = server.Serve("too-large-declared", async context =>
        {
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = 5000;
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });

        var result = await FetcherHost.FetchAsync(url, ("MaxBodyBytes", "1000"), ("Timeout", "00:00:02"));

        Assert.Equal(FailureKind.TooLarge, result.Failure);
        Assert.Contains("5,000 bytes", result.FailureReason, StringComparison.Ordinal);
        Assert.True(result.Body.IsEmpty);
        Assert.Null(result.Text);
    }

    [Fact]
    public async Task Fetch_ChunkedBodyOverLimit_IsTooLarge()
    {
        var url = server.Serve("too-large-chunked", async context =>
        {
            context.Response.ContentType = "text/html";
            for (var i = 0; i < 10; i++)
            {
                await context.Response.Body.WriteAsync(new byte[300].Select(_ => (byte)'a').ToArray());
                await context.Response.Body.FlushAsync();
            }
        });

        var result = await FetcherHost.FetchAsync(url, ("MaxBodyBytes", "1000"));

        Assert.Equal(FailureKind.TooLarge, result.Failure);
        Assert.True(result.Body.IsEmpty);
    }

    [Fact]
    public async Task Fetch_BodyExactlyAtLimit_IsFetched()
    {
        var body = Encoding.ASCII.GetBytes("<p>" + new string('a', 993) + "</p>");
        Assert.Equal(1000, body.Length);
        var url = server.Serve("at-limit", async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(body); // no Content-Length: counted while streaming
        });

        var result = await FetcherHost.FetchAsync(url, ("MaxBodyBytes", "1000"));

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal(body, result.Body.ToArray());
    }

    [Fact]
    public async Task Fetch_CompressedBodyExpandingOverLimit_IsTooLarge()
    {
        var expanded = Encoding.ASCII.GetBytes("<p>" + new string('a', 100_000) + "</p>");
        var compressed = Compress(expanded, "gzip");
        Assert.True(compressed.Length < 1000);
        var url = server.Serve("gzip-bomb", DocumentServer.Respond(200, "text/html", compressed,
            response => response.Headers.ContentEncoding = "gzip"));

        var result = await FetcherHost.FetchAsync(url, ("MaxBodyBytes", "10000"));

        Assert.Equal(FailureKind.TooLarge, result.Failure);
    }

    [Fact]
    public async Task Fetch_CorruptGzipBody_IsTransientNotThrown()
    {
        var corrupt = Compress(PageBytes, "gzip");
        corrupt.AsSpan(10, 20).Fill(0xFF);
        var url = server.Serve("gzip-corrupt", DocumentServer.Respond(200, "text/html", corrupt,
            response => response.Headers.ContentEncoding = "gzip"));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FailureKind.Transient, result.Failure);
        Assert.Contains("compressed body is corrupt", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_Image_IsUnsupportedContent()
    {
        var url = server.Serve("image", DocumentServer.Respond(200, "image/png", [0x89, (byte)'P', (byte)'N', (byte)'G']));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FailureKind.UnsupportedContent, result.Failure);
        Assert.Contains("image/png", result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    public async Task Fetch_EmptyBody_IsEmpty(string body)
    {
        var url = server.Serve("empty", DocumentServer.Respond(200, "text/html", Encoding.ASCII.GetBytes(body)));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FailureKind.Empty, result.Failure);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task Fetch_Pdf_KeepsBytesWithoutText()
    {
        byte[] pdf = [.. "%PDF-1.7\n"u8, 0xE2, 0xE3, 0xCF, 0xD3, .. "\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8];
        var url = server.Serve("pdf", DocumentServer.Respond(200, "application/pdf", pdf));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal("application/pdf", result.MediaType);
        Assert.Equal(pdf, result.Body.ToArray());
        Assert.Null(result.Text);
        Assert.Null(result.Charset);
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("binary/octet-stream")]
    public async Task Fetch_PdfLabelledOctetStream_IsReadAsPdf(string contentType)
    {
        byte[] pdf = [.. "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8];
        var url = server.Serve("bucket-pdf", DocumentServer.Respond(200, contentType, pdf));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal("application/pdf", result.MediaType);
        Assert.Equal(pdf, result.Body.ToArray());
    }

    [Fact]
    public async Task Fetch_OctetStreamThatIsNotAPdf_IsUnsupportedContent()
    {
        var url = server.Serve("bucket-zip", DocumentServer.Respond(200, "application/octet-stream", [.. "PK\u0003\u0004 a zip"u8]));

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FailureKind.UnsupportedContent, result.Failure);
        Assert.Contains("not a PDF", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_NoContentType_SniffsPdfAndHtml()
    {
        byte[] pdf = [.. "%PDF-1.4\n%%EOF\n"u8];
        var pdfUrl = server.Serve("untyped-pdf", async context => await context.Response.Body.WriteAsync(pdf));
        var htmlUrl = server.Serve("untyped-html", async context => await context.Response.Body.WriteAsync(PageBytes));
        var textUrl = server.Serve("untyped-text", async context => await context.Response.Body.WriteAsync("just text"u8.ToArray()));

        var pdfResult = await FetcherHost.FetchAsync(pdfUrl);
        var htmlResult = await FetcherHost.FetchAsync(htmlUrl);
        var textResult = await FetcherHost.FetchAsync(textUrl);

        Assert.Equal("application/pdf", pdfResult.MediaType);
        Assert.Equal("text/html", htmlResult.MediaType);
        Assert.Equal(Page, htmlResult.Text);
        Assert.Equal(FailureKind.UnsupportedContent, textResult.Failure);
    }

    [Fact]
    public async Task Fetch_SendsConfiguredUserAgentAndLanguage()
    {
        var url = server.Serve("ua", DocumentServer.Respond(200, "text/html", PageBytes));

        await FetcherHost.FetchAsync(url, ("UserAgent", "Monitors-Test/2.0 (+mailto:ops@example.org)"), ("AcceptLanguage", "de"));

        var request = server.RequestsTo(url).Single();
        Assert.Equal("Monitors-Test/2.0 (+mailto:ops@example.org)", request.UserAgent.ToString());
        Assert.Equal("de", request.AcceptLanguage.ToString());
    }

    [Fact]
    public async Task Fetch_DefaultUserAgent_IsSent()
    {
        var url = server.Serve("ua-default", DocumentServer.Respond(200, "text/html", PageBytes));

        await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOptions.DefaultUserAgent, server.RequestsTo(url).Single().UserAgent.ToString());
        Assert.StartsWith("Monitors/", FetchOptions.DefaultUserAgent, StringComparison.Ordinal);
    }

    private static Encoding Windows1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("windows-1252");
        }
    }

    private static byte[] Html(string fragment) => Windows1252.GetBytes($"<html><body>{fragment}</body></html>");

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        })
        {
            compressor.Write(data);
        }
        return output.ToArray();
    }
}
