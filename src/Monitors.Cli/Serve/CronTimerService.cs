using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitors.Azure.Storage;
using Monitors.Core.Storage;
using NCrontab;

namespace Monitors.Cli.Serve;

/// <summary>
/// A timer trigger, locally: fires on the NCRONTAB schedule (with seconds) in setting <paramref name="setting"/>, as the
/// Functions timer trigger does with <c>%SETTING%</c>.
/// </summary>
internal abstract partial class CronTimerService(string setting, string defaultSchedule, IConfiguration configuration, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The Functions app's defaults (<c>CHECK_SCHEDULE</c>, <c>DIGEST_SCHEDULE</c> unset): every 6 hours; Mondays 08:00 UTC.</summary>
    public const string DefaultCheckSchedule = "0 0 */6 * * *";
    public const string DefaultDigestSchedule = "0 0 8 * * 1";

    /// <summary>Enqueues the work of one tick; returns how many messages it enqueued.</summary>
    protected abstract Task<int> FireAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var expression = configuration[setting] ?? defaultSchedule;
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"{setting} '{expression}' is not an NCRONTAB expression with seconds, e.g. '{defaultSchedule}'.");
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                LogFired(logger, setting, await FireAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException && AzureStorageFaults.IsOutage(e))
            {
                // Keep serving: this tick's work is skipped (what it did enqueue stays), the next tick enqueues everything again.
                LogTickSkipped(logger, setting, e.GetBaseException().Message);
            }
        }
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "{Schedule} tick skipped: storage did not answer ({Reason})")]
    private static partial void LogTickSkipped(ILogger logger, string schedule, string reason);

    public static void EnsureValid(string setting, string expression, string example)
    {
        if (CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
        {
            throw new CliException($"Setting {setting} '{expression}' is not an NCRONTAB expression with seconds (six fields), e.g. '{example}'.");
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Schedule} fired: {Count} messages enqueued")]
    private static partial void LogFired(ILogger logger, string schedule, int count);
}
