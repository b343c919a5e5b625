using System.Text.RegularExpressions;
using Monitors.Cli;
using Monitors.IntegrationTests.Infrastructure;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Monitors.IntegrationTests.Cli;

/// <summary>The <c>monitors</c> CLI run in-process against Azurite, its output captured.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CliTests
{
    [Fact]
    public async Task Demo_FindsChangeRecords_AndShowPrintsOne()
    {
        var (exit, output) = await RunAsync("demo");

        Assert.True(exit == 0, output);
        Assert.Contains("Round 5", output, StringComparison.Ordinal);
        Assert.Contains("Flap", output, StringComparison.Ordinal);
        Assert.Contains("Failed", output, StringComparison.Ordinal);
        var ids = ChangeIdPattern().Matches(output).Select(m => m.Value).Distinct().ToArray();
        Assert.Equal(2, ids.Length);

        var (showExit, shown) = await RunAsync("show", ids[0]);
        Assert.Equal(0, showExit);
        Assert.Contains("Example AI", shown, StringComparison.Ordinal);
        Assert.Contains("train and improve our models", shown, StringComparison.Ordinal);

        var json = await RunCapturedAsync(["show", ids[0], "--json"]);
        Assert.Equal(0, json.Exit);
        using var record = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal(ids[0], record.RootElement.GetProperty("id").GetString());
        Assert.Equal("Example AI", record.RootElement.GetProperty("platformName").GetString());
    }

    [Fact]
    public async Task Show_UnknownChange_ExitsWithBadInputAndSaysWhy()
    {
        var (exit, output) = await RunAsync("show", "20260101-0000000000000000");

        Assert.Equal(2, exit);
        Assert.Contains("No change record", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogValidate_ShippedCatalog_IsValid()
    {
        var (exit, output) = await RunAsync("catalog", "validate", "--path", RepositoryPaths.Catalog);

        Assert.True(exit == 0, output);
        Assert.Contains("aws-bedrock", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogValidate_BadFile_NamesFileFieldAndFix()
    {
        var dir = Directory.CreateTempSubdirectory("catalog-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "broken.json"), """
            { "id": "broken", "name": "Broken", "documents": [ { "id": "tos", "title": "Terms", "termsType": "Terms of Service", "fetch": "notaurl", "select": "main" } ] }
            """);

        var (exit, output) = await RunAsync("catalog", "validate", "--path", dir);

        Assert.Equal(2, exit);
        Assert.Contains("broken.json", output, StringComparison.Ordinal);
        Assert.Contains("fetch", output, StringComparison.Ordinal);
        Assert.Contains("Fix", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_OpenTermsArchiveDeclaration_WritesAValidCatalogFile()
    {
        var dir = Directory.CreateTempSubdirectory("import-").FullName;
        var declaration = Path.Combine(dir, "Acme AI.json");
        await File.WriteAllTextAsync(declaration, """
            { "name": "Acme AI", "terms": {
                "Terms of Service": { "fetch": "https://acme.example/terms", "select": ["main"], "remove": [".banner"] },
                "Privacy Policy": { "fetch": "https://acme.example/privacy", "select": [{ "startBefore": "#privacy", "endBefore": "footer" }] } } }
            """);
        var outDir = Directory.CreateTempSubdirectory("catalog-").FullName;

        var (exit, output) = await RunAsync("catalog", "import", declaration, "--out", outDir);
        var (validExit, validOutput) = await RunAsync("catalog", "validate", "--path", outDir);

        Assert.True(exit == 0, output);
        var written = Assert.Single(Directory.GetFiles(outDir, "*.json"));
        Assert.Contains("https://acme.example/privacy", await File.ReadAllTextAsync(written), StringComparison.Ordinal);
        Assert.True(validExit == 0, validOutput);
        Assert.Contains("2 documents", validOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_File_PrintsCanonicalTextAndMedianTime()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("extract-").FullName, "page.html");
        await File.WriteAllTextAsync(file, Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));

        var (exit, output) = await RunAsync("extract", file, "--select", "main", "--runs", "5");

        Assert.True(exit == 0, output);
        Assert.Contains("# Terms of Service", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Cookies", output, StringComparison.Ordinal);
        Assert.Contains("median extraction time over 5 runs", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the CLI; standard output and standard error together, for tests that only look at what a user sees.</summary>
    internal static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var run = await RunCapturedAsync(args);
        return (run.Exit, run.Out + run.Err);
    }

    /// <summary>Runs the CLI with standard output and standard error captured apart; <paramref name="configure"/> adjusts the host (settings, catalog).</summary>
    internal static async Task<CliRun> RunCapturedAsync(string[] args, Action<CliHost>? configure = null)
    {
        var console = new TestConsole().Width(220);
        console.Profile.Capabilities.Ansi = false;
        var error = new TestConsole().Width(220);
        error.Profile.Capabilities.Ansi = false;
        var host = new CliHost { Console = console, Error = error };
        host.Settings["AzureWebJobsStorage"] = AzuriteFixture.ConnectionString;
        host.Settings["Monitors:Catalog:Path"] = RepositoryPaths.Catalog;
        configure?.Invoke(host);
        var exit = await MonitorsCli.RunAsync(args, host);
        return new CliRun(exit, console.Output, error.Output);
    }

    [GeneratedRegex(@"\b\d{8}-[0-9a-f]{16}\b")]
    private static partial Regex ChangeIdPattern();
}

/// <summary>One CLI run: its exit code, standard output and standard error.</summary>
internal sealed record CliRun(int Exit, string Out, string Err);
