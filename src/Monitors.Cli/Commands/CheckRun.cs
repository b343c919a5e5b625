using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Fetching;
using Monitors.Core.Queues;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// Enqueues checks and works the <c>checks</c> queue until it is empty, through the same scheduler, queue and
/// <see cref="DocumentChecker"/> as the Functions app. Shared by <c>check</c>, <c>demo</c> and <c>replay</c>.
/// </summary>
internal static class CheckRun
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(
        IServiceProvider services,
        IAnsiConsole console,
        string? platformId,
        string? documentId,
        CheckReason reason,
        bool showProgress,
        CancellationToken cancellationToken)
    {
        var scheduler = services.GetRequiredService<CheckScheduler>();
        IReadOnlyList<CheckMessage> enqueued;
        try
        {
            enqueued = await scheduler.EnqueueAsync(platformId, documentId, reason, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw CliException.From(e);
        }

        return await DrainAsync(services, console, enqueued.Count, showProgress, cancellationToken);
    }

    public static async Task<IReadOnlyList<CheckResult>> DrainAsync(IServiceProvider services, IAnsiConsole console, int expected, bool showProgress, CancellationToken cancellationToken)
    {
        var checker = services.GetRequiredService<DocumentChecker>();
        var runner = services.GetRequiredService<QueueRunner>();
        var results = new ConcurrentQueue<CheckResult>();
        // Progress goes to standard error and only to a terminal: in a pipe or a log it would be noise.
        if (!showProgress || !console.Profile.Capabilities.Interactive)
        {
            await runner.DrainAsync(StorageNames.Queues.Checks, async (body, ct) => results.Enqueue(await checker.HandleMessageAsync(body, ct)), cancellationToken: cancellationToken);
            return results.ToArray();
        }

        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Checking documents", maxValue: Math.Max(1, expected));
                await runner.DrainAsync(StorageNames.Queues.Checks, async (body, ct) =>
                {
                    var result = await checker.HandleMessageAsync(body, ct);
                    results.Enqueue(result);
                    task.Increment(1);
                }, cancellationToken: cancellationToken);
                task.Value = task.MaxValue;
            });
        return results.ToArray();
    }

    public static void PrintSummary(IAnsiConsole console, IReadOnlyList<CheckResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Check summary");
        table.AddColumns("Platform", "Document", "Outcome", "Detail");
        foreach (var r in results.OrderBy(r => r.Document.PlatformId, StringComparer.Ordinal).ThenBy(r => r.Document.DocumentId, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(r.Document.PlatformId),
                Markup.Escape(r.Document.DocumentId),
                $"[{Colour(r.Outcome)}]{r.Outcome}[/]",
                // Wrapped, never cut: the end of a failure reason is often what to do about it.
                Markup.Escape(r.ChangeId is null ? r.Detail ?? string.Empty : $"{r.ChangeId}: {r.Detail}"));
        }

        console.Write(table);
        var counts = results.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        console.MarkupLineInterpolated($"{results.Count} checked: {string.Join(", ", counts)}");
    }

    public static string Colour(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Changed => "yellow",
        CheckOutcome.Failed or CheckOutcome.UnknownDocument => "red",
        CheckOutcome.FirstSeen => "blue",
        CheckOutcome.PendingConfirmation => "aqua",
        _ => "green",
    };

    /// <summary>The <c>check --json</c> shape (docs/cli.md): totals by outcome and one entry per check.</summary>
    public static CheckRunJson ToJson(IReadOnlyList<CheckResult> results) => new(
        results.Count,
        results.GroupBy(r => r.Outcome).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count(), StringComparer.Ordinal),
        results
            .OrderBy(r => r.Document.PlatformId, StringComparer.Ordinal).ThenBy(r => r.Document.DocumentId, StringComparer.Ordinal)
            .Select(r => new CheckResultJson(r.Document.PlatformId, r.Document.DocumentId, r.Outcome, r.IsFailure ? r.Failure : null, r.VersionId, r.ChangeId, r.Detail))
            .ToArray());
}

internal sealed record CheckRunJson(int Checked, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<CheckResultJson> Results);

internal sealed record CheckResultJson(string Platform, string Document, CheckOutcome Outcome, FailureKind? Failure, string? VersionId, string? ChangeId, string? Detail);
