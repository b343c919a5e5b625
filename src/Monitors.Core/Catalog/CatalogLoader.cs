namespace Monitors.Core.Catalog;

/// <summary>
/// Reads the platform declarations in <c>catalog/</c> (one <c>&lt;platform-id&gt;.json</c> per platform, format in
/// <c>docs/catalog.md</c>) and checks them. Checking never stops at the first problem: an operator fixing a
/// catalog wants every error of every file at once.
/// </summary>
public static class CatalogLoader
{
    /// <summary>Files ending like this sit next to the declarations (the JSON Schema) and are not platforms.</summary>
    public const string SchemaFileSuffix = ".schema.json";

    /// <summary>Loads every platform in <paramref name="directory"/>.</summary>
    /// <exception cref="CatalogException">Anything is wrong in any file; <see cref="CatalogException.Errors"/> lists it all.</exception>
    public static PlatformCatalog Load(string directory)
    {
        var result = Validate(directory);
        if (!result.IsValid)
            throw new CatalogException(result.Errors);
        return new PlatformCatalog(result.Platforms);
    }

    /// <summary>Checks every platform file in <paramref name="directory"/> and returns all errors of all files.</summary>
    public static CatalogValidationResult Validate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var directoryLabel = LabelOf(directory);
        if (!Directory.Exists(directory))
        {
            return new CatalogValidationResult(
                [new CatalogError(directoryLabel, "$", $"the catalog directory \"{directory}\" does not exist.",
                    "create it, or point to the folder that holds the <platform-id>.json files (the repository's catalog/).")],
                []);
        }

        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.TopDirectoryOnly)
            .Where(f => !f.EndsWith(SchemaFileSuffix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            return new CatalogValidationResult(
                [new CatalogError(directoryLabel, "$", "the catalog holds no platform declaration (*.json).",
                    "add one file per platform named <platform-id>.json; see docs/catalog.md.")],
                []);
        }

        var errors = new List<CatalogError>();
        var platforms = new List<Platform>();
        var declaredIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var fileName = Path.GetFileName(file);
            var label = $"{directoryLabel}/{fileName}";
            string json;
            try
            {
                json = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new CatalogError(label, "$", $"the file cannot be read: {ex.Message}", "check the file's permissions and that no other program holds it."));
                continue;
            }

            var reader = new PlatformDeclarationReader(label, ExpectedIdOf(fileName));
            var platform = reader.Read(json);
            errors.AddRange(reader.Errors);

            // A duplicate id is reported on the later file, naming the earlier one, whatever else is wrong with either.
            if (reader.PlatformId is { } id)
            {
                if (declaredIn.TryGetValue(id, out var first))
                {
                    errors.Add(new CatalogError(label, "$.id", $"platform id \"{id}\" is already declared in {first}.",
                        $"give this platform another id (and file name), or merge its documents into {first}."));
                    continue;
                }

                declaredIn[id] = label;
            }

            if (platform is not null && reader.Errors.Count == 0)
                platforms.Add(platform);
        }

        return new CatalogValidationResult(errors, platforms);
    }

    /// <summary>
    /// Reads one platform declaration from JSON text (tests, the demo, imports). With <paramref name="fileName"/>
    /// the id must match it, as in <c>catalog/</c>.
    /// </summary>
    /// <exception cref="CatalogException">The declaration is not valid.</exception>
    public static Platform ParsePlatform(string json, string? fileName = null)
    {
        var result = ValidatePlatform(json, fileName);
        if (!result.IsValid)
            throw new CatalogException(result.Errors);
        return result.Platforms[0];
    }

    /// <summary>Checks one platform declaration given as JSON text; returns every error found.</summary>
    public static CatalogValidationResult ValidatePlatform(string json, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new PlatformDeclarationReader(
            fileName ?? "<inline>",
            fileName is null ? null : ExpectedIdOf(Path.GetFileName(fileName)));
        var platform = reader.Read(json);
        return reader.Errors.Count == 0 && platform is not null
            ? new CatalogValidationResult([], [platform])
            : new CatalogValidationResult(reader.Errors, []);
    }

    private static string ExpectedIdOf(string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileName[..^".json".Length] : fileName;

    /// <summary>The directory's own name ("catalog"), so errors read <c>catalog/openai.json</c> wherever the repository lives.</summary>
    private static string LabelOf(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        return string.IsNullOrEmpty(name) ? directory : name;
    }
}
