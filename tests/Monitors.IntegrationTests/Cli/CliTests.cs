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
    public async Task Demo_LeavesThreePlatformsWithChangeRecords_VisibleToHistoryStatusAndShow()
    {
        var suffix = "t" + Guid.NewGuid().ToString("N")[..8];
        var (exit, output) = await RunWithLocalCatalogAsync("demo", "--id-suffix", suffix);

        Assert.True(exit == 0, output);
        Assert.Contains("Round 5", output, StringComparison.Ordinal);
        Assert.Contains("Flap", output, StringComparison.Ordinal);
        Assert.Contains("Failed", output, StringComparison.Ordinal);
        var ids = ChangeIdPattern().Matches(output).Select(m => m.Value).Distinct().ToArray();
        Assert.True(ids.Length >= 9, $"{ids.Length} change records: {output}");
        foreach (var platform in new[] { "example-ai", "northwind-cloud", "brightdesk" })
        {
            Assert.True(File.Exists(Path.Combine(LocalCatalog, $"{platform}-{suffix}.json")), $"{platform} is not in the local catalog");
            var (historyExit, history) = await RunWithLocalCatalogAsync("history", $"{platform}-{suffix}");
            Assert.True(historyExit == 0, history);
            // The first version and at least two changes, each with its change record.
            Assert.True(ChangeIdPattern().Count(history) >= 2, history);
            Assert.Contains("First", history, StringComparison.Ordinal);
        }

        var (statusExit, status) = await RunWithLocalCatalogAsync("status", "--all");
        Assert.Contains($"brightdesk-{suffix}/privacy-policy", status, StringComparison.Ordinal);
        Assert.Contains($"example-ai-{suffix}/privacy-policy", status, StringComparison.Ordinal);
        Assert.Equal(0, statusExit);

        var exampleAi = ids.First(id => output.Contains($"{id} │ Example AI", StringComparison.Ordinal));
        var (showExit, shown) = await RunWithLocalCatalogAsync("show", exampleAi);
        Assert.Equal(0, showExit);
        Assert.Contains("Example AI", shown, StringComparison.Ordinal);
        Assert.Contains("train and improve our models", shown, StringComparison.Ordinal);

        var json = await RunCapturedAsync(["show", exampleAi, "--json"], host => host.Settings["Monitors:Catalog:LocalPath"] = LocalCatalog);
        Assert.Equal(0, json.Exit);
        using var record = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal(exampleAi, record.RootElement.GetProperty("id").GetString());
        Assert.Equal("Example AI", record.RootElement.GetProperty("platformName").GetString());

        // A second run under the same ids would stack a second timeline on the first: refused before anything is checked.
        var (again, refusal) = await RunWithLocalCatalogAsync("demo", "--id-suffix", suffix);
        Assert.Equal(2, again);
        Assert.Contains("--id-suffix", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Round 1", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_BadIdSuffix_ExitsWithBadInputAndSaysWhy()
    {
        var (exit, output) = await RunAsync("demo", "--id-suffix", "Not OK");

        Assert.Equal(2, exit);
        Assert.Contains("lowercase letters, digits or hyphens", output, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalSigningKey_SecondCommand_ReadsTheKeyTheFirstCreated()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("key-").FullName, "nested", "signing-key");

        var first = Monitors.Cli.Api.LocalSigningKey.ReadOrCreate(file);
        var second = Monitors.Cli.Api.LocalSigningKey.ReadOrCreate(file);

        Assert.True(first.Length >= 32, first);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
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
        // The issue's bar: at least 100 platforms.
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"Catalog is valid: (\d+) platforms").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count >= 100, output);
    }

    [Fact]
    public async Task CatalogValidate_Summary_PrintsOneLineOfTotals()
    {
        var run = await RunCapturedAsync(["catalog", "validate", "--path", RepositoryPaths.Catalog, "--summary"]);

        Assert.Equal(0, run.Exit);
        var line = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^Catalog is valid: \d{3} platforms, \d+ documents \(\d+ combined from several pages, \d+ needing a browser fetch and not checked\)", line);
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
    public async Task CatalogImport_OneDeclarationWithoutOut_PrintsOnlyTheCatalogFileOnStandardOutput()
    {
        var declaration = Path.Combine(Directory.CreateTempSubdirectory("ota-").FullName, "Acme AI.json");
        await File.WriteAllTextAsync(declaration, """
            { "name": "Acme AI", "terms": { "Terms of Service": { "fetch": "https://acme.example/terms", "select": "main" } } }
            """);

        var run = await RunCapturedAsync(["catalog", "import", declaration]);

        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.Equal("acme-ai", System.Text.Json.JsonDocument.Parse(run.Out).RootElement.GetProperty("id").GetString());
        Assert.Matches(@"imported\s+acme-ai\s+Acme AI\.json: would write catalog/acme-ai\.json", run.Err);
        Assert.Contains("nothing written", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_FolderBesideACuratedFile_ReportsEachServiceAndLeavesTheCuratedFileAlone()
    {
        var declarations = Directory.CreateTempSubdirectory("ota-").FullName;
        await File.WriteAllTextAsync(Path.Combine(declarations, "Acme AI.json"), """
            { "name": "Acme AI", "terms": { "Terms of Service": { "fetch": "https://acme.example/terms", "select": "main", "executeClientScripts": true },
                                            "Privacy Policy": { "fetch": "https://acme.example/privacy", "select": "main" } } }
            """);
        await File.WriteAllTextAsync(Path.Combine(declarations, "Beta.json"), """
            { "name": "Beta", "terms": { "Privacy Policy": { "fetch": "https://beta.example/privacy", "select": "main" } } }
            """);
        await File.WriteAllTextAsync(Path.Combine(declarations, "Gamma.json"), """
            { "name": "Gamma", "terms": { "Terms of Servise": { "fetch": "https://gamma.example/terms", "select": "main" } } }
            """);
        var catalog = Directory.CreateTempSubdirectory("catalog-").FullName;
        var curated = """
            {"id":"beta","name":"Beta (curated)","documents":[{"id":"terms","title":"Beta Terms","termsType":"Terms of Service","fetch":"https://beta.example/terms","select":"main"}]}
            """;
        await File.WriteAllTextAsync(Path.Combine(catalog, "beta.json"), curated);

        var (exit, output) = await RunAsync("catalog", "import", declarations, "--out", catalog);

        Assert.True(exit == 1, output);
        Assert.Matches(@"imported with notes\s+acme-ai\s+Acme AI\.json", output);
        Assert.Contains("OTA runs the page's scripts", output, StringComparison.Ordinal);
        Assert.Matches(@"left alone\s+beta\s+Beta\.json: .*--merge would add 1 document", output);
        Assert.Matches(@"refused\s+-\s+Gamma\.json", output);
        Assert.Contains("\"Terms of Service\"", output, StringComparison.Ordinal);
        Assert.Matches(@"3 declaration\(s\) in [0-9.]+ s \([0-9]+ declarations/s\): 1 imported \(1 with notes\).*1 left alone, 1 refused", output);
        Assert.Equal(curated, await File.ReadAllTextAsync(Path.Combine(catalog, "beta.json")));
        Assert.Equal(["acme-ai.json", "beta.json"], Directory.GetFiles(catalog, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
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
        // No local catalog unless a test lays one (the demo's): other tests count exactly their own documents.
        host.Settings["Monitors:Catalog:LocalPath"] = Path.Combine(LocalState, "no-local-catalog");
        host.Settings["Monitors:Tokens:LocalKeyFile"] = LocalKeyFile;
        configure?.Invoke(host);
        var exit = await MonitorsCli.RunAsync(args, host);
        return new CliRun(exit, console.Output, error.Output);
    }

    /// <summary>Runs the CLI with the demo's local catalog laid over the catalog, as every command does for a local user.</summary>
    private static async Task<(int Exit, string Output)> RunWithLocalCatalogAsync(params string[] args)
    {
        var run = await RunCapturedAsync(args, host => host.Settings["Monitors:Catalog:LocalPath"] = LocalCatalog);
        return (run.Exit, run.Out + run.Err);
    }

    /// <summary>The local catalog and key of this test run (never the developer's ./.monitors).</summary>
    private static readonly string LocalState = Directory.CreateTempSubdirectory("monitors-cli-").FullName;
    private static string LocalCatalog => Path.Combine(LocalState, "catalog");
    private static string LocalKeyFile => Path.Combine(LocalState, "signing-key");

    [GeneratedRegex(@"\b\d{8}-[0-9a-f]{16}\b")]
    private static partial Regex ChangeIdPattern();
}

/// <summary>One CLI run: its exit code, standard output and standard error.</summary>
internal sealed record CliRun(int Exit, string Out, string Err);
