using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Monitors.Web;

namespace Monitors.Core.Tests.Fetching;

/// <summary>
/// A Kestrel server on 127.0.0.1 (random port) that serves whatever a test registers. Each test registers its
/// own unique paths, so tests sharing one server do not see each other's requests.
/// </summary>
public sealed class DocumentServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IHeaderDictionary>> _requests = new(StringComparer.Ordinal);
    private LoopbackWebServer? _server;

    public Uri BaseUrl => _server!.BaseUrl;

    public async Task InitializeAsync() =>
        _server = await LoopbackWebServer.StartAsync(app => app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            _requests.GetOrAdd(path, _ => new()).Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary()));
            if (_routes.TryGetValue(path, out var handler))
                await handler(context);
            else
                context.Response.StatusCode = StatusCodes.Status404NotFound;
        }));

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>Registers <paramref name="handler"/> at a fresh path starting with <paramref name="name"/>; returns its URL.</summary>
    public Uri Serve(string name, RequestDelegate handler)
    {
        var path = $"/{name}-{Guid.NewGuid():N}";
        _routes[path] = handler;
        return new Uri(BaseUrl, path);
    }

    /// <summary>Registers <paramref name="handler"/> at exactly <paramref name="path"/>.</summary>
    public Uri ServeAt(string path, RequestDelegate handler)
    {
        _routes[path] = handler;
        return new Uri(BaseUrl, path);
    }

    /// <summary>Headers of every request the server received for <paramref name="url"/>'s path, in order.</summary>
    public IReadOnlyList<IHeaderDictionary> RequestsTo(Uri url) =>
        _requests.TryGetValue(url.AbsolutePath, out var requests) ? requests.ToArray() : [];

    public static RequestDelegate Respond(int status, string contentType, byte[] body, Action<HttpResponse>? headers = null) =>
        async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            headers?.Invoke(context.Response);
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        };

    public static RequestDelegate Status(int status) => context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    public static RequestDelegate Redirect(int status, string location) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };
}
