using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitors.Core.Api;
using Monitors.Web;

namespace Monitors.Cli.Api;

/// <summary>
/// The site and API of <c>monitors serve</c>: Kestrel on 127.0.0.1 (never another interface) handing every request to
/// the same <see cref="SiteApplication"/> pipeline the Functions app runs, with request services from the CLI's host
/// (one scope per request, as the Functions worker gives each invocation).
/// </summary>
internal sealed class LoopbackApiServer(IServiceProvider services, int port) : IHostedService, IAsyncDisposable
{
    private LoopbackWebServer? _server;

    /// <summary>Where it listens, once started (port 0 picks a free port).</summary>
    public Uri? BaseUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var site = services.GetRequiredService<SiteApplication>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        _server = await LoopbackWebServer.StartAsync(
            app => app.Run(async context =>
            {
                await using var scope = scopes.CreateAsyncScope();
                context.RequestServices = scope.ServiceProvider;
                await site.InvokeAsync(context);
            }),
            [port],
            kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = ApiRequest.MaxBodyLength * 4;
                kestrel.AddServerHeader = false;
            },
            cancellationToken);
        BaseUrl = _server.BaseUrl;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
