using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Fetching;
using Monitors.Core.Queues;
using Monitors.Core.Site;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// Enqueues checks and works the <c>checks</c> queue until it is empty, through the same scheduler, queue and
/// <see cref="DocumentChecker"/> as the Functions app. Shared by <c>check</c>, <c>demo</c> and <c>replay</c>.
/// </summary>
internal static class CheckRun
{
    /// <summary>How long a run waits, without progress, for its own checks that another receiver holds or that failed and come back.</summary>
    private static readonly TimeSpan PatienceWithoutProgress = TimeSpan.FromSeconds(40);

    /// <summary>
    /// Checks in flight at once. A check mostly waits on a site or on storage, so one process keeps many going; the
    /// CPU-bound part (extraction) takes one core each (<see cref="DocumentReader"/>), and a site that does not answer
    /// holds only its own check.
    /// </summary>
    private const int Parallelism = 16;

    /// <summary>Site updates in flight at once: a few, since a platform's documents share views (each write waits for the one before).</summary>
    private const int SiteParallelism = 4;

    public static async Task<CheckRunResults> RunAsync(
        IServiceProvider services,
        IAnsiConsole console,
        string? platformId,
        string? documentId,
        CheckReason reason,
        bool showProgress,
        CancellationToken cancellationToken,
        bool updateSite = true,
        bool keepResults = true)
    {
        var scheduler = services.GetRequiredService<CheckScheduler>();
        var runId = CheckOwnership.NewRunId();
        IReadOnlyList<CheckMessage> enqueued;
        try
        {
            enqueued = await scheduler.EnqueueAsync(platformId, documentId, reason, runId, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw CliException.From(e);
        }

        return await DrainAsync(services, console, runId, enqueued.Count, showProgress, cancellationToken, updateSite, keepResults);
    }

    /// <summary>
    /// Works the <c>checks</c> queue until the <paramref name="expected"/> checks of run <paramref name="runId"/> are done.
    /// Checks of other live runs and of documents this catalog does not have are left on the queue for their owners;
    /// scheduled checks and checks of abandoned runs are handled but reported apart (<see cref="CheckRunResults.Others"/>).
    /// Then, unless <paramref name="updateSite"/> is false, the site's read models are brought up to date with what the run
    /// published (<see cref="UpdateSiteAsync"/>), so the site shows it when the run returns. With
    /// <paramref name="keepResults"/> false, the run keeps only its counts by outcome (<see cref="CheckRunResults.Outcomes"/>):
    /// nothing of a document stays in memory after its check, whatever the size of the catalog.
    /// </summary>
    public static async Task<CheckRunResults> DrainAsync(
        IServiceProvider services, IAnsiConsole console, string runId, int expected, bool showProgress, CancellationToken cancellationToken, bool updateSite = true, bool keepResults = true)
    {
        var checker = services.GetRequiredService<DocumentChecker>();
        var catalog = services.GetRequiredService<PlatformCatalog>();
        var runner = services.GetRequiredService<QueueRunner>();
        var time = TimeProvider.System; // waiting for other processes: real time, whatever clock the checks run on
        var results = new ConcurrentQueue<CheckResult>();
        var tally = new OutcomeTally();
        var others = 0;

        async Task WorkAsync(Action? onOwn)
        {
            var lastProgress = time.GetTimestamp();
            while (tally.Total < expected && !cancellationToken.IsCancellationRequested)
            {
                var before = tally.Total;
                await runner.DrainAsync(StorageNames.Queues.Checks, async (message, ct) =>
                {
                    var check = MessageJson.Deserialize<CheckMessage>(message.Body);
                    var claim = CheckOwnership.Decide(check, message, catalog, runId);
                    if (claim == CheckClaim.Leave)
                    {
                        return MessageHandling.Left;
                    }

                    var result = await checker.CheckAsync(check, ct);
                    if (claim == CheckClaim.Own)
                    {
                        if (keepResults)
                        {
                            results.Enqueue(result);
                        }

                        tally.Add(result);
                        onOwn?.Invoke();
                    }
                    else
                    {
                        Interlocked.Increment(ref others);
                    }

                    return MessageHandling.Handled;
                }, parallelism: Parallelism, cancellationToken: cancellationToken);

                if (tally.Total > before)
                {
                    lastProgress = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(lastProgress) > PatienceWithoutProgress)
                {
                    return;
                }
                else if (tally.Total < expected)
                {
                    // Our remaining checks are hidden for a moment (another receiver is putting them back, or one failed
                    // and comes back after the visibility timeout): look again shortly.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
                }
            }
        }

        // Progress goes to standard error and only to a terminal: in a pipe or a log it would be noise.
        if (!showProgress || !console.Profile.Capabilities.Interactive)
        {
            await WorkAsync(null);
        }
        else
        {
            await console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Checking documents", maxValue: Math.Max(1, expected));
                    await WorkAsync(() => task.Increment(1));
                    task.Value = task.MaxValue;
                });
        }

        if (updateSite)
        {
            await UpdateSiteAsync(services, cancellationToken);
        }

        return new CheckRunResults(results.ToArray(), others, Math.Max(0, expected - tally.Total)) { Outcomes = tally.Counts(), Failures = tally.Failures };
    }

    /// <summary>
    /// Works the <c>site</c> queue until it is empty, as the <c>UpdateSite</c> function does in Azure: every version
    /// published (by this run or any other writer of this storage: the handler needs no catalog) reaches the site's read
    /// models. Returns how many messages were handled.
    /// </summary>
    public static Task<int> UpdateSiteAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var handler = services.GetRequiredService<SiteUpdateHandler>();
        return services.GetRequiredService<QueueRunner>().DrainAsync(StorageNames.Queues.Site, handler.HandleAsync, parallelism: SiteParallelism, cancellationToken: cancellationToken);
    }

    public static void PrintSummary(IAnsiConsole console, CheckRunResults run)
    {
        PrintSummary(console, run.Results);
        if (run.Others > 0)
        {
            console.MarkupLineInterpolated($"Also handled {run.Others} check(s) left on the queue by the schedule or by an earlier, stopped run (not counted above).");
        }

        if (run.Unfinished > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{run.Unfinished} check(s) of this run did not finish[/]: they stay on the queue; the next run (or monitors serve) handles them.");
        }
    }

    /// <summary>Checks that share one outcome and one reason are reported together from this many on.</summary>
    internal const int GroupFrom = 4;

    /// <summary>Lines of platform names under a group before the rest is only counted.</summary>
    private const int MaxListLines = 3;

    /// <summary>
    /// The console report: a table row for each check with something particular to say, one paragraph for each reason
    /// that <see cref="GroupFrom"/> or more checks share (offline, every fetch fails alike: one line says so instead of
    /// a row per document), and the totals. <c>--json</c>, <c>status</c> and the log file keep every document's detail.
    /// </summary>
    public static void PrintSummary(IAnsiConsole console, IReadOnlyList<CheckResult> results)
    {
        var ordered = results.OrderBy(r => r.Document.PlatformId, StringComparer.Ordinal).ThenBy(r => r.Document.DocumentId, StringComparer.Ordinal).ToArray();
        var groups = ordered
            .Where(r => Reason(r) is not null)
            .GroupBy(r => (r.Outcome, r.Failure, Reason: Reason(r)!))
            .Where(g => g.Count() >= GroupFrom)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Outcome)
            .ToArray();
        var grouped = groups.SelectMany(g => g).ToHashSet();
        var rows = ordered.Where(r => !grouped.Contains(r)).ToArray();

        if (rows.Length > 0 || groups.Length == 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Check summary");
            table.AddColumns("Platform", "Document", "Outcome", "Detail");
            foreach (var r in rows)
            {
                table.AddRow(
                    Markup.Escape(r.Document.PlatformId),
                    Markup.Escape(r.Document.DocumentId),
                    $"[{Colour(r.Outcome)}]{r.Outcome}[/]",
                    // Wrapped, never cut: the end of a failure reason is often what to do about it.
                    Markup.Escape(r.ChangeId is null ? r.Detail ?? string.Empty : $"{r.ChangeId}: {r.Detail}"));
            }

            console.Write(table);
        }

        foreach (var group in groups)
        {
            PrintGroup(console, group.Key.Outcome, group.Key.Failure, group.Key.Reason, group.ToArray());
        }

        if (groups.Length > 0)
        {
            console.MarkupLine("Each document's detail: [bold]monitors check --json[/], [bold]monitors status --all[/], [bold]--log-file FILE[/].");
        }

        var counts = results.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        console.MarkupLineInterpolated($"{results.Count} checked: {string.Join(", ", counts)}");
    }

    /// <summary>What checks must share to be reported together: the host-free cause of a failure, else the whole detail (e.g. "needs a browser").</summary>
    private static string? Reason(CheckResult result) => result.ChangeId is null ? result.Cause ?? result.Detail : null;

    private static void PrintGroup(IAnsiConsole console, CheckOutcome outcome, FailureKind failure, string reason, IReadOnlyList<CheckResult> checks)
    {
        var platforms = checks.GroupBy(r => r.Document.PlatformId, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ({g.Count()})")
            .ToArray();
        var kind = failure == FailureKind.None ? string.Empty : $" ({failure})";
        var sentence = reason.TrimEnd('.');
        console.MarkupLine($"[{Colour(outcome)}]{checks.Count} documents {outcome}[/]{Markup.Escape(kind)} on {platforms.Length} platform(s): {Markup.Escape(sentence)}.");
        if (failure == FailureKind.Transient && platforms.Length >= 3)
        {
            // One site failing is that site; every site failing alike is this end of the wire.
            var hint = reason == HttpDocumentFetcher.NameNotResolved ? "No network? " : string.Empty;
            console.MarkupLine($"  {hint}The same failure on {platforms.Length} platforms points at this machine's network or DNS, not at the sites.");
        }

        // The platforms, wrapped to the console and cut after a few lines: the per-document list is in --json.
        var width = Math.Max(40, console.Profile.Width) - 3; // two spaces before, a comma after
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        var shown = 0;
        foreach (var name in platforms)
        {
            var piece = (line.Length == 0 ? string.Empty : ", ") + name;
            // The last line keeps room for "… and N more".
            var room = lines.Count + 1 == MaxListLines ? width - 20 : width;
            if (line.Length + piece.Length > room)
            {
                if (lines.Count + 1 == MaxListLines)
                {
                    break;
                }

                lines.Add(line.Append(',').ToString());
                line.Clear();
                piece = name;
            }

            line.Append(piece);
            shown++;
        }

        if (shown < platforms.Length)
        {
            line.Append(System.Globalization.CultureInfo.InvariantCulture, $" … and {platforms.Length - shown} more");
        }

        lines.Add(line.ToString());
        foreach (var text in lines)
        {
            console.WriteLine("  " + text);
        }
    }

    public static string Colour(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Changed => "yellow",
        CheckOutcome.Failed or CheckOutcome.UnknownDocument => "red",
        CheckOutcome.FirstSeen => "blue",
        CheckOutcome.PendingConfirmation => "aqua",
        CheckOutcome.NeedsBrowser => "grey",
        _ => "green",
    };

    /// <summary>The <c>check --json</c> shape of one run: its own checks, plus how many did not finish and how many others it handled.</summary>
    public static CheckRunJson ToJson(CheckRunResults run) =>
        ToJson(run.Results) with { Unfinished = run.Unfinished, OthersHandled = run.Others };

    /// <summary>The <c>check --json</c> shape (docs/cli.md): totals by outcome and one entry per check.</summary>
    public static CheckRunJson ToJson(IReadOnlyList<CheckResult> results) => new(
        results.Count,
        results.GroupBy(r => r.Outcome).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count(), StringComparer.Ordinal),
        results
            .OrderBy(r => r.Document.PlatformId, StringComparer.Ordinal).ThenBy(r => r.Document.DocumentId, StringComparer.Ordinal)
            .Select(r => new CheckResultJson(r.Document.PlatformId, r.Document.DocumentId, r.Outcome, r.IsFailure ? r.Failure : null, r.VersionId, r.ChangeId, r.Detail, r.Cause))
            .ToArray());
}

/// <summary>What one local run checked: its own results, how many other checks it handled on the way, how many of its own did not finish.</summary>
internal sealed record CheckRunResults(IReadOnlyList<CheckResult> Results, int Others, int Unfinished)
{
    /// <summary>How many of the run's own checks ended in each outcome: counted as they finish, kept results or not.</summary>
    public IReadOnlyDictionary<CheckOutcome, int> Outcomes { get; init; } = Results.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>How many of the run's own checks failed (<see cref="CheckResult.IsFailure"/>).</summary>
    public int Failures { get; init; } = Results.Count(r => r.IsFailure);

    /// <summary>How many of the run's own checks finished.</summary>
    public int Checked => Outcomes.Values.Sum();

    public bool AnyFailed => Unfinished > 0 || Failures > 0;
}

/// <summary>Counts of a run's checks by outcome, added to as each check finishes (from concurrent handlers).</summary>
internal sealed class OutcomeTally
{
    private readonly int[] _counts = new int[Enum.GetValues<CheckOutcome>().Max(o => (int)o) + 1];
    private int _total;
    private int _failures;

    public int Total => Volatile.Read(ref _total);

    public int Failures => Volatile.Read(ref _failures);

    public void Add(CheckResult result)
    {
        Interlocked.Increment(ref _counts[(int)result.Outcome]);
        if (result.IsFailure)
        {
            Interlocked.Increment(ref _failures);
        }

        // Last: a reader that sees the total sees the counts that make it up.
        Interlocked.Increment(ref _total);
    }

    public IReadOnlyDictionary<CheckOutcome, int> Counts() =>
        Enum.GetValues<CheckOutcome>().Where(o => Volatile.Read(ref _counts[(int)o]) > 0).ToDictionary(o => o, o => Volatile.Read(ref _counts[(int)o]));
}

internal sealed record CheckRunJson(int Checked, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<CheckResultJson> Results, int Unfinished = 0, int OthersHandled = 0);

internal sealed record CheckResultJson(string Platform, string Document, CheckOutcome Outcome, FailureKind? Failure, string? VersionId, string? ChangeId, string? Detail, string? Cause);
