using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Monitors.Core.Configuration;

namespace Monitors.IntegrationTests.Infra;

/// <summary>
/// Keeps <c>infra/</c> and the code in step: every setting the code reads is set on the function app and
/// nothing else is, every container, queue and table the code uses is created, and no deployment output
/// carries a key. Reads the snapshot <c>infra/check.sh --build-only</c> writes, in which Bicep has evaluated
/// every loop, name and app setting (so a queue made by a <c>for</c> loop is checked by its real name).
/// </summary>
public sealed class InfraDriftTests(InfraSnapshotFixture infra) : IClassFixture<InfraSnapshotFixture>
{
    /// <summary>Settings the platform and SDKs read, not our code; each line says who reads it.</summary>
    private static readonly HashSet<string> PlatformSettings = new(StringComparer.Ordinal)
    {
        // Functions host and OpenTelemetry exporter: where telemetry goes.
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        // Functions host: send telemetry with the user-assigned identity (Entra ID) instead of a key.
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        // Azure.Identity's DefaultAzureCredential/ManagedIdentityCredential: which managed identity to use.
        "AZURE_CLIENT_ID",
        // Functions host: no built-in page at '/', so the site's home page (the catch-all function) answers there.
        "AzureWebJobsDisableHomepage",
    };

    /// <summary>Prefixes of platform settings (FUNCTIONS_* is the Functions runtime's own family).</summary>
    private static readonly string[] PlatformSettingPrefixes = ["APPLICATIONINSIGHTS_", "FUNCTIONS_"];

    /// <summary>
    /// Settings infra/ already sets for code that is still to come. Each must move into AppSettings.cs when the code
    /// reading it lands; <see cref="PendingSettings_AreNotYetDeclaredInAppSettings"/> then says to delete it here.
    /// </summary>
    private static readonly HashSet<string> PendingInCode = new(StringComparer.Ordinal)
    {
    };

    /// <summary>The identity-based form of <see cref="AppSettings.Storage"/> used in Azure (no connection string).</summary>
    private static readonly string[] IdentityStorageSuffixes =
        ["__credential", "__clientId", "__blobServiceUri", "__queueServiceUri", "__tableServiceUri"];

    private const string DeploymentContainer = "deploymentpackage";

    [Fact]
    public void FunctionApp_SetsEverySettingTheCodeReads()
    {
        var settings = infra.AppSettingNames();

        var missing = new List<string>();
        foreach (var name in CodeSettings())
        {
            if (name == AppSettings.Storage)
            {
                missing.AddRange(IdentityStorageSuffixes.Select(suffix => name + suffix).Where(s => !settings.Contains(s)));
            }
            else if (!settings.Contains(name))
            {
                missing.Add(name);
            }
        }

        Assert.True(missing.Count == 0,
            $"infra/modules/functionapp.bicep does not set {string.Join(", ", missing)}, which the code reads " +
            "(AppSettings.cs). Add them to the appSettings resource.");
    }

    [Fact]
    public void FunctionApp_SetsNoSettingTheCodeDoesNotRead()
    {
        var codeSettings = CodeSettings().ToHashSet(StringComparer.Ordinal);

        var unexplained = infra.AppSettingNames()
            .Where(name => !codeSettings.Contains(name)
                && !PendingInCode.Contains(name)
                && !PlatformSettings.Contains(name)
                && !PlatformSettingPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))
                && !IsIdentityStorageSetting(name, codeSettings))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(unexplained.Count == 0,
            $"The function app sets {string.Join(", ", unexplained)}, which no code reads. Declare them in " +
            "AppSettings.cs, list them as platform settings in InfraDriftTests, or remove them from infra/.");
    }

    [Fact]
    public void PendingSettings_AreNotYetDeclaredInAppSettings()
    {
        var declared = CodeSettings().Where(PendingInCode.Contains).ToList();

        Assert.True(declared.Count == 0,
            $"AppSettings.cs now declares {string.Join(", ", declared)}: delete them from PendingInCode in InfraDriftTests.");
    }

    [Fact]
    public void Storage_CreatesEveryContainerTheCodeUses_AndNoOther()
    {
        var created = infra.ChildNames("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal(
            StorageNames.Containers.All.Append(DeploymentContainer).Order(StringComparer.Ordinal),
            created.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Storage_CreatesEveryQueueAndItsPoisonQueue_AndNoOther()
    {
        var created = infra.ChildNames("Microsoft.Storage/storageAccounts/queueServices/queues");

        var expected = StorageNames.Queues.All.Concat(StorageNames.Queues.All.Select(StorageNames.Queues.PoisonOf));
        Assert.Equal(expected.Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Storage_CreatesEveryTableTheCodeUses_AndNoOther()
    {
        var created = infra.ChildNames("Microsoft.Storage/storageAccounts/tableServices/tables");

        Assert.Equal(StorageNames.Tables.All.Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Outputs_CarryNoKeyOrConnectionString()
    {
        // azd copies deployment outputs into .azure/<env>/.env in plain text; module outputs end up in the
        // deployment history. Both must stay names and endpoints.
        string[] forbidden = ["listKeys", "connectionString", "AccountKey", "secret"];

        var leaks = infra.AllOutputs()
            .SelectMany(output => forbidden
                .Where(word => output.Name.Contains(word, StringComparison.OrdinalIgnoreCase)
                    || output.Value.Contains(word, StringComparison.OrdinalIgnoreCase))
                .Select(word => $"{output.Where} output '{output.Name}' mentions '{word}': {output.Value}"))
            .ToList();

        Assert.NotEmpty(infra.AllOutputs());
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public void SecretSettings_AreKeyVaultReferences()
    {
        var settings = infra.AppSettings();

        foreach (var name in new[] { "Monitors__Email__SendGridApiKey", "Monitors__Tokens__SigningKey" })
        {
            Assert.True(settings.TryGetValue(name, out var value), $"{name} is not set on the function app.");
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FunctionApp_RunsOnFlexConsumption_AsDotnetIsolated10_DeployedWithItsIdentity()
    {
        var plan = infra.OnlyResource("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());

        var site = infra.OnlyResource("Microsoft.Web/sites");
        Assert.Equal("functions", site.GetProperty("tags").GetProperty("azd-service-name").GetString());
        var config = site.GetProperty("properties").GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        var deployment = config.GetProperty("deployment").GetProperty("storage");
        Assert.EndsWith(DeploymentContainer + "')]", deployment.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public void FunctionApp_InstanceSizeAndQueueConcurrency_AreTheCostModels()
    {
        // docs/operations.md ("Cost model") prices 24 concurrent checks on a 2,048 MB instance, chosen from the measured
        // profile (monitors bench): change one here and the model there, together.
        var scale = infra.OnlyResource("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig").GetProperty("scaleAndConcurrency");
        Assert.Equal(2048, scale.GetProperty("instanceMemoryMB").GetInt32());

        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")));
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(16, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(8, queues.GetProperty("newBatchThreshold").GetInt32());
    }

    [Fact]
    public void StorageAccount_AcceptsOnlyEntraId_OverTls12_AndKeepsVersions()
    {
        var account = infra.OnlyResource("Microsoft.Storage/storageAccounts").GetProperty("properties");
        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());

        var blobs = infra.OnlyResource("Microsoft.Storage/storageAccounts/blobServices").GetProperty("properties");
        Assert.True(blobs.GetProperty("isVersioningEnabled").GetBoolean());
        Assert.True(blobs.GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean());
        Assert.True(blobs.GetProperty("containerDeleteRetentionPolicy").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public void SummaryModel_AccountHasKeysOff_AndTheAppCallsItWithItsIdentity()
    {
        // infra/tests/drift.bicepparam sets summaryModel, so the optional module is in the snapshot.
        var account = infra.OnlyResource("Microsoft.CognitiveServices/accounts");
        Assert.Equal("OpenAI", account.GetProperty("kind").GetString());
        Assert.True(account.GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());
        var deployment = infra.OnlyResource("Microsoft.CognitiveServices/accounts/deployments");
        Assert.Equal("gpt-4o-mini", deployment.GetProperty("properties").GetProperty("model").GetProperty("name").GetString());
        var roles = infra.Resources("Microsoft.Authorization/roleAssignments").Select(r => r.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!);
        Assert.Contains(roles, id => id.Contains("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", StringComparison.Ordinal)); // Cognitive Services OpenAI User

        var settings = infra.AppSettings();
        Assert.Contains(".endpoint", settings[AppSettings.SummaryEndpoint], StringComparison.Ordinal);
        Assert.Equal("gpt-4o-mini", settings[AppSettings.SummaryDeployment]);
        Assert.DoesNotContain(settings.Keys, name => name.StartsWith("Monitors__Summaries__ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void ParametersFile_NamesOnlyTemplateParameters_AndFillsEveryRequiredOne()
    {
        // azd reads infra/main.parameters.json; a misspelt name there is silently ignored by Bicep's build.
        var template = infra.TemplateParameters();
        var mapped = InfraSnapshotFixture.ParametersFileNames();

        var unknown = mapped.Where(name => !template.ContainsKey(name)).ToList();
        Assert.True(unknown.Count == 0, $"infra/main.parameters.json sets {string.Join(", ", unknown)}, which main.bicep does not declare.");
        var unfilled = template.Where(p => !p.Value.TryGetProperty("defaultValue", out _) && !mapped.Contains(p.Key)).Select(p => p.Key).ToList();
        Assert.True(unfilled.Count == 0, $"infra/main.parameters.json gives no value for {string.Join(", ", unfilled)}, which main.bicep requires.");
    }

    private static IEnumerable<string> CodeSettings() =>
        typeof(AppSettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);

    private static bool IsIdentityStorageSetting(string name, HashSet<string> codeSettings) =>
        codeSettings.Contains(AppSettings.Storage)
        && name.StartsWith(AppSettings.Storage + "__", StringComparison.Ordinal);
}

/// <summary>
/// Runs <c>infra/check.sh --build-only</c> once for the test class and loads what it writes: the ARM template
/// (<c>artifacts/infra/main.json</c>) and the evaluated snapshot (<c>artifacts/infra/drift.snapshot.json</c>).
/// Always rebuilds, so the tests never read a template older than the Bicep beside it.
/// </summary>
public sealed class InfraSnapshotFixture : IAsyncLifetime
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(5);

    private JsonDocument? _snapshot;
    private JsonDocument? _template;

    public async Task InitializeAsync()
    {
        var repoRoot = RepositoryPaths.Root;
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("bash")
            {
                ArgumentList = { Path.Combine(repoRoot, "infra", "check.sh"), "--build-only" },
                WorkingDirectory = repoRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(CheckTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"infra/check.sh --build-only did not finish within {CheckTimeout}.");
            }
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"infra/check.sh --build-only failed (exit {process.ExitCode}); fix infra/ first:\n" +
                await stdout + await stderr);
        }

        var artifacts = Path.Combine(repoRoot, "artifacts", "infra");
        _snapshot = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(artifacts, "drift.snapshot.json")));
        _template = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(artifacts, "main.json")));
    }

    public Task DisposeAsync()
    {
        _snapshot?.Dispose();
        _template?.Dispose();
        return Task.CompletedTask;
    }

    private JsonElement Snapshot => _snapshot?.RootElement ?? throw new InvalidOperationException("Snapshot not loaded.");

    private JsonElement Template => _template?.RootElement ?? throw new InvalidOperationException("Template not loaded.");

    public IEnumerable<JsonElement> Resources(string type) =>
        Snapshot.GetProperty("predictedResources").EnumerateArray()
            .Where(resource => string.Equals(resource.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    public JsonElement OnlyResource(string type)
    {
        var matches = Resources(type).ToList();
        Assert.True(matches.Count == 1, $"Expected one {type} in infra/, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>Last segment of each resource name of a child type, e.g. the queue names.</summary>
    public IReadOnlyList<string> ChildNames(string type) =>
        Resources(type).Select(resource => resource.GetProperty("name").GetString()!.Split('/')[^1]).ToList();

    /// <summary>The function app's app settings: name → value (an ARM expression where not a literal).</summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var appSettings = Resources("Microsoft.Web/sites/config")
            .Where(resource => resource.GetProperty("name").GetString()!.EndsWith("/appsettings", StringComparison.Ordinal))
            .ToList();
        Assert.True(appSettings.Count == 1, $"Expected one appsettings resource, found {appSettings.Count}.");

        return appSettings[0].GetProperty("properties").EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.ToString(), StringComparer.Ordinal);
    }

    public IReadOnlySet<string> AppSettingNames() => AppSettings().Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Parameters of infra/main.bicep, by name, as compiled.</summary>
    public IReadOnlyDictionary<string, JsonElement> TemplateParameters() =>
        Template.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    /// <summary>Parameter names infra/main.parameters.json gives azd values for.</summary>
    public static IReadOnlySet<string> ParametersFileNames()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "main.parameters.json")));
        return parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Top-level outputs (evaluated) and the outputs of every module template, at any depth.</summary>
    public IReadOnlyList<(string Where, string Name, string Value)> AllOutputs()
    {
        var outputs = new List<(string, string, string)>();
        foreach (var output in Snapshot.GetProperty("outputs").EnumerateObject())
        {
            outputs.Add(("main.bicep", output.Name, output.Value.ToString()));
        }

        CollectTemplateOutputs(Template, "main.json", outputs);
        return outputs;
    }

    private static void CollectTemplateOutputs(JsonElement template, string where, List<(string, string, string)> outputs)
    {
        if (template.TryGetProperty("outputs", out var templateOutputs))
        {
            outputs.AddRange(templateOutputs.EnumerateObject().Select(o => (where, o.Name, o.Value.ToString())));
        }

        if (!template.TryGetProperty("resources", out var resources))
        {
            return;
        }

        // Bicep emits resources as an array, or as an object keyed by symbolic name (languageVersion 2.0).
        var items = resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);
        foreach (var resource in items)
        {
            if (resource.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("template", out var nested))
            {
                var name = resource.TryGetProperty("name", out var n) ? n.ToString() : "?";
                CollectTemplateOutputs(nested, $"module '{name}'", outputs);
            }
        }
    }
}
