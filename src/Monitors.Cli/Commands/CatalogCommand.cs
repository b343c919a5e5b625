using System.CommandLine;
using System.Diagnostics;
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
        var summary = new Option<bool>("--summary") { Description = "Print only the totals (and every error), not the table of platforms: for scripts such as run-local.sh." };
        var validate = new Command("validate", "Validate every platform file: unknown fields, bad URLs, duplicate ids, selectors that do not parse.") { path, json, summary };
        validate.SetAction(parse =>
        {
            var directory = ResolveCatalog(host, parse.GetValue(path));
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

            var combined = catalog.AllDocuments().Count(d => d.Document.IsCombined);
            if (parse.GetValue(summary))
            {
                var needsBrowser = StatusCommand.NeedsBrowser(catalog).Count;
                host.Console.MarkupLineInterpolated($"[green]Catalog is valid:[/] {catalog.Platforms.Count} platforms, {catalog.AllDocuments().Count()} documents ({combined} combined from several pages, {needsBrowser} needing a browser fetch and not checked) in {directory}.");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"Catalog {Markup.Escape(directory)}");
            table.AddColumns("Platform", "Name", "Documents");
            foreach (var p in catalog.Platforms)
            {
                table.AddRow(Markup.Escape(p.Id), Markup.Escape(p.Name), Markup.Escape(string.Join(", ", p.Documents.Select(Describe))));
            }

            host.Console.Write(table);
            host.Console.MarkupLineInterpolated($"[green]Catalog is valid:[/] {catalog.Platforms.Count} platforms, {catalog.AllDocuments().Count()} documents ({combined} combined from several pages).");
            StatusCommand.PrintNeedsBrowser(host.Console, catalog);
            return ExitCodes.Ok;
        });
        var import = CreateImport(host);

        var command = new Command("catalog", "Work with the platform catalog.");
        command.Subcommands.Add(validate);
        command.Subcommands.Add(import);
        command.Subcommands.Add(CreateSchema(host));
        return command;
    }

    /// <summary>The catalog's JSON Schema, generated from the validator (<see cref="CatalogSchema"/>): printed, or written over the catalog's copy.</summary>
    private static Command CreateSchema(CliHost host)
    {
        var write = new Option<bool>("--write") { Description = $"Write it to {CatalogSchema.FileName} in the catalog folder instead of printing it." };
        var path = new Option<string?>("--path") { Description = "Catalog folder (default: as for validate)." };
        var schema = new Command("schema", $"Print the JSON Schema of a catalog file ({CatalogSchema.FileName}), generated from what validate accepts.") { write, path };
        schema.SetAction(parse =>
        {
            var json = CatalogSchema.ToJson();
            if (!parse.GetValue(write))
            {
                host.Console.Profile.Out.Writer.Write(json);
                return ExitCodes.Ok;
            }

            var file = Path.Combine(ResolveCatalog(host, parse.GetValue(path)), CatalogSchema.FileName);
            var unchanged = File.Exists(file) && File.ReadAllText(file) == json;
            if (!unchanged)
            {
                File.WriteAllText(file, json);
            }

            host.Console.MarkupLineInterpolated($"{(unchanged ? "Unchanged" : "Wrote")} {file}.");
            return ExitCodes.Ok;
        });
        return schema;
    }

    private static Command CreateImport(CliHost host)
    {
        var paths = new Argument<string[]>("paths") { Description = "Open Terms Archive declarations: files, or folders of them (a clone of an OTA collection works). Sibling .history.json and .filters.js files are read too.", Arity = ArgumentArity.OneOrMore };
        var id = new Option<string?>("--id") { Description = "Platform id for the new file (one declaration only; default: a slug of the declaration's name)." };
        var outDir = new Option<string?>("--out") { Description = "The catalog folder to write into. Without it nothing is written: the report says what would happen to the catalog (--path)." };
        var catalogPath = new Option<string?>("--path") { Description = "Catalog folder to compare with when --out is not given (default: as for validate)." };
        var merge = new Option<bool>("--merge") { Description = "Add the new documents of a declaration to an existing curated platform file of the same id (default: leave curated files alone)." };
        var import = new Command("import", "Convert Open Terms Archive declarations into catalog files, validate them, and report one line per service.") { paths, id, outDir, catalogPath, merge };
        import.SetAction(parse =>
        {
            var (declarations, refused) = CatalogImport.FindDeclarations(parse.GetValue(paths)!);
            var platformId = parse.GetValue(id);
            if (platformId is not null && declarations.Count != 1)
                throw new CliException($"--id names one platform, but {declarations.Count} declarations were given. Fix: import that declaration alone with --id, the others without.");

            var target = parse.GetValue(outDir);
            var directory = target ?? ResolveCatalog(host, parse.GetValue(catalogPath));
            var importer = new CatalogImport(directory, write: target is not null, merge: parse.GetValue(merge));
            var outcomes = new List<ImportOutcome>(refused);
            var stopwatch = Stopwatch.StartNew();
            foreach (var declaration in declarations)
                outcomes.Add(importer.Import(declaration, platformId));
            stopwatch.Stop();

            // One declaration and no folder to write to: the converted file is the product (standard output, so it can
            // be redirected to a file); the report then goes to standard error.
            var single = target is null && declarations.Count == 1 ? outcomes[^1].CatalogJson : null;
            var report = single is null ? host.Console : host.Error;
            foreach (var outcome in outcomes)
                PrintOutcome(report, outcome);
            if (single is not null)
                host.Console.Profile.Out.Writer.Write(single);

            var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-6);
            int Count(ImportStatus status) => outcomes.Count(o => o.Status == status);
            report.WriteLine(
                $"{declarations.Count} declaration(s) in {stopwatch.Elapsed.TotalSeconds:0.000} s ({declarations.Count / seconds:0} declarations/s): " +
                $"{Count(ImportStatus.Imported)} imported ({outcomes.Count(o => o.Status == ImportStatus.Imported && o.Notes.Count > 0)} with notes), " +
                $"{Count(ImportStatus.Updated)} updated, {Count(ImportStatus.Unchanged)} unchanged, {Count(ImportStatus.Merged)} merged, " +
                $"{Count(ImportStatus.LeftAlone)} left alone, {Count(ImportStatus.Refused)} refused.");
            if (target is null)
                CliOutput.Hint(host, $"nothing written (compared with {directory}); pass --out <catalog folder> to write.");
            else if (outcomes.Any(o => o.Status is ImportStatus.Imported or ImportStatus.Updated or ImportStatus.Merged))
                CliOutput.Hint(host, "check each new document's selectors against the live page: monitors extract URL --select CSS.");

            var refusedCount = Count(ImportStatus.Refused);
            return refusedCount == 0 ? ExitCodes.Ok : refusedCount == outcomes.Count ? ExitCodes.BadInput : ExitCodes.SomeFailed;
        });
        return import;
    }

    /// <summary>The catalog folder: --path, else the setting, else ./catalog or the repository's; a missing folder is bad input, not a crash.</summary>
    private static string ResolveCatalog(CliHost host, string? path)
    {
        try
        {
            return new CatalogOptions { Path = path ?? (host.Settings.TryGetValue("Monitors:Catalog:Path", out var configured) ? configured : null) ?? Environment.GetEnvironmentVariable("Monitors__Catalog__Path") }.ResolveDirectory();
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    private static void PrintOutcome(IAnsiConsole console, ImportOutcome outcome)
    {
        var (label, color) = outcome.Status switch
        {
            ImportStatus.Imported when outcome.Notes.Count > 0 => ("imported with notes", "yellow"),
            ImportStatus.Imported => ("imported", "green"),
            ImportStatus.Updated => ("updated", "green"),
            ImportStatus.Unchanged => ("unchanged", "grey"),
            ImportStatus.Merged => ("merged", "green"),
            ImportStatus.LeftAlone => ("left alone", "grey"),
            _ => ("refused", "red"),
        };
        console.MarkupLine($"[{color}]{label,-19}[/] {Markup.Escape(outcome.PlatformId ?? "-"),-28} {Markup.Escape(outcome.Source)}: {Markup.Escape(outcome.Message)}");
        foreach (var note in outcome.Notes)
            console.MarkupLineInterpolated($"    note: {note}");
        foreach (var error in outcome.Errors)
            console.MarkupLineInterpolated($"    [red]error:[/] {error.ToString()}");
    }


    private static string Describe(DocumentDeclaration document) =>
        document.Id + (document.IsCombined ? $" ({document.Pages.Count} pages)" : "") + (document.NeedsBrowser ? " (needs a browser fetch)" : "");

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
