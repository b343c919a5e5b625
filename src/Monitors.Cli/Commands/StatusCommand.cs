using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Storage;
using Spectre.Console;

namespace Monitors.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CliHost host)
    {
        var all = new Option<bool>("--all") { Description = "List every tracked document, not only those that need attention." };
        var command = new Command("status", "List documents that need attention (N consecutive failures), or all with --all.") { all };
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
            PrintNeedsBrowser(host.Console, catalog);
            if (states.Count == 0)
            {
                host.Console.MarkupLine("[green]No document needs attention.[/]");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("Document", "Status", "Failures", "Last checked", "Versions", "Reason");
            foreach (var s in states.OrderByDescending(s => s.NeedsAttention).ThenBy(s => s.Document.ToString(), StringComparer.Ordinal))
            {
                table.AddRow(
                    Markup.Escape(s.Document.ToString()),
                    s.NeedsAttention ? "[red]needs attention[/]" : Markup.Escape(s.LastOutcome ?? "-"),
                    s.FailureStreak.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    s.LastCheckedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                    s.VersionCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(s.AttentionReason ?? s.LastFailureReason ?? string.Empty));
            }

            host.Console.Write(table);
            host.Console.MarkupLineInterpolated($"{attention} document(s) need attention.");
            return attention > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Documents whose pages are rendered by scripts are never checked: say so, or they would silently go untracked.</summary>
    public static void PrintNeedsBrowser(IAnsiConsole console, PlatformCatalog catalog)
    {
        var documents = catalog.AllDocuments().Where(d => d.Document.NeedsBrowser).Select(d => $"{d.Platform.Id}/{d.Document.Id}").ToArray();
        if (documents.Length > 0)
        {
            console.MarkupLineInterpolated($"[grey]{documents.Length} document(s) need a browser fetch (executeClientScripts) and are not checked:[/] {string.Join(", ", documents)}. See docs/catalog.md, \"Pages that need a browser\".");
        }
    }
}
