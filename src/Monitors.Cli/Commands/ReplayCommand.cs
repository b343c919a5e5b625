using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Storage;
using Monitors.Cli.Bench;
using Monitors.Cli.Sites;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Replay;
using Monitors.Core.Storage;
using Microsoft.Extensions.Hosting;
using Monitors.Core.Time;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// <c>monitors replay CORPUS_DIR</c>: serves every recorded version of each corpus document, in order, from a loopback
/// site inside realistic page chrome, and runs one scheduled check per version through the real checker and storage (plus
/// the confirming re-check the pipeline asks for), on a simulated clock per document; documents are replayed side by side. Scores each transition against
/// its label; exits 0 only when every scored transition matched.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>Documents replayed side by side (each its own versions in order): a check mostly waits on storage.</summary>
    private static readonly int Lanes = Math.Max(2, Environment.ProcessorCount * 2);

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliHost host)
    {
        var corpus = new Argument<string>("corpus-dir") { Description = "Folder with one sub-folder per document (versions/NNNN.md + manifest.json), e.g. ../shared/corpus." };
        var documents = new Option<string?>("--documents") { Description = "Comma-separated document slugs to replay (default: all)." };
        var report = new Option<string?>("--report") { Description = "Write the JSON report to this file." };
        var json = new Option<bool>("--json") { Description = "Print the JSON report (the --report shape) on standard output instead of the table." };
        var command = new Command("replay", "Replay a labelled corpus of real document histories through the pipeline and score every transition.") { corpus, documents, report, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var slugs = parse.GetValue(documents)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            IReadOnlyList<CorpusDocument> docs;
            try
            {
                docs = CorpusReader.Read(parse.GetValue(corpus)!, slugs);
            }
            catch (ArgumentException e)
            {
                throw CliException.From(e);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new CliException(e.Message);
            }

            var result = await RunAsync(host, parse.GetValue(corpus)!, docs, cancellationToken);
            var asJson = parse.GetValue(json);
            if (asJson)
            {
                host.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(result, ReportJson));
            }
            else
            {
                Print(host.Console, result);
            }

            if (parse.GetValue(report) is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, ReportJson), cancellationToken);
                if (!asJson)
                {
                    host.Console.MarkupLineInterpolated($"Report written to {Path.GetFullPath(path)}");
                }
            }

            return result.AllMatched ? ExitCodes.Ok : ExitCodes.SomeFailed;
        });
        return command;
    }

    public static async Task<ReplayReport> RunAsync(CliHost host, string corpusDirectory, IReadOnlyList<CorpusDocument> docs, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        // The chrome's "generated at" stamps are noise the extraction must ignore; the real clock makes them as well as any.
        await using var site = await ReplaySite.StartAsync(TimeProvider.System, cancellationToken);
        var run = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        var platform = new Platform(
            $"replay-{run}",
            "Replay",
            null,
            docs.Select(d => new DocumentDeclaration(d.Slug, $"{d.Service} {d.TermsType}", d.TermsType, site.Url(d.Slug), [new CssSelector(PageChrome.ContentSelector)], [new CssSelector(PageChrome.BannerSelector)])).ToArray());

        // Each document is a lane of its own: its versions in order on its own simulated clock (a checker takes "now" from
        // the clock it was built with, so each lane builds its own graph over the same storage). A check mostly waits on
        // storage, so lanes side by side use the time one lane would spend waiting.
        IHost Lane(TimeProvider clock) => host.Build(
            services =>
            {
                services.AddSingleton(new PlatformCatalog([platform]));
                services.AddSingleton<TimeProvider>(clock);
            },
            new Dictionary<string, string?>
            {
                ["Monitors:Fetch:AllowLoopback"] = "true",
                // The replay drives confirmation on the simulated clock instead of a delayed queue message.
                ["Monitors:Checks:EnqueueConfirmationChecks"] = "false",
            });

        // One graph on the host's clock for the work around the lanes: creating the storage, then the site's update.
        using var shared = Lane(TimeProvider.System);
        await CliHost.EnsureStorageAsync(shared.Services, cancellationToken);
        var emulator = EmulatorCpu.Find(shared.Services.GetRequiredService<StorageClients>());
        var emulatorBefore = emulator.Total;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

        var reports = new ReplayDocumentReport[docs.Count];
        var checks = 0;
        var progressConsole = host.Error.Profile.Capabilities.Interactive ? host.Error : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
        await progressConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask("Replaying", maxValue: Math.Max(1, docs.Sum(d => d.Versions.Count)));
            // Longest documents first: a lane is one document's versions in order, so a long one started last would run
            // alone at the end with the other cores idle. The report keeps the corpus order (each lane writes its own slot).
            var longestFirst = Enumerable.Range(0, docs.Count).OrderByDescending(i => docs[i].Versions.Count).ThenBy(i => i);
            await Parallel.ForEachAsync(longestFirst, new ParallelOptions { MaxDegreeOfParallelism = Lanes, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var doc = docs[i];
                var clock = new SimulatedClock(doc.Versions.Select(v => v.Date).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min());
                using var app = Lane(clock);
                var checker = app.Services.GetRequiredService<DocumentChecker>();
                var changes = app.Services.GetRequiredService<IChangeStore>();
                var declaration = platform.FindDocument(doc.Slug)!;
                var transitions = new List<ReplayTransition>();
                var previousDate = clock.GetUtcNow();
                foreach (var version in doc.Versions)
                {
                    // Real gaps between recorded versions, but at least an hour, so checks never share a tick.
                    clock.Advance(version.Date - previousDate > TimeSpan.FromHours(1) ? version.Date - previousDate : TimeSpan.FromHours(1));
                    previousDate = version.Date;
                    site.Serve(doc.Slug, await doc.ReadVersionAsync(version.File, ct));
                    var result = await checker.CheckAsync(new CheckMessage(platform.Id, doc.Slug, CheckReason.Scheduled), ct);
                    Interlocked.Increment(ref checks);
                    if (result.Outcome == CheckOutcome.PendingConfirmation)
                    {
                        clock.Advance(declaration.Detection.ConfirmDelay);
                        result = await checker.CheckAsync(new CheckMessage(platform.Id, doc.Slug, CheckReason.Confirmation), ct);
                        Interlocked.Increment(ref checks);
                    }

                    IReadOnlyList<string> sections = [];
                    if (result.ChangeId is not null && await changes.GetAsync(result.ChangeId, ct) is { } record)
                    {
                        sections = record.Changes.Select(c => c.Path).Distinct(StringComparer.Ordinal).ToArray();
                    }

                    transitions.Add(new ReplayTransition(version.File, version.Label, result.Outcome, ReplayScoring.Score(version.Label, result.Outcome), result.ChangeId, sections, result.Detail));
                    task.Increment(1);
                }

                reports[i] = new ReplayDocumentReport(doc.Slug, transitions, ReplayTotals.Of(transitions));
            });
        });

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var versions = reports.Sum(r => r.Transitions.Count);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var emulatorCpu = emulator.Total - emulatorBefore;

        // The site's read models after the timed checks, as the UpdateSite function would: the replay's data is browsable
        // with `serve`, and no message is left for others on the site queue.
        var siteWatch = Stopwatch.StartNew();
        var siteUpdates = await CheckRun.UpdateSiteAsync(shared.Services, cancellationToken);
        return new ReplayReport(Path.GetFullPath(corpusDirectory), reports, ReplayTotals.Sum(reports.Select(r => r.Totals)), Math.Round(elapsed, 2), checks, Math.Round(versions / Math.Max(elapsed, 0.001), 1))
        {
            SiteUpdates = siteUpdates,
            SiteUpdateSeconds = Math.Round(siteWatch.Elapsed.TotalSeconds, 2),
            CpuSeconds = Math.Round(cpu.TotalSeconds, 2),
            EmulatorCpuSeconds = emulatorCpu is { } e ? Math.Round(e.TotalSeconds, 2) : null,
        };
    }

    private static void Print(IAnsiConsole console, ReplayReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Replay");
        table.AddColumns("Document", "Versions", "Substantive expected / change records", "Missed", "Noise transitions / false change records", "Error pages / handled", "Mishandled", "Not scored");
        foreach (var d in report.Documents)
        {
            AddRow(table, d.Slug, d.Totals);
        }

        AddRow(table, "[bold]total[/]", report.Totals);
        console.Write(table);
        foreach (var t in report.Documents.SelectMany(d => d.Transitions.Select(t => (d.Slug, t))).Where(x => x.t.Score is not (TransitionScore.Match or TransitionScore.NotScored)))
        {
            console.MarkupLineInterpolated($"[red]{t.t.Score}[/] {t.Slug}/{t.t.File}: label {t.t.Label}, outcome {t.t.Outcome} {t.t.Detail}");
        }

        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{report.Totals.Versions} versions, {report.Checks} checks in {report.ElapsedSeconds:F1} s: {report.VersionsPerSecond:F1} versions/s.");
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"CPU over those checks: {report.CpuSeconds:F1} s in this process ({report.CpuSeconds * 1000 / Math.Max(1, report.Checks):F0} ms per check){(report.EmulatorCpuSeconds is { } e ? string.Create(CultureInfo.InvariantCulture, $", {e:F1} s in the storage emulator ({e * 1000 / Math.Max(1, report.Checks):F0} ms per check) on the same {Environment.ProcessorCount} cores") : string.Empty)}.");
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Then the site's read models: {report.SiteUpdates} versions in {report.SiteUpdateSeconds:F1} s.");
        console.MarkupLine(report.AllMatched ? "[green]Every scored transition matched its label.[/]" : "[red]Some transitions did not match their labels.[/]");
    }

    private static void AddRow(Table table, string name, ReplayTotals t) => table.AddRow(
        name,
        t.Versions.ToString(CultureInfo.InvariantCulture),
        $"{t.SubstantiveExpected} / {t.ChangeRecordsFound}",
        Colour(t.Missed),
        $"{t.NoiseTransitions} / {Colour(t.FalseChanges)}",
        $"{t.ErrorPages} / {t.ErrorPagesHandled}",
        Colour(t.Mishandled),
        t.NotScored.ToString(CultureInfo.InvariantCulture));

    private static string Colour(int count) => count == 0 ? "[green]0[/]" : $"[red]{count}[/]";
}
