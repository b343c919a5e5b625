using Microsoft.Extensions.Configuration;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitors.Core.Fetching;

namespace Monitors.Core.Tests.Fetching;

/// <summary>Builds the fetcher the way the app does (<see cref="FetchingServiceCollectionExtensions.AddDocumentFetching"/>), from in-memory settings.</summary>
internal static class FetcherHost
{
    /// <summary>Loopback allowed (the test server lives there), short timeouts and near-instant retries.</summary>
    public static readonly IReadOnlyDictionary<string, string?> TestDefaults = new Dictionary<string, string?>
    {
        ["Monitors:Fetch:AllowLoopback"] = "true",
        ["Monitors:Fetch:Timeout"] = "00:00:05",
        ["Monitors:Fetch:TotalTimeout"] = "00:00:20",
        ["Monitors:Fetch:MaxRetries"] = "2",
        ["Monitors:Fetch:RetryDelay"] = "00:00:00.010",
    };

    public static ServiceProvider BuildServices(params (string Key, string? Value)[] overrides) => BuildServices(null, overrides);

    public static ServiceProvider BuildServices(ILoggerProvider? logs, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(TestDefaults);
        foreach (var (key, value) in overrides)
            settings[$"Monitors:Fetch:{key}"] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging =>
        {
            if (logs is not null)
                logging.AddProvider(logs);
        });
        services.AddDocumentFetching();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Fetches <paramref name="url"/> with a fetcher built from the test defaults plus <paramref name="overrides"/>.</summary>
    public static async Task<FetchResult> FetchAsync(FetchRequest request, params (string Key, string? Value)[] overrides)
    {
        await using var services = BuildServices(overrides);
        return await services.GetRequiredService<IDocumentFetcher>().FetchAsync(request);
    }

    public static Task<FetchResult> FetchAsync(Uri url, params (string Key, string? Value)[] overrides) =>
        FetchAsync(new FetchRequest(url), overrides);
}

/// <summary>Keeps every log message, e.g. the resilience pipeline's "OnRetry" events.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider._messages.Enqueue(formatter(state, exception));
    }
}
