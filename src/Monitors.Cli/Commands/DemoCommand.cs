using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitors.Cli.Api;
using Monitors.Cli.Sites;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;
using Monitors.Core.Time;
using Monitors.Core.Changes;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// <c>monitors demo</c>: the whole pipeline offline, leaving a local dataset behind. A loopback site serves three
/// synthetic platforms whose documents change between rounds; each round is a scheduled check of every document through
/// the real queue, checker and storage, on a simulated clock (a day between rounds, the confirmation delay before a
/// re-check). The platforms' declarations are written to the local catalog (<c>./.monitors/catalog</c>), so
/// <c>history</c>, <c>status</c> and the site served by <c>serve</c> show them; the emails' links are signed with the
/// local key <c>serve</c> also uses.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliHost host)
    {
        var suffix = new Option<string?>("--id-suffix")
        {
            Description = "Append '-SUFFIX' to the demo's platform ids, to run the demo again on storage that already holds an earlier run (lowercase letters, digits, hyphens).",
        };
        var command = new Command("demo", "Run the pipeline offline against three synthetic platforms served on loopback, over several rounds; list the change records found and leave them for history, status and serve.") { suffix };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var idSuffix = parse.GetValue(suffix);
            if (idSuffix is not null && (idSuffix.Length is 0 or > 24 || !idSuffix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
            {
                throw new CliException($"--id-suffix '{idSuffix}' is not usable in a platform id: use 1-24 lowercase letters, digits or hyphens, e.g. --id-suffix 2.");
            }

            // The rounds end just before now, so the site shows them as the latest changes and the links in the demo's
            // emails (their lifetimes count from when they were sent) still work afterwards.
            var now = TimeProvider.System.GetUtcNow();
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero) - TimeSpan.FromDays(DemoSite.Rounds - 1) - TimeSpan.FromHours(1);
            var clock = new SimulatedClock(start);
            await using var site = await DemoSite.StartAsync(clock, cancellationToken);
            var run = clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6];
            var platforms = DemoSite.Platforms.Select(p => p.Declare(idSuffix is null ? p.Id : $"{p.Id}-{idSuffix}", site.BaseUrl)).ToArray();
            using var app = host.Build(
                services =>
                {
                    services.AddSingleton(new PlatformCatalog(platforms));
                    services.AddSingleton<TimeProvider>(clock);
                    services.AddLocalSigningKeyIfMissing(_ => { });
                },
                new Dictionary<string, string?>
                {
                    ["Monitors:Fetch:AllowLoopback"] = "true",
                    // The demo drives confirmation itself on the simulated clock instead of a delayed queue message.
                    ["Monitors:Checks:EnqueueConfirmationChecks"] = "false",
                });
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            await RefuseEarlierRunAsync(app.Services, platforms, cancellationToken);
            var localCatalog = WriteLocalCatalog(app.Services, platforms);
            host.Console.MarkupLineInterpolated($"Demo platforms [bold]{string.Join(", ", platforms.Select(p => $"{p.Name} ({p.Id})"))}[/] served at {site.BaseUrl}, {DemoSite.Rounds} rounds.");
            var demoSubscribers = await DemoMail.SignUpAsync(app.Services, host.Console, platforms, run, cancellationToken);

            var changeIds = new List<string>();
            for (var round = 1; round <= DemoSite.Rounds; round++)
            {
                if (round > 1)
                {
                    clock.Advance(TimeSpan.FromDays(1));
                }

                site.StartRound(round);
                var results = await DemoRound.RunAsync(app.Services, host.Console, clock, cancellationToken);
                host.Console.MarkupLineInterpolated($"[bold]Round {round}[/] at {clock.GetUtcNow():u}");
                CheckRun.PrintSummary(host.Console, results);
                changeIds.AddRange(results.Where(r => r.ChangeId is not null).Select(r => r.ChangeId!));
            }

            var changes = app.Services.GetRequiredService<IChangeStore>();
            var table = new Table().Border(TableBorder.Rounded).Title("Change records found");
            table.AddColumns("Change id", "Platform", "Document", "Severity", "Headline");
            foreach (var id in changeIds)
            {
                var record = await changes.GetAsync(id, cancellationToken);
                if (record is not null)
                {
                    table.AddRow(Markup.Escape(record.Id), Markup.Escape(record.PlatformName), Markup.Escape(record.DocumentTitle), record.Severity.ToString(), Markup.Escape(record.Headline));
                }
            }

            host.Console.Write(table);
            if (changeIds.Count > 0)
            {
                host.Console.MarkupLineInterpolated($"See one with: [bold]monitors show {changeIds[0]}[/]");
            }

            await DemoMail.FinishAsync(app.Services, host.Console, demoSubscribers, clock, cancellationToken);
            host.Console.MarkupLineInterpolated($"The demo's platforms are in the local catalog ({localCatalog}): [bold]monitors history {platforms[0].Id}[/], [bold]monitors status --all[/], and [bold]./run-local.sh serve[/] shows them on the site, where the links in these emails work.");

            return changeIds.Count > 0 ? ExitCodes.Ok : ExitCodes.SomeFailed;
        });
        return command;
    }

    /// <summary>A second run under the same ids would stack a new timeline on the first one's: refuse, and say how to run again.</summary>
    private static async Task RefuseEarlierRunAsync(IServiceProvider services, IReadOnlyList<Platform> platforms, CancellationToken cancellationToken)
    {
        var history = services.GetRequiredService<IVersionHistory>();
        foreach (var (platform, document) in platforms.SelectMany(p => p.Documents.Select(d => (p, d))))
        {
            await foreach (var _ in history.ListAsync(new DocumentKey(platform.Id, document.Id), cancellationToken))
            {
                throw new CliException(
                    $"This storage already holds the demo platform '{platform.Id}' from an earlier run: `monitors serve` shows it as it is. " +
                    "To run the demo again beside it, pass --id-suffix 2 (or 3, …); to start over, stop Azurite and delete .azurite/ and .monitors/catalog/.");
            }
        }
    }

    /// <summary>Writes each demo platform's declaration to the local catalog folder that every command lays over the catalog.</summary>
    private static string WriteLocalCatalog(IServiceProvider services, IReadOnlyList<Platform> platforms)
    {
        var folder = services.GetRequiredService<IOptions<CatalogOptions>>().Value.LocalPath ?? CliHost.LocalCatalogDirectory;
        Directory.CreateDirectory(folder);
        foreach (var platform in platforms)
        {
            File.WriteAllText(Path.Combine(folder, platform.Id + ".json"), CatalogWriter.ToJson(platform));
        }

        return folder;
    }
}

/// <summary>One round of scheduled checks of every demo document, then the confirmation re-checks of whatever is pending, on a simulated clock.</summary>
internal static class DemoRound
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IServiceProvider services, IAnsiConsole console, SimulatedClock clock, CancellationToken cancellationToken)
    {
        var first = (await CheckRun.RunAsync(services, console, null, null, CheckReason.Scheduled, showProgress: false, cancellationToken)).Results;
        var pending = first.Where(r => r.Outcome == CheckOutcome.PendingConfirmation).ToArray();
        if (pending.Length == 0)
        {
            return first;
        }

        var catalog = services.GetRequiredService<PlatformCatalog>();
        var delay = pending.Max(r => catalog.Find(r.Document.PlatformId)!.FindDocument(r.Document.DocumentId)!.Detection.ConfirmDelay);
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
