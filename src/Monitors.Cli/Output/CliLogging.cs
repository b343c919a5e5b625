using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Monitors.Cli.Output;

/// <summary>
/// The CLI's loggers. Standard output carries only what the command prints (tables, JSON); logs go to standard error,
/// quiet by default: errors only, one line each, an exception reduced to its message. <c>--verbose</c> adds
/// information, warnings and full exception details; <c>--log-file</c> keeps all of that in a file whatever the
/// console shows.
/// </summary>
internal sealed class CliLoggerProvider(TextWriter writer, bool details, LogLevel minimum, bool ownsWriter = false) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new CliLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            writer.Flush();
            if (ownsWriter)
            {
                writer.Dispose();
            }
        }
    }

    /// <summary>The resilience pipeline and HttpClient log each attempt; the check result already says what failed.</summary>
    private bool IsShown(string category, LogLevel level) =>
        level >= minimum && level != LogLevel.None
        && (details || !(category.StartsWith("Polly", StringComparison.Ordinal) || category.StartsWith("System.Net.Http", StringComparison.Ordinal)));

    private void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        string line;
        if (details)
        {
            line = string.Create(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {Label(level)} {category}[{eventId.Id}]: {message}");
            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }
        }
        else
        {
            line = $"{Label(level)}: {message}";
            if (exception is not null && !message.Contains(exception.GetBaseException().Message, StringComparison.Ordinal))
            {
                line += $" ({exception.GetBaseException().Message})";
            }
        }

        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Critical => "critical",
        LogLevel.Error => "error",
        LogLevel.Warning => "warning",
        LogLevel.Information => "info",
        LogLevel.Debug => "debug",
        _ => "trace",
    };

    private sealed class CliLogger(CliLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider.IsShown(category, logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsShown(logLevel))
            {
                provider.Write(category, logLevel, eventId, formatter(state, exception), exception);
            }
        }

        private bool IsShown(LogLevel logLevel) => provider.IsShown(category, logLevel);
    }
}
