using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitors.Core.Catalog;

/// <summary>What a bulk import did with one declaration.</summary>
public enum ImportStatus
{
    /// <summary>A new catalog file (with notes when <see cref="ImportOutcome.Notes"/> is not empty).</summary>
    Imported,

    /// <summary>A file this import wrote before, unchanged since, replaced by the new conversion.</summary>
    Updated,

    /// <summary>A file this import wrote before already holds exactly this conversion.</summary>
    Unchanged,

    /// <summary>New documents added to an existing curated file (<c>--merge</c>).</summary>
    Merged,

    /// <summary>An existing curated file with this id was not touched.</summary>
    LeftAlone,

    /// <summary>Nothing written: the declaration cannot be used, does not validate or duplicates the catalog.</summary>
    Refused,
}

/// <summary>One declaration of an OTA collection, with the sibling files OTA keeps next to it.</summary>
/// <param name="Path">The service declaration, <c>declarations/&lt;Service Name&gt;.json</c>.</param>
/// <param name="HistoryPath"><c>&lt;Service Name&gt;.history.json</c>: earlier versions of the declaration, when present.</param>
/// <param name="FiltersPath"><c>&lt;Service Name&gt;.filters.js</c>: the JavaScript filters the declaration names, when present.</param>
public sealed record DeclarationFile(string Path, string? HistoryPath, string? FiltersPath)
{
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>The line the import report prints for one declaration (or for a path that holds none).</summary>
public sealed record ImportOutcome(
    string Source,
    ImportStatus Status,
    string? PlatformId,
    int Documents,
    string Message,
    IReadOnlyList<string> Notes,
    IReadOnlyList<CatalogError> Errors)
{
    /// <summary>The catalog file as converted, when the declaration converted and validated.</summary>
    public string? CatalogJson { get; init; }
}

/// <summary>
/// Imports Open Terms Archive (OTA) declarations into a catalog folder, many at once (<c>monitors catalog import</c>).
/// Each declaration is converted (<see cref="OpenTermsArchiveImport"/>), validated as a catalog file and checked
/// against the folder. The import never overwrites a file it did not write: it records what it wrote, with a hash,
/// in <see cref="ManifestFileName"/>; a file missing from that list or edited since is curated and is merged
/// (only new documents added, with <c>merge</c>) or left alone. A declaration whose every page is already tracked
/// by another platform is refused as a duplicate. Without <c>write</c> it reports what it would do and writes nothing.
/// </summary>
public sealed class CatalogImport
{
    /// <summary>The list of files the import wrote, next to the declarations: "file name, tab, SHA-256 of the text written, tab, source".</summary>
    public const string ManifestFileName = "imported-declarations.tsv";

    private const string HistorySuffix = ".history.json";
    private const string FiltersSuffix = ".filters.js";

    private static readonly JsonSerializerOptions NodeWriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly string _directory;
    private readonly string _label;
    private readonly bool _write;
    private readonly bool _merge;
    private readonly Dictionary<string, Existing> _existing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string File, string Hash, string Source)> _manifest = new(StringComparer.Ordinal);

    // Which platform/document already tracks a page: the duplicate check across platforms.
    private readonly Dictionary<string, List<(string PlatformId, string DocumentId)>> _pages = new(StringComparer.Ordinal);

    private sealed class Existing
    {
        public required string FileName { get; init; }
        public Platform? Platform { get; set; }
        public bool WrittenByImport { get; set; }
        public string? WrittenThisRunFrom { get; set; }
    }

    /// <param name="catalogDirectory">The catalog folder to import into (and check duplicates against).</param>
    /// <param name="write">Write files; otherwise only report what would happen.</param>
    /// <param name="merge">Add new documents to existing curated files instead of leaving them alone.</param>
    public CatalogImport(string catalogDirectory, bool write, bool merge)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalogDirectory);
        _directory = catalogDirectory;
        _label = Path.GetFileName(Path.TrimEndingDirectorySeparator(catalogDirectory)) is { Length: > 0 } name ? name : catalogDirectory;
        _write = write;
        _merge = merge;
        if (write)
            Directory.CreateDirectory(catalogDirectory);
        if (Directory.Exists(catalogDirectory))
            LoadFolder();
    }

    /// <summary>
    /// The declarations named by <paramref name="paths"/>: files, and the <c>*.json</c> declarations of folders (a
    /// folder with none but a <c>declarations/</c> subfolder, i.e. a clone of an OTA collection, means that subfolder).
    /// A history or filters file stands for its declaration. Paths that hold no declaration come back as refusals.
    /// </summary>
    public static (IReadOnlyList<DeclarationFile> Declarations, IReadOnlyList<ImportOutcome> Refused) FindDeclarations(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var found = new List<DeclarationFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var refused = new List<ImportOutcome>();
        void Refuse(string path, string message) => refused.Add(new ImportOutcome(path, ImportStatus.Refused, null, 0, message, [], []));

        void Add(string declaration)
        {
            var full = Path.GetFullPath(declaration);
            if (seen.Add(full))
                found.Add(WithSiblings(full));
        }

        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var folder = path;
                if (DeclarationsIn(folder).Length == 0 && Directory.Exists(Path.Combine(folder, "declarations")))
                    folder = Path.Combine(folder, "declarations");
                var declarations = DeclarationsIn(folder);
                if (declarations.Length == 0)
                    Refuse(path, "the folder holds no declaration (*.json). Fix: pass a folder of OTA declarations, e.g. a clone's declarations/.");
                foreach (var declaration in declarations)
                    Add(declaration);
            }
            else if (File.Exists(path))
            {
                var declaration = DeclarationOf(path);
                if (declaration is null)
                    Refuse(path, "not a declaration. Fix: pass <Service Name>.json files or folders of them.");
                else if (!File.Exists(declaration))
                    Refuse(path, $"a sibling file without its declaration: {Path.GetFileName(declaration)} is not next to it. Fix: pass the declaration itself.");
                else
                    Add(declaration);
            }
            else
            {
                Refuse(path, "does not exist. Fix: pass files or folders of Open Terms Archive declarations.");
            }
        }

        return (found, refused);
    }

    /// <summary>Imports one declaration: converts, validates, checks the folder, writes (or would write).</summary>
    /// <param name="platformId">The id to give the platform; by default the slug of the service name.</param>
    public ImportOutcome Import(DeclarationFile declaration, string? platformId = null)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        var source = declaration.Name;
        ImportOutcome Refused(string message, IReadOnlyList<string>? notes = null, IReadOnlyList<CatalogError>? errors = null) =>
            new(source, ImportStatus.Refused, null, 0, message, notes ?? [], errors ?? []);

        string text;
        try
        {
            text = File.ReadAllText(declaration.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Refused($"cannot be read: {ex.Message}");
        }

        OpenTermsArchiveImportResult converted;
        try
        {
            converted = OpenTermsArchiveImport.Convert(text, platformId, source);
        }
        catch (CatalogException ex)
        {
            return Refused("not a usable OTA service declaration.", errors: ex.Errors);
        }

        var platform = converted.Platform;
        var notes = converted.Notes.ToList();
        ReadHistory(declaration, platform, notes);
        if (declaration.FiltersPath is not null && notes.Any(n => n.Contains(OpenTermsArchiveImport.FiltersNotAppliedNote, StringComparison.Ordinal)))
            notes.Add($"the filters are defined in {Path.GetFileName(declaration.FiltersPath)} (JavaScript; not run by Monitors).");

        var fileName = platform.Id + ".json";
        var json = CatalogWriter.ToJson(platform);
        var check = CatalogLoader.ValidatePlatform(json, fileName);
        if (!check.IsValid)
            return Refused($"the converted file {fileName} does not validate.", notes, check.Errors);

        // A page another platform already tracks: the same service under another id is refused; a page shared by
        // two services (one privacy policy for a family of products) is kept and said.
        var elsewhere = platform.Documents
            .Select(d => (Document: d, Owners: OwnersOf(d).Where(o => o.PlatformId != platform.Id).ToList()))
            .Where(x => x.Owners.Count > 0)
            .ToList();
        var known = _existing.TryGetValue(platform.Id, out var existing);
        if (!known && elsewhere.Count == platform.Documents.Count)
        {
            var where = string.Join("; ", elsewhere.Select(x => $"{x.Document.Fetch} is in {Describe(x.Owners[0])}"));
            return Refused($"duplicate URL: every page is already in the catalog ({where}). Fix: import it under that id (--id {elsewhere[0].Owners[0].PlatformId}) to merge, or leave it out.", notes);
        }

        foreach (var (document, owners) in elsewhere)
            notes.Add($"{document.Id}: {document.Fetch} is also tracked by {string.Join(", ", owners.Select(Describe))}.");

        if (!known || existing is null)
        {
            WriteNew(platform, json, source);
            return new ImportOutcome(source, ImportStatus.Imported, platform.Id, platform.Documents.Count, $"{Written(fileName)} ({platform.Documents.Count} documents).", notes, []) { CatalogJson = json };
        }

        if (existing.WrittenThisRunFrom is { } earlier)
        {
            return Refused($"{fileName} was written from {earlier} in this import already. Fix: import one of them with --id <another-id>, or leave one out.", notes);
        }

        if (existing.WrittenByImport)
        {
            var current = File.ReadAllText(Path.Combine(_directory, existing.FileName));
            if (current == json)
            {
                existing.WrittenThisRunFrom = source;
                return new ImportOutcome(source, ImportStatus.Unchanged, platform.Id, platform.Documents.Count, $"{_label}/{fileName} is already this import.", notes, []);
            }

            Forget(existing);
            WriteNew(platform, json, source);
            return new ImportOutcome(source, ImportStatus.Updated, platform.Id, platform.Documents.Count,
                $"{(_write ? "replaced" : "would replace")} {_label}/{fileName}, which an earlier import wrote and nobody edited since ({platform.Documents.Count} documents).", notes, []) { CatalogJson = json };
        }

        return MergeIntoCurated(source, platform, existing, notes);
    }

    private ImportOutcome MergeIntoCurated(string source, Platform platform, Existing existing, List<string> notes)
    {
        var label = $"{_label}/{existing.FileName}";
        if (existing.Platform is not { } curated)
            return new ImportOutcome(source, ImportStatus.LeftAlone, platform.Id, 0, $"{label} exists and does not validate: left alone. Fix it (monitors catalog validate), then import again.", notes, []);

        var curatedPages = curated.Documents.Select(d => PageKey(d.Fetch)).ToHashSet(StringComparer.Ordinal);
        var added = new List<DocumentDeclaration>();
        foreach (var document in platform.Documents)
        {
            if (curatedPages.Contains(PageKey(document.Fetch)))
                continue;
            if (curated.FindDocument(document.Id) is { } same)
            {
                notes.Add($"{document.Id}: the curated file tracks {same.Fetch}, OTA {document.Fetch}; the curated one is kept.");
                continue;
            }

            added.Add(document);
        }

        if (added.Count == 0)
            return new ImportOutcome(source, ImportStatus.LeftAlone, platform.Id, 0, $"{label} is curated and already has every page of this declaration: left alone.", notes, []);

        var ids = string.Join(", ", added.Select(d => d.Id));
        if (!_merge)
        {
            return new ImportOutcome(source, ImportStatus.LeftAlone, platform.Id, 0,
                $"{label} is curated (not written by an import): left alone. --merge would add {added.Count} document(s): {ids}.", notes, []);
        }

        var merged = curated with { Documents = [.. curated.Documents, .. added] };
        if (_write)
        {
            // Append to the curated JSON rather than rewrite it from the model, so its own fields and order stay as written.
            var path = Path.Combine(_directory, existing.FileName);
            var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var documents = node["documents"]!.AsArray();
            var fresh = JsonNode.Parse(CatalogWriter.ToJson(platform with { Documents = added }))!["documents"]!.AsArray();
            foreach (var document in fresh.ToList())
            {
                fresh.Remove(document);
                documents.Add(document);
            }

            File.WriteAllText(path, node.ToJsonString(NodeWriteOptions) + "\n");
        }

        Forget(existing);
        existing.Platform = merged;
        Remember(merged);
        return new ImportOutcome(source, ImportStatus.Merged, platform.Id, added.Count,
            $"{(_write ? "added" : "would add")} {added.Count} document(s) to curated {label}: {ids}.", notes, []);
    }

    private void WriteNew(Platform platform, string json, string source)
    {
        var fileName = platform.Id + ".json";
        if (_write)
        {
            File.WriteAllText(Path.Combine(_directory, fileName), json);
            _manifest[fileName] = (fileName, Hash(json), source);
            SaveManifest();
        }

        var entry = _existing.TryGetValue(platform.Id, out var known) ? known : new Existing { FileName = fileName };
        entry.Platform = platform;
        entry.WrittenByImport = true;
        entry.WrittenThisRunFrom = source;
        _existing[platform.Id] = entry;
        Remember(platform);
    }

    private string Written(string fileName) => _write ? $"wrote {_label}/{fileName}" : $"would write {_label}/{fileName}";

    private static string Describe((string PlatformId, string DocumentId) owner) => $"{owner.PlatformId}/{owner.DocumentId}";

    private IEnumerable<(string PlatformId, string DocumentId)> OwnersOf(DocumentDeclaration document) =>
        _pages.TryGetValue(PageKey(document.Fetch), out var owners) ? owners : [];

    private void Remember(Platform platform)
    {
        foreach (var document in platform.Documents)
        {
            var key = PageKey(document.Fetch);
            if (!_pages.TryGetValue(key, out var owners))
                _pages[key] = owners = [];
            owners.Add((platform.Id, document.Id));
        }
    }

    private void Forget(Existing existing)
    {
        if (existing.Platform is not { } platform)
            return;
        foreach (var owners in _pages.Values)
            owners.RemoveAll(o => o.PlatformId == platform.Id);
    }

    /// <summary>The same page whatever the scheme, fragment or trailing slash: https://x.example/terms/ = http://x.example/terms#a.</summary>
    internal static string PageKey(Uri url) =>
        url.Host + (url.IsDefaultPort ? "" : ":" + url.Port) + url.AbsolutePath.TrimEnd('/') + url.Query;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private void LoadFolder()
    {
        var manifestPath = Path.Combine(_directory, ManifestFileName);
        if (File.Exists(manifestPath))
        {
            foreach (var line in File.ReadAllLines(manifestPath))
            {
                var parts = line.Split('\t');
                if (line.StartsWith('#') || parts.Length < 2)
                    continue;
                _manifest[parts[0]] = (parts[0], parts[1], parts.Length > 2 ? parts[2] : "");
            }
        }

        foreach (var file in Directory.EnumerateFiles(_directory, "*.json", SearchOption.TopDirectoryOnly)
                     .Where(f => !f.EndsWith(CatalogLoader.SchemaFileSuffix, StringComparison.OrdinalIgnoreCase))
                     .Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(file);
            var text = File.ReadAllText(file);
            var check = CatalogLoader.ValidatePlatform(text, fileName);
            var platform = check.IsValid ? check.Platforms[0] : null;
            var entry = new Existing
            {
                FileName = fileName,
                Platform = platform,
                WrittenByImport = _manifest.TryGetValue(fileName, out var written) && written.Hash == Hash(text),
            };
            _existing[fileName[..^".json".Length]] = entry;
            if (platform is not null)
                Remember(platform);
        }
    }

    private void SaveManifest()
    {
        var lines = new List<string>
        {
            "# Catalog files written by `monitors catalog import` (see docs/catalog.md): file, SHA-256 of the text written, source declaration.",
            "# A later import may replace a file listed here while its hash still matches; any other file is curated and never overwritten.",
        };
        lines.AddRange(_manifest.Values.OrderBy(m => m.File, StringComparer.Ordinal).Select(m => $"{m.File}\t{m.Hash}\t{m.Source}"));
        File.WriteAllLines(Path.Combine(_directory, ManifestFileName), lines);
    }

    /// <summary>
    /// OTA keeps earlier versions of a declaration in <c>.history.json</c> (terms type → versions with <c>validUntil</c>);
    /// the declaration file itself is the current version, so that is what is imported. The history only tells
    /// what OTA stopped tracking, which is worth saying: the import will not bring those documents back.
    /// </summary>
    private static void ReadHistory(DeclarationFile declaration, Platform platform, List<string> notes)
    {
        if (declaration.HistoryPath is null)
            return;
        try
        {
            using var history = JsonDocument.Parse(File.ReadAllText(declaration.HistoryPath));
            if (history.RootElement.ValueKind != JsonValueKind.Object)
                throw new JsonException("not an object");
            var current = platform.Documents.Select(d => d.TermsType).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in history.RootElement.EnumerateObject().Where(e => !current.Contains(e.Name) && e.Value.ValueKind == JsonValueKind.Array))
            {
                var until = entry.Value.EnumerateArray()
                    .Select(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("validUntil", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null)
                    .Where(u => u is not null)
                    .Max(StringComparer.Ordinal);
                notes.Add($"{entry.Name}: OTA tracked it until {until ?? "an unknown date"} and no longer does (history); not imported.");
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            notes.Add($"{Path.GetFileName(declaration.HistoryPath)} could not be read ({ex.Message}); the declaration itself was imported.");
        }
    }

    private static string[] DeclarationsIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
            .Where(f => !f.EndsWith(HistorySuffix, StringComparison.OrdinalIgnoreCase) && !f.EndsWith(CatalogLoader.SchemaFileSuffix, StringComparison.OrdinalIgnoreCase)
                        && !Path.GetFileName(f).Equals("package.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string? DeclarationOf(string file)
    {
        if (file.EndsWith(HistorySuffix, StringComparison.OrdinalIgnoreCase))
            return file[..^HistorySuffix.Length] + ".json";
        if (file.EndsWith(FiltersSuffix, StringComparison.OrdinalIgnoreCase))
            return file[..^FiltersSuffix.Length] + ".json";
        return file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? file : null;
    }

    private static DeclarationFile WithSiblings(string declaration)
    {
        var stem = declaration[..^".json".Length];
        return new DeclarationFile(
            declaration,
            File.Exists(stem + HistorySuffix) ? stem + HistorySuffix : null,
            File.Exists(stem + FiltersSuffix) ? stem + FiltersSuffix : null);
    }
}
