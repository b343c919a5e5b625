using System.CommandLine;
using Monitors.Core.Catalog;
using Spectre.Console;

namespace Monitors.Cli.Commands;

internal static class CatalogCommand
{
    public static Command Create(CliHost host)
    {
        var path = new Option<string?>("--path") { Description = "Catalog folder (default: Monitors__Catalog__Path, ./catalog, or the repository's catalog/)." };
        var validate = new Command("validate", "Validate every platform file: unknown fields, bad URLs, duplicate ids, selectors that do not parse.") { path };
        validate.SetAction(parse =>
        {
            var directory = new CatalogOptions { Path = parse.GetValue(path) ?? (host.Settings.TryGetValue("Monitors:Catalog:Path", out var configured) ? configured : null) ?? Environment.GetEnvironmentVariable("Monitors__Catalog__Path") }.ResolveDirectory();
            var result = CatalogLoader.Validate(directory);
            if (result.Errors.Count > 0)
            {
                PrintErrors(host.Console, result.Errors);
                return ExitCodes.BadInput;
            }

            var catalog = CatalogLoader.Load(directory);
            var table = new Table().Border(TableBorder.Rounded).Title($"Catalog {Markup.Escape(directory)}");
            table.AddColumns("Platform", "Name", "Documents");
            foreach (var p in catalog.Platforms)
            {
                table.AddRow(Markup.Escape(p.Id), Markup.Escape(p.Name), Markup.Escape(string.Join(", ", p.Documents.Select(d => d.Id))));
            }

            host.Console.Write(table);
            host.Console.MarkupLineInterpolated($"[green]Catalog is valid:[/] {catalog.Platforms.Count} platforms, {catalog.AllDocuments().Count()} documents.");
            return ExitCodes.Ok;
        });
        var command = new Command("catalog", "Work with the platform catalog.");
        command.Subcommands.Add(validate);
        return command;
    }

    public static void PrintErrors(IAnsiConsole console, IReadOnlyList<CatalogError> errors)
    {
        foreach (var error in errors)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {error.ToString()}");
        }

        console.MarkupLineInterpolated($"[red]{errors.Count} catalog error(s).[/]");
    }
}
