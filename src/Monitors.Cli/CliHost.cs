using Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Cli.Output;
using Monitors.Azure;
using Monitors.Azure.Storage;
using Monitors.Azure.Telemetry;
using Monitors.Core;
using Monitors.Core.Storage;
using Monitors.Web;
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

    /// <summary>Standard output: what the command prints (tables, text, JSON), nothing else.</summary>
    public IAnsiConsole Console { get; init; } = CreateConsole();

    /// <summary>Standard error: errors, hints, logs and progress, so standard output stays parseable.</summary>
    public IAnsiConsole Error { get; init; } = CreateErrorConsole();

    /// <summary>Lowest level logged to <see cref="Error"/>: errors only unless <c>--verbose</c>.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Error;

    /// <summary><c>--verbose</c>: information and warnings on standard error, with full exception details.</summary>
    public bool Verbose { get; set; }

    /// <summary><c>--log-file</c>: every log entry from Information up, with exception details, appended to this file.</summary>
    public string? LogFile { get; set; }

    /// <summary><c>--telemetry console</c>: write the <c>Monitors</c> metrics and check spans to standard output.</summary>
    public bool ConsoleTelemetry { get; set; }

    /// <summary>The services of the last <see cref="Build"/>: they name the store when a command ends on a storage outage.</summary>
    public IServiceProvider? LastServices { get; private set; }

    /// <summary>
    /// The one-line message for <paramref name="exception"/> when it is a storage outage (after the bounded retries), or null.
    /// Commands need not catch storage failures themselves: the CLI reports them as exit 3 with this line.
    /// </summary>
    public string? DescribeOutage(Exception exception)
    {
        if (exception is StorageUnavailableException known)
        {
            return known.Message;
        }

        if (!AzureStorageFaults.IsOutage(exception))
        {
            return null;
        }

        var clients = LastServices?.GetService<StorageClients>();
        return clients is null
            ? $"Azure Storage stopped answering ({exception.GetBaseException().Message}); start Azurite (./run-local.sh, or `npm run azurite`) or check AzureWebJobsStorage, and run the same command."
            : AzureStorageFaults.Describe(clients, exception);
    }

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
                // A person is waiting: a stopped emulator or an unreachable account is reported in seconds, not after a minute of retries.
                new($"{StorageRetry.Section}:MaxRetries", StorageRetry.Interactive.MaxRetries!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new($"{StorageRetry.Section}:RetryDelay", StorageRetry.Interactive.Delay!.Value.ToString("c")),
                new($"{StorageRetry.Section}:MaxRetryDelay", StorageRetry.Interactive.MaxDelay!.Value.ToString("c")),
                new($"{StorageRetry.Section}:NetworkTimeout", StorageRetry.Interactive.NetworkTimeout!.Value.ToString("c")),
                new("Monitors:Catalog:LocalPath", LocalCatalogDirectory),
            ],
        });
        builder.Configuration.AddInMemoryCollection(Settings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        var consoleLevel = Verbose ? LogLevel.Information : LogLevel;
        builder.Logging.SetMinimumLevel(LogFile is null ? consoleLevel : LogLevel.Information);
        builder.Logging.AddProvider(new CliLoggerProvider(Error.Profile.Out.Writer, details: Verbose, consoleLevel));
        if (LogFile is not null)
        {
            builder.Logging.AddProvider(new CliLoggerProvider(OpenLogFile(LogFile), details: true, LogLevel.Information, ownsWriter: true));
        }
        Services?.Invoke(builder.Services);
        services?.Invoke(builder.Services);
        builder.Services.AddMonitorsCore(builder.Configuration).AddMonitorsAzure(builder.Configuration).AddMonitorsSite();
        if (!ConsoleTelemetry)
        {
            var built = Validated(builder.Build());
            LastServices = built.Services;
            return built;
        }

        builder.Services.AddMonitorsOpenTelemetry(builder.Configuration)
            .ConfigureResource(resource => resource.AddService("monitors-cli"))
            .WithMetrics(metrics => metrics.AddConsoleExporter())
            .WithTracing(tracing => tracing.AddConsoleExporter());
        var app = builder.Build();
        // Most commands never start the host, whose hosted service would create the providers: create them now.
        // Disposing the host flushes the metrics, so they print when the command ends.
        _ = app.Services.GetRequiredService<MeterProvider>();
        _ = app.Services.GetRequiredService<TracerProvider>();
        var validated = Validated(app);
        LastServices = validated.Services;
        return validated;
    }

    /// <summary>
    /// Validates every option registered with ValidateOnStart now, before the command prints or serves anything (the
    /// host would only do it in StartAsync, which most commands never call): a bad setting ends the command with exit 2
    /// and a line naming the setting and its rule.
    /// </summary>
    private static IHost Validated(IHost app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return app;
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException || SettingErrors.IsBindingFailure(e))
        {
            app.Dispose();
            throw new CliException(SettingErrors.Describe(e));
        }
    }

    /// <summary>
    /// An Azure Storage request failed or its client gave up retrying. Fetches never throw (they return a result), so in
    /// the CLI these come from storage.
    /// </summary>
    public static bool IsStorageFault(Exception e) => e switch
    {
        RequestFailedException or HttpRequestException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(IsStorageFault),
        _ => false,
    };

    /// <summary>The last underlying cause, e.g. "Connection refused (127.0.0.1:10002)", without the SDK's retry advice.</summary>
    public static string Cause(Exception e) =>
        (e is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.LastOrDefault() ?? e : e).GetBaseException().Message;

    private static StreamWriter OpenLogFile(string path)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--log-file {path}: cannot write there ({e.Message}). Choose a writable path.");
        }
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

    private static IAnsiConsole CreateErrorConsole() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

    /// <summary>Creates the storage the app uses; a clear message when Azure Storage (Azurite) is not reachable.</summary>
    public static async Task EnsureStorageAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception e) when (IsStorageFault(e) || AzureStorageFaults.IsOutage(e) && !cancellationToken.IsCancellationRequested)
        {
            var endpoint = services.GetRequiredService<StorageClients>().Blobs.Uri;
            throw new CliException(
                $"Cannot reach Azure Storage at {endpoint} ({Cause(e)}). " +
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
    /// <summary>Something nothing else covers went wrong (a bug): one line on standard error, the details with --verbose.</summary>
    public const int Unexpected = 4;
    /// <summary>Stopped with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}

/// <summary>A failure the CLI reports as one line and an exit code, without a stack trace.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Bad input reported by a service as an <see cref="ArgumentException"/>: its sentence, without the framework's " (Parameter 'name')".</summary>
    public static CliException From(ArgumentException exception) => new(
        exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal));
}
