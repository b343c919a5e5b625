using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Cli.Output;
using Monitors.Core.Catalog;
using Monitors.Core.Storage;
using Spectre.Console;

namespace Monitors.Cli.Commands;

internal static class HistoryCommand
{
    public static Command Create(CliHost host)
    {
        var platformArg = new Argument<string>("platform") { Description = "Platform id, e.g. aws-bedrock." };
        var documentArg = new Argument<string?>("document") { Description = "Document id; all of the platform's documents when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the versions as JSON on standard output (shape in docs/cli.md) instead of tables." };
        var command = new Command("history", "List the recorded versions of a platform's documents, newest first, with their change records.") { platformArg, documentArg, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var catalog = app.Services.GetRequiredService<PlatformCatalog>();
            var platformId = parse.GetValue(platformArg)!;
            var platform = catalog.Find(platformId)
                ?? throw new CliException($"Platform '{platformId}' is not in the catalog. Known: {string.Join(", ", catalog.Platforms.Select(p => p.Id))}.");
            var documentId = parse.GetValue(documentArg);
            var documents = documentId is null
                ? platform.Documents
                : [platform.FindDocument(documentId) ?? throw new CliException($"Platform '{platformId}' has no document '{documentId}'. Its documents: {string.Join(", ", platform.Documents.Select(d => d.Id))}.")];
            var history = app.Services.GetRequiredService<IVersionHistory>();
            var asJson = parse.GetValue(json);
            var listed = new List<HistoryDocumentJson>();
            foreach (var document in documents)
            {
                var versions = new List<HistoryVersionJson>();
                await foreach (var v in history.ListAsync(new DocumentKey(platform.Id, document.Id), cancellationToken))
                {
                    versions.Add(new HistoryVersionJson(v.RecordedAt, v.Kind.ToString(), v.VersionId, v.Length, v.ChangeId));
                }

                listed.Add(new HistoryDocumentJson(document.Id, document.Title, versions));
                if (asJson)
                {
                    continue;
                }

                if (versions.Count == 0)
                {
                    host.Console.MarkupLineInterpolated($"{platform.Name} — {document.Title}: no version recorded yet (run `monitors check --platform {platform.Id}`).");
                    continue;
                }

                var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(platform.Name)} — {Markup.Escape(document.Title)}");
                table.AddColumns("Recorded", "Kind", "Version", "Length", "Change record");
                foreach (var v in versions)
                {
                    table.AddRow(
                        v.RecordedAt.ToString("u", CultureInfo.InvariantCulture),
                        v.Kind,
                        v.VersionId[..12],
                        v.Length.ToString("N0", CultureInfo.InvariantCulture),
                        v.ChangeId ?? "-");
                }

                host.Console.Write(table);
            }

            if (asJson)
            {
                CliOutput.WriteJson(host, new HistoryJson(platform.Id, platform.Name, listed));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>The <c>history --json</c> shape (docs/cli.md): versions newest first, with the full version id.</summary>
internal sealed record HistoryJson(string Platform, string Name, IReadOnlyList<HistoryDocumentJson> Documents);

internal sealed record HistoryDocumentJson(string Document, string Title, IReadOnlyList<HistoryVersionJson> Versions);

internal sealed record HistoryVersionJson(DateTimeOffset RecordedAt, string Kind, string VersionId, long Length, string? ChangeId);
