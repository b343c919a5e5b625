using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Cli.Api;
using Monitors.Cli.Demo;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;
using Monitors.Core.Time;
using Monitors.Core.Changes;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// <c>monitors demo</c>: the whole pipeline offline. A loopback site serves a synthetic platform whose documents change
/// between rounds; each round is a scheduled check of every document through the real queue, checker and storage, on a
/// simulated clock (six hours between rounds, the confirmation delay before a re-check).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("demo", "Run the pipeline offline against a synthetic platform served on loopback, over several rounds, and list the change records found.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var clock = new SimulatedClock(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero));
            await using var site = await DemoSite.StartAsync(clock, cancellationToken);
            var run = clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6];
            var platform = new Platform(
                $"example-ai-{run}",
                "Example AI",
                site.BaseUrl.ToString(),
                DemoSite.Documents.Select(d => new DocumentDeclaration(d.Id, d.Title, d.TermsType, new Uri(site.BaseUrl, d.Path), [new CssSelector(PageChrome.ContentSelector)], [new CssSelector(PageChrome.BannerSelector)])).ToArray());
            using var app = host.Build(
                services =>
                {
                    services.AddSingleton(new PlatformCatalog([platform]));
                    services.AddSingleton<TimeProvider>(clock);
                    services.AddEphemeralSigningKeyIfMissing(() => { });
                },
                new Dictionary<string, string?>
                {
                    ["Monitors:Fetch:AllowLoopback"] = "true",
                    // The demo drives confirmation itself on the simulated clock instead of a delayed queue message.
                    ["Monitors:Checks:EnqueueConfirmationChecks"] = "false",
                });
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            host.Console.MarkupLineInterpolated($"Demo platform [bold]{platform.Name}[/] ({platform.Id}) served at {site.BaseUrl}, {DemoSite.Rounds} rounds.");
            var demoSubscribers = await DemoMail.SignUpAsync(app.Services, host.Console, platform, run, cancellationToken);

            var changeIds = new List<string>();
            for (var round = 1; round <= DemoSite.Rounds; round++)
            {
                if (round > 1)
                {
                    clock.Advance(TimeSpan.FromHours(6));
                }

                site.StartRound(round);
                var results = await DemoRound.RunAsync(app.Services, host.Console, platform, clock, cancellationToken);
                host.Console.MarkupLineInterpolated($"[bold]Round {round}[/] at {clock.GetUtcNow():u}");
                CheckRun.PrintSummary(host.Console, results);
                changeIds.AddRange(results.Where(r => r.ChangeId is not null).Select(r => r.ChangeId!));
            }

            var changes = app.Services.GetRequiredService<IChangeStore>();
            var table = new Table().Border(TableBorder.Rounded).Title("Change records found");
            table.AddColumns("Change id", "Document", "Severity", "Headline");
            foreach (var id in changeIds)
            {
                var record = await changes.GetAsync(id, cancellationToken);
                if (record is not null)
                {
                    table.AddRow(Markup.Escape(record.Id), Markup.Escape(record.DocumentTitle), record.Severity.ToString(), Markup.Escape(record.Headline));
                }
            }

            host.Console.Write(table);
            if (changeIds.Count > 0)
            {
                host.Console.MarkupLineInterpolated($"See one with: [bold]monitors show {changeIds[0]}[/]");
            }

            await DemoMail.FinishAsync(app.Services, host.Console, demoSubscribers, clock, cancellationToken);

            return changeIds.Count > 0 ? ExitCodes.Ok : ExitCodes.SomeFailed;
        });
        return command;
    }
}

/// <summary>One round of scheduled checks, then the confirmation re-checks of whatever is pending, on a simulated clock.</summary>
internal static class DemoRound
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IServiceProvider services, IAnsiConsole console, Platform platform, SimulatedClock clock, CancellationToken cancellationToken)
    {
        var first = (await CheckRun.RunAsync(services, console, platform.Id, null, CheckReason.Scheduled, showProgress: false, cancellationToken)).Results;
        var pending = first.Where(r => r.Outcome == CheckOutcome.PendingConfirmation).ToArray();
        if (pending.Length == 0)
        {
            return first;
        }

        var delay = pending.Max(r => platform.FindDocument(r.Document.DocumentId)!.Detection.ConfirmDelay);
        clock.Advance(delay);
        var queue = services.GetRequiredService<IWorkQueue>();
        var runId = CheckOwnership.NewRunId();
        foreach (var p in pending)
        {
            await queue.EnqueueAsync(StorageNames.Queues.Checks, new CheckMessage(p.Document.PlatformId, p.Document.DocumentId, CheckReason.Confirmation, runId), cancellationToken: cancellationToken);
        }

        var confirmed = (await CheckRun.DrainAsync(services, console, runId, pending.Length, showProgress: false, cancellationToken)).Results;
        return first.Where(r => r.Outcome != CheckOutcome.PendingConfirmation).Concat(confirmed).ToArray();
    }
}
