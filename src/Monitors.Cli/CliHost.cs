using Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitors.Azure;
using Monitors.Azure.Storage;
using Monitors.Core;
using Monitors.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Spectre.Console;

namespace Monitors.Cli;

/// <summary>Builds the same service graph as the Functions app (AddMonitorsCore + AddMonitorsAzure) for one CLI command.</summary>
internal sealed class CliHost
{
    /// <summary>Settings that tests (and the demo) lay over environment variables and appsettings.json.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    public IAnsiConsole Console { get; init; } = CreateConsole();

    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary><c>--telemetry console</c>: write the <c>Monitors</c> metrics and check spans to standard output.</summary>
    public bool ConsoleTelemetry { get; set; }

    /// <summary>Registrations made before the defaults, e.g. a demo catalog or a simulated clock.</summary>
    public Action<IServiceCollection>? Services { get; set; }

    /// <summary>Where <c>monitors demo</c> writes its platform declarations, laid over the catalog by every command.</summary>
    public static string LocalCatalogDirectory => Path.Combine(Directory.GetCurrentDirectory(), ".monitors", "catalog");

    public IHost Build(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        // The CLI's outbox also writes each email to a local folder it can print, and local platform declarations (the
        // demo's) sit beside the catalog; any setting overrides these defaults.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Monitors:Email:OutboxDirectory", Path.Combine(Directory.GetCurrentDirectory(), ".outbox")),
                new("Monitors:Catalog:LocalPath", LocalCatalogDirectory),
            ],
        });
        builder.Configuration.AddInMemoryCollection(Settings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Error);
        Services?.Invoke(builder.Services);
        services?.Invoke(builder.Services);
        builder.Services.AddMonitorsCore(builder.Configuration).AddMonitorsAzure(builder.Configuration);
        if (!ConsoleTelemetry)
        {
            return builder.Build();
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("monitors-cli"))
            .WithMetrics(metrics => metrics.AddMeter(MonitorsTelemetry.Name).AddConsoleExporter())
            .WithTracing(tracing => tracing.AddSource(MonitorsTelemetry.Name).AddConsoleExporter());
        var app = builder.Build();
        // Most commands never start the host, whose hosted service would create the providers: create them now.
        // Disposing the host flushes the metrics, so they print when the command ends.
        _ = app.Services.GetRequiredService<MeterProvider>();
        _ = app.Services.GetRequiredService<TracerProvider>();
        return app;
    }

    /// <summary>The terminal; when output is redirected (CI logs, files) tables get 160 columns instead of 80.</summary>
    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Console;
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>Creates the storage the app uses; a clear message when Azure Storage (Azurite) is not reachable.</summary>
    public static async Task EnsureStorageAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            var endpoint = services.GetRequiredService<StorageClients>().Blobs.Uri;
            throw new CliException(
                $"Cannot reach Azure Storage at {endpoint} ({e.GetBaseException().Message}). " +
                "Start Azurite (`npm run azurite`, or ./run-local.sh which starts it), or set AzureWebJobsStorage.",
                ExitCodes.StorageUnavailable);
        }
    }
}

/// <summary>Exit codes of <c>monitors</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran, but some checks failed (or, for replay, some transitions did not match their labels).</summary>
    public const int SomeFailed = 1;
    /// <summary>Bad input: a bad catalog, an unknown platform or change id, bad arguments.</summary>
    public const int BadInput = 2;
    public const int StorageUnavailable = 3;
}

/// <summary>A failure the CLI reports as one line and an exit code, without a stack trace.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
