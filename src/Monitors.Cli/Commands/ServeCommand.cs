using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Azure.Storage;
using Monitors.Cli.Api;
using Monitors.Core.Alerts;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;
using NCrontab;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary><c>monitors serve</c>: the local stand-in for the Functions host — the timers and the queue workers, in-process, until stopped.</summary>
internal static class ServeCommand
{
    public const string DefaultCheckSchedule = "0 0 */6 * * *";
    public const string DefaultDigestSchedule = "0 0 8 * * 1";
    public const int DefaultPort = 5080;

    public static Command Create(CliHost host)
    {
        var poll = new Option<int>("--poll-seconds") { Description = "How often the queue workers look for messages.", DefaultValueFactory = _ => 5 };
        var port = new Option<int>("--port") { Description = "Port of the HTTP API and pages on 127.0.0.1 (only loopback is ever bound).", DefaultValueFactory = _ => DefaultPort };
        var command = new Command("serve", "Run the check and digest schedules (CHECK_SCHEDULE, DIGEST_SCHEDULE), the queue workers and the HTTP API on loopback, in-process until stopped (Ctrl+C).") { poll, port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pollInterval = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(poll)));
            var apiPort = parse.GetValue(port);
            if (apiPort is < 1 or > 65535)
            {
                throw new CliException($"--port {apiPort} is not a TCP port (1-65535).");
            }

            string? localKeyFile = null;
            using var app = host.Build(services =>
            {
                services.AddLocalSigningKeyIfMissing(file => localKeyFile = file);
                services.UsePublicBaseUrlIfMissing($"http://127.0.0.1:{apiPort}");
                services.AddHostedService(sp => new LoopbackApiServer(sp, apiPort));
                services.AddHostedService<DigestScheduleService>();
                services.AddHostedService<CheckScheduleService>();
                services.AddHostedService<OutageNoticeService>();
                services.AddHostedService(sp => new QueueWorkerService(sp.GetServices<IQueueHandler>(), sp.GetRequiredService<QueueRunner>(), pollInterval, sp.GetRequiredService<ILogger<QueueWorkerService>>()));
            });
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var schedule = app.Services.GetRequiredService<IConfiguration>()[AppSettings.CheckSchedule] ?? DefaultCheckSchedule;
            var digestSchedule = app.Services.GetRequiredService<IConfiguration>()[AppSettings.DigestSchedule] ?? DefaultDigestSchedule;
            // A bad schedule would only surface when its timer starts, after "Serving": refuse it before anything runs.
            CronTimerService.EnsureValid(AppSettings.CheckSchedule, schedule, DefaultCheckSchedule);
            CronTimerService.EnsureValid(AppSettings.DigestSchedule, digestSchedule, DefaultDigestSchedule);
            host.Console.MarkupLineInterpolated($"Serving: checks on schedule [bold]{schedule}[/], digests on [bold]{digestSchedule}[/], queue workers polling every {pollInterval.TotalSeconds}s.");
            host.Console.MarkupLineInterpolated($"HTTP API and pages on [bold]http://127.0.0.1:{apiPort}/[/] (the site: /, /platforms, /topics, /search; the API under /api/). Ctrl+C stops.");
            await app.StartAsync(cancellationToken);
            _ = app.Services.GetRequiredService<IOptions<TokenOptions>>().Value; // settles whether the local key file is in use
            if (localKeyFile is not null)
            {
                host.Console.MarkupLineInterpolated($"[dim]{LocalSigningKey.Notice(localKeyFile)}[/]");
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>
/// A timer trigger, locally: fires on the NCRONTAB schedule (with seconds) in setting <paramref name="setting"/>, as the
/// Functions timer trigger does with <c>%SETTING%</c>.
/// </summary>
internal abstract partial class CronTimerService(string setting, string defaultSchedule, IConfiguration configuration, TimeProvider time, ILogger logger) : BackgroundService
{
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

/// <summary>The <c>ScheduleChecks</c> timer, locally: every document's check on <c>CHECK_SCHEDULE</c>.</summary>
internal sealed class CheckScheduleService(CheckScheduler scheduler, IConfiguration configuration, TimeProvider time, ILogger<CheckScheduleService> logger)
    : CronTimerService(AppSettings.CheckSchedule, ServeCommand.DefaultCheckSchedule, configuration, time, logger)
{
    protected override async Task<int> FireAsync(CancellationToken cancellationToken) => (await scheduler.EnqueueAsync(cancellationToken: cancellationToken)).Count;
}

/// <summary>The <c>NotifyOutages</c> timer, locally: outage notices on <c>CHECK_SCHEDULE</c>, with the checks.</summary>
internal sealed class OutageNoticeService(OutageNotifier notifier, IConfiguration configuration, TimeProvider time, ILogger<OutageNoticeService> logger)
    : CronTimerService(AppSettings.CheckSchedule, ServeCommand.DefaultCheckSchedule, configuration, time, logger)
{
    protected override Task<int> FireAsync(CancellationToken cancellationToken) => notifier.SendDueAsync(cancellationToken);
}

/// <summary>The <c>ScheduleDigests</c> timer, locally: the weekly digests on <c>DIGEST_SCHEDULE</c> (default Monday 08:00 UTC).</summary>
internal sealed class DigestScheduleService(DigestScheduler scheduler, IConfiguration configuration, TimeProvider time, ILogger<DigestScheduleService> logger)
    : CronTimerService(AppSettings.DigestSchedule, ServeCommand.DefaultDigestSchedule, configuration, time, logger)
{
    protected override async Task<int> FireAsync(CancellationToken cancellationToken) => (await scheduler.EnqueueAsync(cancellationToken: cancellationToken)).Count;
}

/// <summary>The queue triggers, locally: polls each handler's queue and runs its messages.</summary>
internal sealed partial class QueueWorkerService(IEnumerable<IQueueHandler> handlers, QueueRunner runner, TimeSpan pollInterval, ILogger<QueueWorkerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = handlers.ToArray();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var handler in all)
            {
                try
                {
                    await runner.PollAsync(handler.Queue, handler.TryHandleAsync, stoppingToken);
                }
                catch (StorageUnavailableException e)
                {
                    // The messages stay on the queue; polling goes on and picks them up once storage answers again.
                    LogStorageUnavailable(logger, handler.Queue, e.Message);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPollFailed(logger, e, handler.Queue);
                }
            }

            await Task.Delay(pollInterval, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Polling queue {Queue} failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Polling queue {Queue} paused until the next poll: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string queue, string reason);
}
