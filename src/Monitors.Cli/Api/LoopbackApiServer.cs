using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitors.Core.Api;

namespace Monitors.Cli.Api;

/// <summary>
/// The HTTP API and pages of <c>monitors serve</c>: a Kestrel minimal host on 127.0.0.1 (never another interface) that
/// hands every request to the same <see cref="ApiRouter"/> the Functions app calls.
/// </summary>
internal sealed class LoopbackApiServer(ApiRouter router, int port) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where it listens, once started (port 0 picks a free port).</summary>
    public Uri? BaseUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ApiRequest.MaxBodyLength * 4);
        var app = builder.Build();
        app.Run(context => HandleAsync(router, context));
        await app.StartAsync(cancellationToken);
        _app = app;
        BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    internal static async Task HandleAsync(ApiRouter router, HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var buffer = new char[ApiRequest.MaxBodyLength + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), context.RequestAborted);
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        var apiRequest = ApiRequest.Create(request.Method, request.Path.Value ?? "/", request.QueryString.Value, headers, new string(buffer, 0, read));

        var response = await router.HandleAsync(apiRequest, context.RequestAborted);
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Status != StatusCodes.Status204NoContent)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
    }
}
