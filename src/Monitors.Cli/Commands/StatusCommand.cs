using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Cli.Output;
using Monitors.Core.Catalog;
using Monitors.Core.Storage;
using Spectre.Console;

namespace Monitors.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CliHost host)
    {
        var all = new Option<bool>("--all") { Description = "List every tracked document, not only those that need attention." };
        var json = new Option<bool>("--json") { Description = "Print the documents as JSON on standard output (shape in docs/cli.md) instead of a table." };
        var command = new Command("status", "List documents that need attention (N consecutive failures), or all with --all.") { all, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var catalog = app.Services.GetRequiredService<PlatformCatalog>();
            var states = new List<DocumentState>();
            await foreach (var state in app.Services.GetRequiredService<IDocumentStateStore>().ListAsync(cancellationToken))
            {
                if (catalog.Find(state.Document.PlatformId)?.FindDocument(state.Document.DocumentId) is not null && (parse.GetValue(all) || state.NeedsAttention))
                {
                    states.Add(state);
                }
            }

            var attention = states.Count(s => s.NeedsAttention);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(host, new StatusJson(attention, Sorted(states).Select(StatusDocumentJson.Of).ToArray()));
                return attention > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
            }

            if (states.Count == 0)
            {
                host.Console.MarkupLine("[green]No document needs attention.[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("Document", "Status", "Failures", "Last checked", "Last success", "Versions", "Reason");
            foreach (var s in Sorted(states))
            {
                table.AddRow(
                    Markup.Escape(s.Document.ToString()),
                    s.NeedsAttention ? "[red]needs attention[/]" : Markup.Escape(s.LastOutcome ?? "-"),
                    s.FailureStreak.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    s.LastCheckedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                    // Coverage: when the document was last read successfully (a change since then may not be known yet).
                    s.LastSuccessAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never",
                    s.VersionCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(s.AttentionReason ?? s.LastFailureReason ?? string.Empty));
            }

            host.Console.Write(table);
            host.Console.MarkupLineInterpolated($"{attention} document(s) need attention.");
            return attention > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<DocumentState> Sorted(IEnumerable<DocumentState> states) =>
        states.OrderByDescending(s => s.NeedsAttention).ThenBy(s => s.Document.ToString(), StringComparer.Ordinal);
}

/// <summary>The <c>status --json</c> shape (docs/cli.md).</summary>
internal sealed record StatusJson(int NeedsAttention, IReadOnlyList<StatusDocumentJson> Documents);

internal sealed record StatusDocumentJson(
    string Platform,
    string Document,
    bool NeedsAttention,
    string? LastOutcome,
    int FailureStreak,
    DateTimeOffset? LastCheckedAt,
    int VersionCount,
    string? Reason,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? FailingSince)
{
    public static StatusDocumentJson Of(DocumentState s) => new(
        s.Document.PlatformId, s.Document.DocumentId, s.NeedsAttention, s.LastOutcome, s.FailureStreak, s.LastCheckedAt, s.VersionCount, s.AttentionReason ?? s.LastFailureReason,
        s.LastSuccessAt, s.FailureStreak > 0 ? s.FailingSince ?? s.LastFailureAt : null);
}
