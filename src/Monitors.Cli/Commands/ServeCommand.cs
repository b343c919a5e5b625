using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Azure.Storage;
using Monitors.Cli.Api;
using Monitors.Cli.Serve;
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
            var schedule = app.Services.GetRequiredService<IConfiguration>()[AppSettings.CheckSchedule] ?? CronTimerService.DefaultCheckSchedule;
            var digestSchedule = app.Services.GetRequiredService<IConfiguration>()[AppSettings.DigestSchedule] ?? CronTimerService.DefaultDigestSchedule;
            // A bad schedule would only surface when its timer starts, after "Serving": refuse it before anything runs.
            CronTimerService.EnsureValid(AppSettings.CheckSchedule, schedule, CronTimerService.DefaultCheckSchedule);
            CronTimerService.EnsureValid(AppSettings.DigestSchedule, digestSchedule, CronTimerService.DefaultDigestSchedule);
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
