using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Spectre.Console;
using NCrontab;

namespace Monitors.Cli.Commands;

/// <summary><c>monitors serve</c>: the local stand-in for the Functions host — the timers and the queue workers, in-process, until stopped.</summary>
internal static class ServeCommand
{
    public const string DefaultCheckSchedule = "0 0 */6 * * *";

    public static Command Create(CliHost host)
    {
        var poll = new Option<int>("--poll-seconds") { Description = "How often the queue workers look for messages.", DefaultValueFactory = _ => 5 };
        var command = new Command("serve", "Run the check schedule (CHECK_SCHEDULE) and the queue workers in-process until stopped (Ctrl+C).") { poll };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pollInterval = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(poll)));
            using var app = host.Build(services =>
            {
                services.AddHostedService<CheckScheduleService>();
                services.AddHostedService(sp => new QueueWorkerService(sp.GetServices<IQueueHandler>(), sp.GetRequiredService<QueueRunner>(), pollInterval, sp.GetRequiredService<ILogger<QueueWorkerService>>()));
            });
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var schedule = app.Services.GetRequiredService<IConfiguration>()[AppSettings.CheckSchedule] ?? DefaultCheckSchedule;
            host.Console.MarkupLineInterpolated($"Serving: checks on schedule [bold]{schedule}[/], queue workers polling every {pollInterval.TotalSeconds}s. Ctrl+C stops.");
            await app.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>The <c>ScheduleChecks</c> timer, locally: enqueues every document's check on <c>CHECK_SCHEDULE</c> (NCRONTAB with seconds).</summary>
internal sealed partial class CheckScheduleService(CheckScheduler scheduler, IConfiguration configuration, TimeProvider time, ILogger<CheckScheduleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var expression = configuration[AppSettings.CheckSchedule] ?? ServeCommand.DefaultCheckSchedule;
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"{AppSettings.CheckSchedule} '{expression}' is not an NCRONTAB expression with seconds, e.g. '{ServeCommand.DefaultCheckSchedule}'.");
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            await Task.Delay(next - now, time, stoppingToken);
            var enqueued = await scheduler.EnqueueAsync(cancellationToken: stoppingToken);
            LogScheduled(logger, enqueued.Count);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Scheduled {Count} checks")]
    private static partial void LogScheduled(ILogger logger, int count);
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
                    await runner.DrainAsync(handler.Queue, handler.HandleAsync, cancellationToken: stoppingToken);
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
}
