using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Monitors.Web;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>A loopback web server whose answer per path a test sets and changes; it counts the requests it gets.</summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private LoopbackWebServer _server = null!;

    public Uri BaseUrl => _server.BaseUrl;

    public static async Task<TestSite> StartAsync()
    {
        var site = new TestSite();
        site._server = await LoopbackWebServer.StartAsync(app => app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            site._hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (site._routes.TryGetValue(path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        }));
        return site;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public void Serve(string path, RequestDelegate handler) => _routes[path] = handler;

    public void ServeHtml(string path, string html, string? etag = null) => Serve(path, async context =>
    {
        if (etag is not null)
        {
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                context.Response.StatusCode = 304;
                return;
            }

            context.Response.Headers.ETag = etag;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html);
    });

    public void ServeStatus(string path, int status, string body = "", string contentType = "text/html") => Serve(path, async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (body.Length > 0)
        {
            await context.Response.WriteAsync(body);
        }
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
