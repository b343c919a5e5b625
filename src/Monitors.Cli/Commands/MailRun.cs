using System.Collections.Concurrent;
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Email;
using Monitors.Cli.Api;
using Monitors.Core.Alerts;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Email;
using Monitors.Core.Queues;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// Works the email queues until empty through the same handlers as the Functions app: <c>changes</c> (fan-out),
/// <c>alerts</c> and <c>digests</c>. Shared by <c>digest</c>, <c>demo</c> and the subscriber commands.
/// </summary>
internal static class MailRun
{
    /// <summary>
    /// A command that sends mail now (<c>alerts</c>, <c>digest</c>): builds the host with the local signing key the links
    /// in emails need, makes sure storage answers, runs <paramref name="send"/> and prints the line it returns.
    /// </summary>
    public static Command Command(CliHost host, string name, string description, Func<IServiceProvider, CancellationToken, Task<FormattableString>> send)
    {
        var command = new Command(name, description);
        command.SetAction(async (_, cancellationToken) =>
        {
            using var app = host.Build(services => services.AddLocalSigningKeyIfMissing(_ => { }));
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var summary = await send(app.Services, cancellationToken);
            host.Console.MarkupLineInterpolated($"{summary} `monitors outbox` lists the emails written locally.");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static async Task<int> FanOutChangesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var fanOut = services.GetRequiredService<ChangeFanOut>();
        var alerts = 0;
        await services.GetRequiredService<QueueRunner>().DrainAsync(
            StorageNames.Queues.Changes,
            async (body, ct) => Interlocked.Add(ref alerts, (await fanOut.FanOutAsync(MessageJson.Deserialize<ChangeNotice>(body), ct)).Count),
            cancellationToken: cancellationToken);
        return alerts;
    }

    public static async Task<IReadOnlyDictionary<DeliveryOutcome, int>> SendAlertsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var sender = services.GetRequiredService<AlertSender>();
        var outcomes = new ConcurrentDictionary<DeliveryOutcome, int>();
        await services.GetRequiredService<QueueRunner>().DrainAsync(
            StorageNames.Queues.Alerts,
            async (body, ct) => outcomes.AddOrUpdate(await sender.SendAsync(MessageJson.Deserialize<AlertMessage>(body), ct), 1, (_, n) => n + 1),
            cancellationToken: cancellationToken);
        return outcomes;
    }

    public static async Task<IReadOnlyDictionary<DeliveryOutcome, int>> SendDigestsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var sender = services.GetRequiredService<DigestSender>();
        var outcomes = new ConcurrentDictionary<DeliveryOutcome, int>();
        await services.GetRequiredService<QueueRunner>().DrainAsync(
            StorageNames.Queues.Digests,
            async (body, ct) => outcomes.AddOrUpdate(await sender.SendAsync(MessageJson.Deserialize<DigestMessage>(body), ct), 1, (_, n) => n + 1),
            cancellationToken: cancellationToken);
        return outcomes;
    }

    public static string Describe(IReadOnlyDictionary<DeliveryOutcome, int> outcomes) =>
        outcomes.Count == 0 ? "none" : string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}"));

    /// <summary>Prints the outbox emails (newest first), optionally only those to some addresses, and where they are.</summary>
    public static async Task<int> PrintOutboxAsync(IServiceProvider services, IAnsiConsole console, int max, IReadOnlyCollection<string>? to, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IEmailSender>() is not OutboxEmailSender)
        {
            console.MarkupLine("SendGrid is configured (Monitors__Email__SendGridApiKey): emails are sent, not written to the outbox.");
        }

        var entries = await services.GetRequiredService<OutboxReader>().ListAsync(max: to is null ? max : int.MaxValue, cancellationToken: cancellationToken);
        var shown = (to is null ? entries : entries.Where(e => to.Contains(e.To, StringComparer.OrdinalIgnoreCase)).Take(max)).ToArray();
        var table = new Table().Border(TableBorder.Rounded).Title("Emails in the outbox, newest first");
        table.AddColumns("Written (UTC)", "To", "Subject", "File");
        foreach (var e in shown)
        {
            table.AddRow(
                e.WrittenAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(e.To),
                Markup.Escape(e.Subject),
                Markup.Escape(e.Name + ".eml"));
        }

        console.Write(table);
        var directory = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value.OutboxDirectory;
        console.MarkupLineInterpolated($"{shown.Length} email(s), each as .eml and .html in the blob container [bold]{StorageNames.Containers.Outbox}[/].");
        if (!string.IsNullOrEmpty(directory))
        {
            console.MarkupLineInterpolated($"Local folder: [bold]{directory}[/]");
        }
        return shown.Length;
    }
}
