using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    private WebApplication? _app;

    /// <summary>Where it listens, once started (port 0 picks a free port).</summary>
    public Uri? BaseUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var site = services.GetRequiredService<SiteApplication>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = ApiRequest.MaxBodyLength * 4;
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            await using var scope = scopes.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            await site.InvokeAsync(context);
        });
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
}
