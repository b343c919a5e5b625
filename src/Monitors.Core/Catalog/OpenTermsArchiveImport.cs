using System.Text.Json;

namespace Monitors.Core.Catalog;

/// <summary>A platform converted from an Open Terms Archive declaration, and what the conversion could not carry over.</summary>
public sealed record OpenTermsArchiveImportResult(Platform Platform, IReadOnlyList<string> Notes);

/// <summary>
/// Converts an Open Terms Archive (OTA) service declaration
/// (<c>{"name": …, "terms": {"Terms of Service": {"fetch": …, "select": …, "remove": …}, …}}</c>) into a
/// <see cref="Platform"/>, for <c>monitors catalog import</c>. OTA features Monitors does not have are dropped and
/// listed in <see cref="OpenTermsArchiveImportResult.Notes"/> (JavaScript filters); <c>combine</c> becomes a combined
/// document with every page, and <c>executeClientScripts</c> is kept as the document's "needs a browser fetch" flag. Write the result with <see cref="CatalogWriter.ToJson"/>
/// and check it with <see cref="CatalogLoader.ValidatePlatform"/>.
/// </summary>
public static class OpenTermsArchiveImport
{
    /// <summary>The words the note about OTA's JavaScript filters carries, so a report can find it.</summary>
    public const string FiltersNotAppliedNote = "filters not applied";

    private static readonly HashSet<string> KnownSourceFields = new(StringComparer.Ordinal)
    {
        "fetch", "select", "remove", "filter", "executeClientScripts", "combine",
    };

    /// <param name="declarationJson">The OTA declaration file's text.</param>
    /// <param name="platformId">The id to give the platform; by default the slug of the OTA service name.</param>
    /// <param name="sourceName">How errors name the input, e.g. the OTA file name.</param>
    /// <exception cref="CatalogException">The text is not an OTA service declaration Monitors can use.</exception>
    public static OpenTermsArchiveImportResult Convert(string declarationJson, string? platformId = null, string sourceName = "declaration.json")
    {
        ArgumentNullException.ThrowIfNull(declarationJson);
        var errors = new List<CatalogError>();
        var notes = new List<string>();
        void Fail(string path, string message, string fix) => errors.Add(new CatalogError(sourceName, path, message, fix));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(declarationJson);
        }
        catch (JsonException ex)
        {
            throw new CatalogException([new CatalogError(sourceName, "$",
                $"the declaration is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}).",
                "pass the service declaration file itself (declarations/<Service Name>.json), not a history or filters file.")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CatalogException([new CatalogError(sourceName, "$", "an OTA declaration must be a JSON object.", "pass declarations/<Service Name>.json.")]);

            var name = root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
                ? nameElement.GetString()
                : null;
            if (string.IsNullOrWhiteSpace(name))
            {
                Fail("$.name", "the declaration has no service \"name\".",
                    "pass a service declaration (declarations/<Service Name>.json); *.history.json and *.filters.js files cannot be imported.");
            }

            // Older OTA declarations call the map "documents"; current ones call it "terms".
            var termsKey = root.TryGetProperty("terms", out var terms) ? "terms" : root.TryGetProperty("documents", out terms) ? "documents" : null;
            if (termsKey is null || terms.ValueKind != JsonValueKind.Object)
            {
                Fail("$.terms", "the declaration has no \"terms\" object.", "pass a service declaration whose \"terms\" maps terms types to {fetch, select, remove}.");
                throw new CatalogException(errors);
            }

            if (termsKey == "documents")
                notes.Add("The declaration uses OTA's older \"documents\" key; read as \"terms\".");

            // A name in another script ("豆包") has no slug: the file name ("Doubao.json") usually does.
            var id = platformId ?? PlatformDeclarationReader.Slug(name ?? "");
            if (string.IsNullOrEmpty(id) && platformId is null)
                id = PlatformDeclarationReader.Slug(Path.GetFileNameWithoutExtension(sourceName));
            if (string.IsNullOrEmpty(id))
                Fail("$.name", $"no platform id can be made from the name \"{name}\".", "pass an explicit platform id, e.g. \"doubao\".");

            var documents = new List<DocumentDeclaration>();
            var usedIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in terms.EnumerateObject())
            {
                var converted = ConvertTerms(entry, $"$.{termsKey}['{entry.Name}']", name ?? id, usedIds, notes, Fail);
                if (converted is not null)
                    documents.Add(converted);
            }

            if (documents.Count == 0 && errors.Count == 0)
                Fail($"$.{termsKey}", "the declaration declares no terms.", "pass a declaration with at least one terms entry.");
            if (errors.Count > 0)
                throw new CatalogException(errors);

            // OTA declarations have no homepage: the first document's site stands in (docs/catalog.md says so).
            var homepage = documents[0].Fetch.GetLeftPart(UriPartial.Authority) + "/";
            return new OpenTermsArchiveImportResult(new Platform(id, name!, homepage, documents), notes);
        }
    }

    private static DocumentDeclaration? ConvertTerms(
        JsonProperty entry,
        string path,
        string serviceName,
        HashSet<string> usedIds,
        List<string> notes,
        Action<string, string, string> fail)
    {
        var termsType = entry.Name;
        var terms = entry.Value;
        if (terms.ValueKind != JsonValueKind.Object)
        {
            fail(path, $"the \"{termsType}\" entry must be an object.", "declare it as { \"fetch\": …, \"select\": … }.");
            return null;
        }

        foreach (var unknown in terms.EnumerateObject().Select(p => p.Name).Where(n => !KnownSourceFields.Contains(n)))
            notes.Add($"{termsType}: field \"{unknown}\" is not used by Monitors and was dropped.");

        // The entry's select/remove/executeClientScripts are shared by its pages; a page's own replace them (OTA's rule).
        var sharedSelect = ReadSelectors(Field(terms, "select"));
        var sharedRemove = ReadSelectors(Field(terms, "remove"));
        var sharedScripts = Field(terms, "executeClientScripts").ValueKind == JsonValueKind.True;
        var sources = new List<(JsonElement Source, string Path)>();
        if (terms.TryGetProperty("combine", out var combine))
        {
            if (combine.ValueKind != JsonValueKind.Array || combine.GetArrayLength() == 0)
            {
                fail($"{path}.combine", $"the \"{termsType}\" entry's \"combine\" is not a list of pages.", "fix the declaration or add this document by hand.");
                return null;
            }

            var index = 0;
            foreach (var page in combine.EnumerateArray())
            {
                var pagePath = $"{path}.combine[{index++}]";
                if (page.ValueKind != JsonValueKind.Object)
                {
                    fail(pagePath, $"a page of the \"{termsType}\" entry's \"combine\" is not an object.", "fix the declaration or add this document by hand.");
                    return null;
                }

                foreach (var unknown in page.EnumerateObject().Select(p => p.Name).Where(n => !KnownSourceFields.Contains(n) || n == "combine"))
                    notes.Add($"{termsType}: field \"{unknown}\" of {pagePath} is not used by Monitors and was dropped.");
                sources.Add((page, pagePath));
            }
        }
        else
        {
            sources.Add((terms, path));
        }

        var pages = new List<DocumentPage>();
        var pdfLike = false;
        var filters = new List<string>();
        if (sources[0].Path != path && Field(terms, "filter").ValueKind == JsonValueKind.Array)
            filters.AddRange(Field(terms, "filter").EnumerateArray().Select(FilterName));
        foreach (var (source, sourcePath) in sources)
        {
            JsonElement Own(string name) => Field(source, name);

            var fetchElement = Field(source, "fetch");
            if (fetchElement.ValueKind != JsonValueKind.String || !PlatformDeclarationReader.IsHttpUrl(fetchElement.GetString()!, out var fetch))
            {
                fail($"{sourcePath}.fetch", $"the \"{termsType}\" entry has no absolute http(s) \"fetch\" URL.", "fix the declaration or add this document by hand.");
                return null;
            }

            if (pages.Any(p => p.Fetch.AbsoluteUri == fetch.AbsoluteUri))
            {
                notes.Add($"{termsType}: {fetch} is listed twice in \"combine\"; kept once.");
                continue;
            }

            if (Own("filter").ValueKind == JsonValueKind.Array)
                filters.AddRange(Own("filter").EnumerateArray().Select(FilterName));

            var select = Own("select").ValueKind == JsonValueKind.Undefined ? sharedSelect : ReadSelectors(Own("select"));
            if (select.Count == 0)
            {
                select = [new CssSelector("body")];
                pdfLike = true;
            }

            var remove = Own("remove").ValueKind == JsonValueKind.Undefined ? sharedRemove : ReadSelectors(Own("remove"));
            var scripts = Own("executeClientScripts").ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => sharedScripts,
            };
            pages.Add(new DocumentPage(fetch, select, remove, scripts));
        }

        if (filters.Count > 0)
            notes.Add($"{termsType}: {FiltersNotAppliedNote} ({string.Join(", ", filters.Distinct(StringComparer.Ordinal))}): OTA's filters are JavaScript functions; add \"remove\" selectors if the noise they cleaned shows up.");
        if (pdfLike)
            notes.Add($"{termsType}: the OTA entry has no \"select\" (usually a PDF, which is read whole); \"body\" was used: check it.");
        if (pages.Count > 1)
            notes.Add($"{termsType}: combines {pages.Count} pages into one document, in OTA's order.");
        if (pages.Any(p => p.ExecuteClientScripts))
            notes.Add($"{termsType}: OTA runs the page's scripts (executeClientScripts); imported with \"executeClientScripts\": true, so Monitors reports the document as needing a browser fetch instead of checking the served HTML (docs/catalog.md, \"Pages that need a browser\").");

        if (!TermsTypes.IsKnown(termsType))
        {
            notes.Add($"{termsType}: not an Open Terms Archive terms type; closest: {string.Join(", ", TermsTypes.Suggest(termsType))}. Fix \"termsType\" before validating.");
        }

        var id = PlatformDeclarationReader.Slug(termsType);
        if (string.IsNullOrEmpty(id))
            id = "document";
        var unique = id;
        for (var n = 2; !usedIds.Add(unique); n++)
            unique = $"{id}-{n}";

        // A combined document's shared selectors are the entry's own; a single page carries its effective ones.
        var documentSelect = pages.Count == 1 || pages.All(p => p.Select.SequenceEqual(pages[0].Select)) ? pages[0].Select : sharedSelect;
        var documentRemove = pages.Count == 1 || pages.All(p => p.Remove.SequenceEqual(pages[0].Remove)) ? pages[0].Remove : sharedRemove;
        return new DocumentDeclaration(unique, $"{serviceName} {termsType}", termsType, pages[0].Fetch, documentSelect, documentRemove) { Pages = pages };
    }

    private static JsonElement Field(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) ? value : default;

    // A filter is a function name, or an object naming a parameterised one ({"removeQueryParams": ["utm_source"]}).
    private static string FilterName(JsonElement filter) => filter.ValueKind == JsonValueKind.Object
        ? string.Join(", ", filter.EnumerateObject().Select(p => p.Name + "(…)"))
        : filter.ToString();

    private static List<ContentSelector> ReadSelectors(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [new CssSelector(element.GetString()!)],
        JsonValueKind.Object => [ReadRange(element)],
        JsonValueKind.Array => element.EnumerateArray()
            .Where(item => item.ValueKind is JsonValueKind.String or JsonValueKind.Object)
            .Select(item => item.ValueKind == JsonValueKind.String ? new CssSelector(item.GetString()!) : (ContentSelector)ReadRange(item))
            .ToList(),
        _ => [],
    };

    private static RangeSelector ReadRange(JsonElement element)
    {
        string? Key(string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new RangeSelector(Key("startBefore"), Key("startAfter"), Key("endBefore"), Key("endAfter"));
    }
}
