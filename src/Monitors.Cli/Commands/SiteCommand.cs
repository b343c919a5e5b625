using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Site;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary><c>monitors site rebuild</c>: fills the site's read models from the documents, versions and change records already stored.</summary>
internal static class SiteCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("site", "Operator commands for the public site's read models.");
        command.Subcommands.Add(Rebuild(host));
        return command;
    }

    private static Command Rebuild(CliHost host)
    {
        var platform = new Option<string?>("--platform") { Description = "Only this platform (default: every platform of the catalog)." };
        var command = new Command(
            "rebuild",
            "Write the site's clause index and change search index (SiteClauses, SiteChanges) from the stored versions and change records: for data recorded before the site, or after an upgrade that says so. Safe to run again.")
        {
            platform,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var id = parse.GetValue(platform);
            if (id is not null && app.Services.GetRequiredService<PlatformCatalog>().Find(id) is null)
            {
                throw new CliException($"--platform '{id}' is not a platform of the catalog (catalog/ and the local catalog): check the id; `monitors status --all` lists the documents tracked.", ExitCodes.BadInput);
            }

            var progress = new Progress<string>(line => host.Error.MarkupLineInterpolated($"[grey]{line}[/]"));
            var result = await app.Services.GetRequiredService<SiteRebuilder>().RebuildAsync(id, host.Verbose ? progress : null, cancellationToken);
            host.Console.MarkupLineInterpolated(
                $"Rebuilt the site's read models: [bold]{result.Documents}[/] document(s), {result.Clauses} clause(s), {result.ChangeRecords} change record(s); {result.Skipped} document(s) without a version yet.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
