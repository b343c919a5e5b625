using System.CommandLine;

namespace Monitors.Cli.Commands;

/// <summary>
/// <c>monitors alerts</c>: the same-day alerts now — the <c>changes</c> queue fanned out to followers, then the <c>alerts</c>
/// queue worked until empty, through the same handlers as the Functions app (<c>serve</c> does this continuously).
/// </summary>
internal static class AlertsCommand
{
    public static Command Create(CliHost host) => MailRun.Command(host, "alerts",
        "Send the same-day alerts now: fan out the recorded changes to their followers and work the alerts queue until empty.",
        async (services, cancellationToken) =>
        {
            var enqueued = await MailRun.FanOutChangesAsync(services, cancellationToken);
            var outcomes = await MailRun.SendAlertsAsync(services, cancellationToken);
            return $"Alerts: {enqueued} enqueued by the fan-out; handled: {MailRun.Describe(outcomes)}.";
        });
}
