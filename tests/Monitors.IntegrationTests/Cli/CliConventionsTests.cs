using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Cli;

/// <summary>
/// The conventions of the <c>monitors</c> CLI (README, docs/cli.md): standard output carries only results (tables or
/// JSON), standard error one line per error and a hint, and every exit code means what the README says.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliConventionsTests
{
    [Fact]
    public async Task Check_EveryHostUnreachable_PrintsOneLineForTheCauseNoStackTraceAndDoesNotRetryDns()
    {
        // As offline: every host fails alike. The console says so once, whatever the number of documents.
        var catalog = UnreachableCatalog(platforms: 40, documentsEach: 3);
        var log = Path.Combine(Directory.CreateTempSubdirectory("cli-log-").FullName, "monitors.log");

        var run = await CliTests.RunCapturedAsync(["check", "--log-file", log], host => host.Settings["Monitors:Catalog:Path"] = catalog.Directory);

        Assert.Equal(1, run.Exit);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 10, $"{lines.Length} lines for {catalog.Documents.Count} unreachable documents:\n{run.Out}");
        Assert.Contains("120 documents Failed (Transient) on 40 platform(s): the host name does not resolve.", run.Out, StringComparison.Ordinal);
        Assert.Contains("No network?", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{catalog.Documents[0].Platform} (3)", run.Out, StringComparison.Ordinal);
        Assert.Contains("monitors check --json", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{catalog.Documents.Count} checked: {catalog.Documents.Count} Failed", run.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Err.Trim()); // quiet by default: the summary says it all
        Assert.DoesNotContain("Exception", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Out, StringComparison.Ordinal);
        // The details went to the log file, where the HTTP client logs each attempt: one per document, since a name
        // that does not resolve is not retried (before, each was tried three times).
        var logged = await File.ReadAllTextAsync(log);
        foreach (var (platform, document) in catalog.Documents)
        {
            var url = $"https://www.{platform}.invalid/legal/{document["doc-".Length..]}";
            Assert.Single(Regex.Matches(logged, "Sending HTTP request GET " + Regex.Escape(url) + @"\b"));
            Assert.Contains($"Check of {platform}/{document} failed (Transient)", logged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_FewUnreachableDocuments_PrintsOneRowEach()
    {
        // Under the grouping threshold each failure keeps its own row, with its host.
        var catalog = UnreachableCatalog(platforms: 1, documentsEach: 3);

        var run = await CliTests.RunCapturedAsync(["check"], host => host.Settings["Monitors:Catalog:Path"] = catalog.Directory);

        Assert.Equal(1, run.Exit);
        foreach (var (platform, document) in catalog.Documents)
        {
            Assert.Matches($@"│ {platform}\s+│ {document}\s+│ Failed\s+│ .*www\.{platform}\.invalid: the host name does not resolve", run.Out);
        }

        Assert.DoesNotContain("documents Failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("3 checked: 3 Failed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckJson_UnreachableHosts_ParsesWithOneResultPerDocument()
    {
        // Many documents, so the console would group them: --json still has one entry per document.
        var catalog = UnreachableCatalog(platforms: 10, documentsEach: 3);

        var run = await CliTests.RunCapturedAsync(["check", "--json"], host => host.Settings["Monitors:Catalog:Path"] = catalog.Directory);

        Assert.Equal(1, run.Exit);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal(30, root.GetProperty("checked").GetInt32());
        Assert.Equal(30, root.GetProperty("outcomes").GetProperty("Failed").GetInt32());
        var results = root.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(
            catalog.Documents.Select(d => $"{d.Platform}/{d.Document}").Order(StringComparer.Ordinal),
            results.Select(r => $"{r.GetProperty("platform").GetString()}/{r.GetProperty("document").GetString()}"));
        Assert.All(results, r =>
        {
            Assert.Equal("Failed", r.GetProperty("outcome").GetString());
            Assert.Equal("Transient", r.GetProperty("failure").GetString());
            Assert.Contains("does not resolve", r.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("the host name does not resolve", r.GetProperty("cause").GetString());
        });
    }

    [Fact]
    public async Task StatusAndHistoryJson_AfterAFailedCheck_Parse()
    {
        var catalog = UnreachableCatalog(platforms: 1, documentsEach: 2);
        void Configure(Monitors.Cli.CliHost host) => host.Settings["Monitors:Catalog:Path"] = catalog.Directory;
        await CliTests.RunCapturedAsync(["check"], Configure);

        var status = await CliTests.RunCapturedAsync(["status", "--all", "--json"], Configure);
        var history = await CliTests.RunCapturedAsync(["history", catalog.Documents[0].Platform, "--json"], Configure);

        Assert.Equal(0, status.Exit); // one failure is not yet "needs attention"
        using var statusJson = JsonDocument.Parse(status.Out);
        var documents = statusJson.RootElement.GetProperty("documents").EnumerateArray().ToArray();
        Assert.Equal(2, documents.Length);
        Assert.All(documents, d => Assert.Equal(1, d.GetProperty("failureStreak").GetInt32()));
        Assert.Equal(0, history.Exit);
        using var historyJson = JsonDocument.Parse(history.Out);
        Assert.Equal(catalog.Documents[0].Platform, historyJson.RootElement.GetProperty("platform").GetString());
        Assert.All(historyJson.RootElement.GetProperty("documents").EnumerateArray(), d => Assert.Empty(d.GetProperty("versions").EnumerateArray()));
    }

    [Fact]
    public async Task CatalogValidateJson_ShippedCatalogAndBrokenOne_ParseWithPlatformsOrErrors()
    {
        var broken = Directory.CreateTempSubdirectory("catalog-").FullName;
        await File.WriteAllTextAsync(Path.Combine(broken, "broken.json"), """
            { "id": "broken", "name": "Broken", "documents": [ { "id": "tos", "title": "Terms", "termsType": "Terms of Service", "fetch": "notaurl", "select": "main" } ] }
            """);

        var valid = await CliTests.RunCapturedAsync(["catalog", "validate", "--path", RepositoryPaths.Catalog, "--json"]);
        var invalid = await CliTests.RunCapturedAsync(["catalog", "validate", "--path", broken, "--json"]);

        Assert.Equal(0, valid.Exit);
        using var validJson = JsonDocument.Parse(valid.Out);
        Assert.True(validJson.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains(validJson.RootElement.GetProperty("platforms").EnumerateArray(), p => p.GetProperty("id").GetString() == "aws-bedrock");
        Assert.Equal(2, invalid.Exit);
        using var invalidJson = JsonDocument.Parse(invalid.Out);
        Assert.False(invalidJson.RootElement.GetProperty("valid").GetBoolean());
        var error = Assert.Single(invalidJson.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("jsonPath").GetString()!.Contains("fetch", StringComparison.Ordinal));
        Assert.EndsWith("broken.json", error.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("fix").GetString()));
        Assert.Contains("broken.json", invalid.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chek", "Unknown command 'chek'. Did you mean 'check'?", "monitors --help")]
    [InlineData("check --platfrom openai", "Unknown option '--platfrom'. Did you mean '--platform'?", "monitors check --help")]
    [InlineData("show", "Required argument missing", "monitors show --help")]
    [InlineData("serve --port soon", "as a whole number", "monitors serve --help")]
    [InlineData("check --confirm-delay soon", "'soon' is not a duration for --confirm-delay", "monitors check --help")]
    public async Task UsageError_ExitsTwoWithOneLineAndAHint(string args, string message, string hint)
    {
        var run = await CliTests.RunCapturedAsync(args.Split(' '));

        Assert.Equal(2, run.Exit);
        Assert.Equal(string.Empty, run.Out.Trim());
        var lines = run.Err.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
        Assert.StartsWith("hint: ", lines[1], StringComparison.Ordinal);
        Assert.Contains(hint, lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogValidate_MissingFolder_ExitsTwoNamingTheFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-catalog-" + Guid.NewGuid().ToString("N"));

        var run = await CliTests.RunCapturedAsync(["catalog", "validate", "--path", missing]);

        Assert.Equal(2, run.Exit);
        var line = Assert.Single(run.Err.Trim().Split('\n'));
        Assert.StartsWith("error: Catalog folder", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownPlatform_ExitsTwoWithoutFrameworkText()
    {
        var run = await CliTests.RunCapturedAsync(["check", "--platform", "no-such-platform"]);

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("error: Platform 'no-such-platform' is not in the catalog.", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", run.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out.Trim());
    }

    [Fact]
    public async Task Serve_AdminKeyTooShort_FailsBeforeServingNamingTheSettingAndRule()
    {
        var result = await ServeMustRefuseAsync(50, host => host.Settings["Monitors:Api:AdminKey"] = "123456789012",
            "serve started instead of refusing the 12-character admin key");

        Assert.Contains("Monitors__Api__AdminKey", result.Err, StringComparison.Ordinal);
        Assert.Contains("at least 16 characters", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("123456789012", result.Err, StringComparison.Ordinal); // a secret is never echoed
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadCheckSchedule_FailsBeforeServing()
    {
        var result = await ServeMustRefuseAsync(51, host => host.Settings["CHECK_SCHEDULE"] = "every six hours",
            "serve started despite a schedule that does not parse");

        Assert.StartsWith("error: Setting CHECK_SCHEDULE 'every six hours' is not an NCRONTAB expression", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SettingOfWrongType_ExitsTwoNamingTheSetting()
    {
        var run = await CliTests.RunCapturedAsync(["status"], host => host.Settings["Monitors:Fetch:Timeout"] = "soon");

        Assert.Equal(2, run.Exit);
        Assert.Contains("Monitors__Fetch__Timeout", run.Err, StringComparison.Ordinal);
        Assert.Contains("not a valid duration", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_StorageUnreachable_ExitsThreeWithOneLine()
    {
        var port = ClosedPort();
        var unreachable = AzuriteFixture.ConnectionString
            .Replace($":{AzuriteFixture.BlobPort}/", $":{port}/", StringComparison.Ordinal)
            .Replace($":{AzuriteFixture.QueuePort}/", $":{port}/", StringComparison.Ordinal)
            .Replace($":{AzuriteFixture.TablePort}/", $":{port}/", StringComparison.Ordinal);

        var run = await CliTests.RunCapturedAsync(["status"], host => host.Settings["AzureWebJobsStorage"] = unreachable);

        Assert.Equal(3, run.Exit);
        var line = Assert.Single(run.Err.Trim().Split('\n'));
        Assert.StartsWith("error: Cannot reach Azure Storage", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ClientOptions", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ConfirmDelayZero_RecordsASubstantiveChangeAtOnce()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        var directory = Directory.CreateTempSubdirectory("catalog-").FullName;
        var platform = "local-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(Path.Combine(directory, platform + ".json"), $$"""
            { "id": "{{platform}}", "name": "Local", "documents": [ { "id": "terms", "title": "Terms", "termsType": "Terms of Service", "fetch": "{{site.Url("/terms")}}", "select": "main" } ] }
            """);
        void Configure(Monitors.Cli.CliHost host)
        {
            host.Settings["Monitors:Catalog:Path"] = directory;
            host.Settings["Monitors:Fetch:AllowLoopback"] = "true";
            // No delayed confirmation message is left in the shared queue by the pending step.
            host.Settings["Monitors:Checks:EnqueueConfirmationChecks"] = "false";
        }

        var first = await CliTests.RunCapturedAsync(["check", "--platform", platform, "--json"], Configure);
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses[0], "We may suspend or terminate accounts that violate these terms, without notice.", Pages.BaseClauses[2])));
        var pending = await CliTests.RunCapturedAsync(["check", "--platform", platform, "--json"], Configure);
        var confirmed = await CliTests.RunCapturedAsync(["check", "--platform", platform, "--confirm-delay", "0", "--json"], Configure);

        Assert.Equal("FirstSeen", Outcome(first));
        Assert.Equal("PendingConfirmation", Outcome(pending));
        Assert.Equal("Changed", Outcome(confirmed));
        using var json = JsonDocument.Parse(confirmed.Out);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("results")[0].GetProperty("changeId").GetString()));
    }

    private static string? Outcome(CliRun run)
    {
        Assert.True(run.Exit == 0, run.Err);
        using var json = JsonDocument.Parse(run.Out);
        return json.RootElement.GetProperty("results")[0].GetProperty("outcome").GetString();
    }

    /// <summary>
    /// Runs <c>serve</c> with a setting it must refuse, and expects exit 2 before it serves anything. Should the check
    /// regress, serve would really start: on a port of this run's own range (the Azurite blob port + <paramref name="portOffset"/>).
    /// </summary>
    private static async Task<CliRun> ServeMustRefuseAsync(int portOffset, Action<Monitors.Cli.CliHost> configure, string whenItServes)
    {
        var port = (AzuriteFixture.BlobPort + portOffset).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = RunWithGuard(["serve", "--port", port], configure);

        var completed = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2)));

        Assert.True(completed == run, whenItServes);
        var result = await run;
        Assert.Equal(2, result.Exit);
        Assert.DoesNotContain("Serving", result.Out, StringComparison.Ordinal);
        return result;
    }

    private static Task<CliRun> RunWithGuard(string[] args, Action<Monitors.Cli.CliHost> configure) =>
        Task.Run(() => CliTests.RunCapturedAsync(args, configure));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A catalog folder whose every host is under <c>.invalid</c> (RFC 6761: never resolves), as when offline.</summary>
    private static (string Directory, IReadOnlyList<(string Platform, string Document)> Documents) UnreachableCatalog(int platforms, int documentsEach)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("catalog-offline-").FullName;
        var run = Guid.NewGuid().ToString("N")[..8];
        var documents = new List<(string, string)>();
        for (var p = 0; p < platforms; p++)
        {
            var id = $"offline-{run}-{p}";
            var entries = Enumerable.Range(0, documentsEach).Select(d => $$"""
                { "id": "doc-{{d}}", "title": "Document {{d}}", "termsType": "Terms of Service", "fetch": "https://www.{{id}}.invalid/legal/{{d}}", "select": "main" }
                """).ToArray();
            File.WriteAllText(Path.Combine(directory, id + ".json"), $$"""{ "id": "{{id}}", "name": "Offline {{p}}", "documents": [ {{string.Join(", ", entries)}} ] }""");
            documents.AddRange(Enumerable.Range(0, documentsEach).Select(d => (id, $"doc-{d}")));
        }

        return (directory, documents);
    }
}
