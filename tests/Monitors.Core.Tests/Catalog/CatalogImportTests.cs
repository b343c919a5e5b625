using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Catalog;

/// <summary>Bulk import of Open Terms Archive declarations into a catalog folder (<c>monitors catalog import</c>).</summary>
public sealed class CatalogImportTests : IDisposable
{
    // Written for these tests in the shape of OTA declarations; not copied from an OTA collection.
    private const string Acme = """
        { "name": "Acme AI", "terms": {
            "Terms of Service": { "fetch": "https://acme.example/terms", "select": "main" },
            "Privacy Policy": { "fetch": "https://acme.example/privacy", "select": "article", "filter": [ "removeSessionIds" ] } } }
        """;

    private const string Beta = """
        { "name": "Beta Chat", "terms": { "Terms of Service": { "fetch": "https://beta.example/terms", "select": "main" } } }
        """;

    private readonly TempCatalog _catalog = new();
    private readonly string _declarations = Directory.CreateTempSubdirectory("ota-declarations-").FullName;

    public void Dispose()
    {
        _catalog.Dispose();
        Directory.Delete(_declarations, recursive: true);
    }

    private string Declare(string fileName, string json)
    {
        var path = Path.Combine(_declarations, fileName);
        File.WriteAllText(path, json);
        return path;
    }

    private IReadOnlyList<ImportOutcome> ImportAll(bool write = true, bool merge = false, params string[] paths)
    {
        var (declarations, refused) = CatalogImport.FindDeclarations(paths.Length == 0 ? [_declarations] : paths);
        var importer = new CatalogImport(_catalog.Directory, write, merge);
        return [.. refused, .. declarations.Select(d => importer.Import(d))];
    }

    private string CatalogFile(string name) => Path.Combine(_catalog.Directory, name);

    [Fact]
    public void Import_FolderOfDeclarations_WritesOneValidFilePerServiceAndRecordsThem()
    {
        Declare("Acme AI.json", Acme);
        Declare("Beta Chat.json", Beta);

        var outcomes = ImportAll();

        Assert.Equal([("acme-ai", ImportStatus.Imported), ("beta-chat", ImportStatus.Imported)], outcomes.Select(o => (o.PlatformId, o.Status)));
        var catalog = CatalogLoader.Load(_catalog.Directory);
        Assert.Equal(["acme-ai", "beta-chat"], catalog.Platforms.Select(p => p.Id));
        var manifest = File.ReadAllLines(CatalogFile(CatalogImport.ManifestFileName)).Where(l => !l.StartsWith('#')).ToArray();
        Assert.Equal(["acme-ai.json", "beta-chat.json"], manifest.Select(l => l.Split('\t')[0]));
        Assert.Equal("Acme AI.json", manifest[0].Split('\t')[2]);
    }

    [Fact]
    public void Import_WithoutWrite_ReportsWhatItWouldDoAndWritesNothing()
    {
        Declare("Acme AI.json", Acme);

        var outcome = Assert.Single(ImportAll(write: false));

        Assert.Equal(ImportStatus.Imported, outcome.Status);
        Assert.StartsWith("would write catalog/acme-ai.json", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_catalog.Directory));
        Assert.Contains("\"id\": \"acme-ai\"", outcome.CatalogJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ExistingCuratedPlatform_IsLeftAloneByteForByte()
    {
        var curated = """
            {"id":"acme-ai","name":"Acme (curated)","documents":[{"id":"terms","title":"Terms","termsType":"Terms of Service","fetch":"https://acme.example/terms","select":"#content"}]}
            """;
        _catalog.Write("acme-ai.json", curated);
        Declare("Acme AI.json", Acme);

        var outcome = Assert.Single(ImportAll());

        Assert.Equal(ImportStatus.LeftAlone, outcome.Status);
        Assert.Contains("--merge would add 1 document(s): privacy-policy", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(curated, File.ReadAllText(CatalogFile("acme-ai.json")));
        Assert.False(File.Exists(CatalogFile(CatalogImport.ManifestFileName)));
    }

    [Fact]
    public void Import_ExistingCuratedPlatformWithMerge_AddsOnlyTheNewDocuments()
    {
        _catalog.Write("acme-ai.json", """
            {"id":"acme-ai","name":"Acme (curated)","documents":[{"id":"terms","title":"Terms","termsType":"Terms of Service","fetch":"https://acme.example/terms/","select":"#content"}]}
            """);
        Declare("Acme AI.json", Acme);

        var outcome = Assert.Single(ImportAll(merge: true));

        Assert.Equal(ImportStatus.Merged, outcome.Status);
        var merged = CatalogLoader.Load(_catalog.Directory).Find("acme-ai")!;
        Assert.Equal("Acme (curated)", merged.Name);
        Assert.Equal(["terms", "privacy-policy"], merged.Documents.Select(d => d.Id));
        Assert.Equal([new CssSelector("#content")], merged.Documents[0].Select);
    }

    [Fact]
    public void Import_SameServiceUnderAnotherId_IsRefusedAsDuplicateUrl()
    {
        Declare("Acme AI.json", Acme);
        ImportAll();
        var again = Declare("Acme.json", Acme.Replace("\"Acme AI\"", "\"Acme\"", StringComparison.Ordinal));

        var outcome = Assert.Single(ImportAll(paths: again));

        Assert.Equal(ImportStatus.Refused, outcome.Status);
        Assert.StartsWith("duplicate URL", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("acme-ai/terms-of-service", outcome.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(CatalogFile("acme.json")));
    }

    [Fact]
    public void Import_PageSharedWithAnotherPlatform_IsImportedWithANote()
    {
        Declare("Acme AI.json", Acme);
        Declare("Acme Studio.json", """
            { "name": "Acme Studio", "terms": {
                "Terms of Service": { "fetch": "https://studio.acme.example/terms", "select": "main" },
                "Privacy Policy": { "fetch": "https://acme.example/privacy", "select": "article" } } }
            """);

        var studio = ImportAll().Single(o => o.PlatformId == "acme-studio");

        Assert.Equal(ImportStatus.Imported, studio.Status);
        Assert.Contains(studio.Notes, n => n.StartsWith("privacy-policy: https://acme.example/privacy is also tracked by acme-ai/privacy-policy", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_Again_LeavesItsOwnFileUnchanged_AndUpdatesItWhenTheDeclarationChanges()
    {
        var path = Declare("Acme AI.json", Acme);
        ImportAll();

        Assert.Equal(ImportStatus.Unchanged, Assert.Single(ImportAll()).Status);

        File.WriteAllText(path, Acme.Replace("\"select\": \"main\"", "\"select\": \"#terms\"", StringComparison.Ordinal));
        var updated = Assert.Single(ImportAll());

        Assert.Equal(ImportStatus.Updated, updated.Status);
        Assert.Equal([new CssSelector("#terms")], CatalogLoader.Load(_catalog.Directory).Find("acme-ai")!.Documents[0].Select);
    }

    [Fact]
    public void Import_FileEditedByHandAfterAnImport_IsCuratedAndNotOverwritten()
    {
        var path = Declare("Acme AI.json", Acme);
        ImportAll();
        var edited = File.ReadAllText(CatalogFile("acme-ai.json")).Replace("\"Acme AI\"", "\"Acme AI (edited)\"", StringComparison.Ordinal);
        File.WriteAllText(CatalogFile("acme-ai.json"), edited);
        File.WriteAllText(path, Acme.Replace("\"select\": \"main\"", "\"select\": \"#terms\"", StringComparison.Ordinal));

        var outcome = Assert.Single(ImportAll());

        Assert.Equal(ImportStatus.LeftAlone, outcome.Status);
        Assert.Equal(edited, File.ReadAllText(CatalogFile("acme-ai.json")));
    }

    [Fact]
    public void Import_TwoDeclarationsWithTheSameIdInOneRun_RefusesTheSecond()
    {
        Declare("Acme AI.json", Acme);
        Declare("acme-ai.json", Beta.Replace("\"Beta Chat\"", "\"Acme-AI\"", StringComparison.Ordinal));

        var outcomes = ImportAll();

        Assert.Equal([ImportStatus.Imported, ImportStatus.Refused], outcomes.Select(o => o.Status));
        Assert.Contains("was written from Acme AI.json in this import", outcomes[1].Message, StringComparison.Ordinal);
        Assert.Equal("Acme AI", CatalogLoader.Load(_catalog.Directory).Find("acme-ai")!.Name);
    }

    [Fact]
    public void Import_DeclarationThatDoesNotValidate_IsRefusedWithTheErrorAndNothingWritten()
    {
        Declare("Typo.json", """{ "name": "Typo", "terms": { "Comercial Terms": { "fetch": "https://typo.example/b", "select": "main" } } }""");
        Declare("Broken.json", "{ not json");

        var outcomes = ImportAll();

        Assert.All(outcomes, o => Assert.Equal(ImportStatus.Refused, o.Status));
        Assert.Contains(outcomes.SelectMany(o => o.Errors), e => e.JsonPath == "$.documents[0].termsType");
        Assert.Contains(outcomes.SelectMany(o => o.Errors), e => e.File == "Broken.json" && e.Message.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_catalog.Directory));
    }

    [Fact]
    public void Import_HistoryAndFiltersSiblings_AreReadAndSaid()
    {
        Declare("Acme AI.json", Acme);
        Declare("Acme AI.history.json", """
            { "Terms of Service": [ { "fetch": "https://acme.example/old-terms", "select": "main", "validUntil": "2024-03-01T00:00:00Z" } ],
              "Trackers Policy": [ { "fetch": "https://acme.example/cookies", "select": "main", "validUntil": "2023-05-02T10:00:00Z" } ] }
            """);
        Declare("Acme AI.filters.js", "export function removeSessionIds(document) { }");

        var outcome = Assert.Single(ImportAll());

        Assert.Equal(ImportStatus.Imported, outcome.Status);
        Assert.Contains(outcome.Notes, n => n.StartsWith("Trackers Policy: OTA tracked it until 2023-05-02T10:00:00Z and no longer does", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Notes, n => n.StartsWith("Terms of Service: OTA tracked", StringComparison.Ordinal));
        Assert.Contains(outcome.Notes, n => n.StartsWith("Privacy Policy: filters not applied (removeSessionIds)", StringComparison.Ordinal));
        Assert.Contains(outcome.Notes, n => n.Contains("Acme AI.filters.js", StringComparison.Ordinal));
        Assert.Equal("https://acme.example/terms", CatalogLoader.Load(_catalog.Directory).Find("acme-ai")!.Documents[0].Fetch.ToString());
    }

    [Fact]
    public void FindDeclarations_FilesFoldersSiblingsAndMissingPaths()
    {
        var acme = Declare("Acme AI.json", Acme);
        Declare("Acme AI.history.json", "{}");
        Declare("README.md", "# declarations");
        var clone = Directory.CreateDirectory(Path.Combine(_declarations, "clone", "declarations")).FullName;
        File.WriteAllText(Path.Combine(clone, "Beta Chat.json"), Beta);

        var (declarations, refused) = CatalogImport.FindDeclarations(
            [_declarations, Path.Combine(_declarations, "Acme AI.history.json"), Path.GetDirectoryName(clone)!, Path.Combine(_declarations, "README.md"), "/no/such/folder"]);

        Assert.Equal(["Acme AI.json", "Beta Chat.json"], declarations.Select(d => d.Name));
        Assert.Equal(Path.Combine(_declarations, "Acme AI.history.json"), declarations[0].HistoryPath);
        Assert.Equal(acme, declarations[0].Path);
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, r => r.Source.EndsWith("README.md", StringComparison.Ordinal) && r.Message.StartsWith("not a declaration", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.Source == "/no/such/folder" && r.Message.StartsWith("does not exist", StringComparison.Ordinal));
    }
}
