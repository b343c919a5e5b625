using System.CommandLine;
using Monitors.Cli.Output;
using Monitors.Core.Catalog;
using Spectre.Console;

namespace Monitors.Cli.Commands;

internal static class CatalogCommand
{
    public static Command Create(CliHost host)
    {
        var path = new Option<string?>("--path") { Description = "Catalog folder (default: Monitors__Catalog__Path, ./catalog, or the repository's catalog/)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on standard output (shape in docs/cli.md): the platforms, or every error." };
        var validate = new Command("validate", "Validate every platform file: unknown fields, bad URLs, duplicate ids, selectors that do not parse.") { path, json };
        validate.SetAction(parse =>
        {
            var directory = new CatalogOptions { Path = parse.GetValue(path) ?? (host.Settings.TryGetValue("Monitors:Catalog:Path", out var configured) ? configured : null) ?? Environment.GetEnvironmentVariable("Monitors__Catalog__Path") }.ResolveDirectory();
            var result = CatalogLoader.Validate(directory);
            var asJson = parse.GetValue(json);
            if (result.Errors.Count > 0)
            {
                if (asJson)
                {
                    CliOutput.WriteJson(host, new CatalogValidationJson(false, directory, [], result.Errors));
                }

                PrintErrors(host, result.Errors);
                return ExitCodes.BadInput;
            }

            var catalog = CatalogLoader.Load(directory);
            if (asJson)
            {
                CliOutput.WriteJson(host, new CatalogValidationJson(true, directory, catalog.Platforms.Select(p => new CatalogPlatformJson(p.Id, p.Name, p.Documents.Select(d => d.Id).ToArray())).ToArray(), []));
                return ExitCodes.Ok;
            }

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
        var file = new Argument<string>("declaration") { Description = "An Open Terms Archive service declaration (JSON)." };
        var id = new Option<string?>("--id") { Description = "Platform id for the new file (default: a slug of the declaration's name)." };
        var outDir = new Option<string?>("--out") { Description = "Write <id>.json into this folder (default: print it)." };
        var import = new Command("import", "Convert an Open Terms Archive declaration into a catalog file, then validate it.") { file, id, outDir };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(file)!;
            if (!File.Exists(source))
            {
                throw new CliException($"'{source}' does not exist. Pass the path of an Open Terms Archive declaration JSON file.");
            }

            OpenTermsArchiveImportResult result;
            try
            {
                result = OpenTermsArchiveImport.Convert(await File.ReadAllTextAsync(source, cancellationToken), parse.GetValue(id), Path.GetFileName(source));
            }
            catch (CatalogException e)
            {
                PrintErrors(host, e.Errors);
                return ExitCodes.BadInput;
            }

            var json = CatalogWriter.ToJson(result.Platform);
            var check = CatalogLoader.ValidatePlatform(json, result.Platform.Id + ".json");
            foreach (var note in result.Notes)
            {
                CliOutput.Warning(host, note);
            }

            if (check.Errors.Count > 0)
            {
                PrintErrors(host, check.Errors);
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(outDir) is { } directory)
            {
                var target = Path.Combine(directory, result.Platform.Id + ".json");
                await File.WriteAllTextAsync(target, json, cancellationToken);
                host.Console.MarkupLineInterpolated($"[green]Wrote[/] {target} ({result.Platform.Documents.Count} documents). Check its selectors with `monitors extract URL --select CSS`.");
            }
            else
            {
                host.Console.Profile.Out.Writer.Write(json);
            }

            return ExitCodes.Ok;
        });

        var command = new Command("catalog", "Work with the platform catalog.");
        command.Subcommands.Add(validate);
        command.Subcommands.Add(import);
        return command;
    }

    /// <summary>Catalog errors go to standard error, one line each (file, JSON path, what is wrong, the fix), then a count.</summary>
    public static void PrintErrors(CliHost host, IReadOnlyList<CatalogError> errors)
    {
        foreach (var error in errors)
        {
            CliOutput.Error(host, error.ToString());
        }

        CliOutput.Error(host, $"{errors.Count} catalog error(s).");
    }
}

/// <summary>The <c>catalog validate --json</c> shape (docs/cli.md).</summary>
internal sealed record CatalogValidationJson(bool Valid, string Directory, IReadOnlyList<CatalogPlatformJson> Platforms, IReadOnlyList<CatalogError> Errors);

internal sealed record CatalogPlatformJson(string Id, string Name, IReadOnlyList<string> Documents);
