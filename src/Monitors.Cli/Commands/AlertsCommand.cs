using System.CommandLine;
using Monitors.Cli.Api;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// <c>monitors alerts</c>: the same-day alerts now — the <c>changes</c> queue fanned out to followers, then the <c>alerts</c>
/// queue worked until empty, through the same handlers as the Functions app (<c>serve</c> does this continuously).
/// </summary>
internal static class AlertsCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("alerts", "Send the same-day alerts now: fan out the recorded changes to their followers and work the alerts queue until empty.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var app = host.Build(services => services.AddLocalSigningKeyIfMissing(_ => { }));
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var enqueued = await MailRun.FanOutChangesAsync(app.Services, cancellationToken);
            var outcomes = await MailRun.SendAlertsAsync(app.Services, cancellationToken);
            host.Console.MarkupLineInterpolated($"Alerts: {enqueued} enqueued by the fan-out; handled: {MailRun.Describe(outcomes)}. `monitors outbox` lists the emails written locally.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
