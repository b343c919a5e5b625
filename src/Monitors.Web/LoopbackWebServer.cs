using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitors.Web;

/// <summary>
/// A Kestrel app listening on 127.0.0.1 only (never another interface), with its own logging switched off: the one way
/// the CLI (<c>monitors serve</c>, the demo's and the replay's web sites, the benchmark's hosts) and the tests (stand-in
/// web sites, SendGrid and chat-completions stand-ins) start a web server. Port 0 picks a free port.
/// </summary>
public sealed class LoopbackWebServer : IAsyncDisposable
{
    private LoopbackWebServer(WebApplication app, IReadOnlyList<Uri> baseUrls)
    {
        App = app;
        BaseUrls = baseUrls;
    }

    public WebApplication App { get; }

    /// <summary>The base URL of each listener, in the order of the ports asked for, ending in <c>/</c>.</summary>
    public IReadOnlyList<Uri> BaseUrls { get; }

    /// <summary>The base URL of the first (usually only) listener, ending in <c>/</c>.</summary>
    public Uri BaseUrl => BaseUrls[0];

    /// <summary>Starts one listener on a free port; <paramref name="map"/> adds the endpoints.</summary>
    public static Task<LoopbackWebServer> StartAsync(Action<WebApplication> map, CancellationToken cancellationToken = default) =>
        StartAsync(map, [0], kestrel: null, cancellationToken);

    /// <summary>
    /// Starts one listener per entry of <paramref name="ports"/> (0: a free port), all serving the same app;
    /// <paramref name="kestrel"/> sets server limits.
    /// </summary>
    public static async Task<LoopbackWebServer> StartAsync(
        Action<WebApplication> map,
        IReadOnlyList<int> ports,
        Action<KestrelServerOptions>? kestrel,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfZero(ports.Count, nameof(ports));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            kestrel?.Invoke(options);
            foreach (var port in ports)
            {
                options.Listen(IPAddress.Loopback, port);
            }
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.EndsWith('/') ? a : a + "/"))
            .ToArray();
        return new LoopbackWebServer(app, addresses);
    }

    /// <summary>Stops gracefully: requests in flight may finish (until <paramref name="cancellationToken"/>).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => App.StopAsync(cancellationToken);

    /// <summary>Closes every listener and connection at once.</summary>
    public ValueTask DisposeAsync() => App.DisposeAsync();
}
