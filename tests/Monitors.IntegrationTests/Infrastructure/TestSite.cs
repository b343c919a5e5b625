using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>A loopback web server whose answer per path a test sets and changes; it counts the requests it gets.</summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private TestSite(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<TestSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new TestSite(app);
        app.Run(async context =>
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
        });
        await app.StartAsync();
        site.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
