using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using AngleSharp.Css.Parser;

namespace Monitors.Core.Catalog;

/// <summary>The fields a declaration may hold; <c>catalog/platform.schema.json</c> must say the same (a test checks it).</summary>
internal static class CatalogFields
{
    public const string IdPattern = "^[a-z0-9]+(-[a-z0-9]+)*$";

    public static readonly IReadOnlyList<string> Platform = ["$schema", "id", "name", "url", "documents"];
    public static readonly IReadOnlyList<string> PlatformRequired = ["id", "name", "documents"];
    public static readonly IReadOnlyList<string> Document = ["id", "title", "termsType", "fetch", "combine", "select", "remove", "executeClientScripts", "detection"];

    /// <summary>Always required; a document also needs <c>fetch</c> and <c>select</c>, or <c>combine</c> (see the schema's <c>oneOf</c>).</summary>
    public static readonly IReadOnlyList<string> DocumentRequired = ["id", "title", "termsType"];

    /// <summary>The fields of one page of a <c>combine</c> array, as in Open Terms Archive.</summary>
    public static readonly IReadOnlyList<string> CombinedPage = ["fetch", "select", "remove", "executeClientScripts"];
    public static readonly IReadOnlyList<string> CombinedPageRequired = ["fetch"];
    public static readonly IReadOnlyList<string> Range = ["startBefore", "startAfter", "endBefore", "endAfter"];
}

/// <summary>
/// Walks one declaration's JSON, collecting every problem with its JSON path; builds the <see cref="Platform"/>
/// only when there is none. Hand-written rather than deserialized so each error can name the place and the fix.
/// </summary>
internal sealed partial class PlatformDeclarationReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>
    /// The <c>detection</c> block binds straight to <see cref="DetectionSettings"/>: settings added to that record
    /// later are accepted with no change here, and names it does not have are refused.
    /// </summary>
    internal static readonly JsonSerializerOptions DetectionOptions = CreateDetectionOptions();

    private readonly string _file;
    private readonly string? _expectedId;
    private readonly List<CatalogError> _errors = [];
    private string _exampleUrl = "https://example.com/terms";

    public PlatformDeclarationReader(string file, string? expectedId)
    {
        _file = file;
        _expectedId = expectedId;
    }

    public IReadOnlyList<CatalogError> Errors => _errors;

    /// <summary>The platform id when it is well-formed (even if other fields are wrong), for cross-file duplicate checks.</summary>
    public string? PlatformId { get; private set; }

    public Platform? Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            Error("$", $"the file is not valid JSON (line {line}, position {position}): {Brief(ex.Message)}",
                $"correct the JSON near line {line}, position {position}: look for a missing comma, quote or bracket, a trailing comma or a comment (none are allowed).");
            return null;
        }

        using (document)
            return ReadPlatform(document.RootElement);
    }

    private Platform? ReadPlatform(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", $"a platform declaration must be a JSON object, found {Describe(root)}.",
                "write the platform as { \"id\": …, \"name\": …, \"documents\": [ … ] }; see docs/catalog.md.");
            return null;
        }

        CheckFields(root, "$", CatalogFields.Platform, CatalogFields.PlatformRequired, "platform");

        var id = ReadId(root, "$", "platform");
        if (id is not null)
        {
            PlatformId = id;
            if (_expectedId is not null && !string.Equals(id, _expectedId, StringComparison.Ordinal))
            {
                Error("$.id", $"platform id \"{id}\" does not match the file name \"{_expectedId}.json\".",
                    $"rename the file to \"{id}.json\" or set \"id\" to \"{_expectedId}\".");
            }
        }

        var name = ReadText(root, "$", "name", "the platform's display name, e.g. \"ChatGPT (OpenAI)\"");
        Uri? homepage = null;
        if (root.TryGetProperty("url", out var url))
        {
            homepage = ReadUrl(url, "$.url");
            if (homepage is not null)
                _exampleUrl = homepage.GetLeftPart(UriPartial.Authority) + "/terms";
        }

        var documents = ReadDocuments(root);
        return id is null || name is null || documents is null ? null : new Platform(id, name, homepage?.ToString(), documents);
    }

    private List<DocumentDeclaration>? ReadDocuments(JsonElement root)
    {
        if (!root.TryGetProperty("documents", out var documents))
            return null;
        if (documents.ValueKind != JsonValueKind.Array)
        {
            Error("$.documents", $"\"documents\" must be an array of document objects, found {Describe(documents)}.",
                "write \"documents\": [ { \"id\": …, \"title\": …, \"termsType\": …, \"fetch\": …, \"select\": … } ].");
            return null;
        }

        if (documents.GetArrayLength() == 0)
        {
            Error("$.documents", "the platform declares no document.",
                "add at least one document (its terms of service, privacy policy, …) to \"documents\".");
            return null;
        }

        var result = new List<DocumentDeclaration>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        var complete = true;
        foreach (var item in documents.EnumerateArray())
        {
            var path = $"$.documents[{index}]";
            var document = ReadDocument(item, path, out var documentId);

            // Checked even when the document has other errors, so one pass reports everything.
            if (documentId is not null)
            {
                if (seen.TryGetValue(documentId, out var firstIndex))
                {
                    Error($"{path}.id", $"document id \"{documentId}\" is already used by $.documents[{firstIndex}].",
                        "give each document of a platform its own id, e.g. \"terms-of-service\", \"privacy-policy\", \"usage-policy\".");
                }
                else
                {
                    seen[documentId] = index;
                }
            }

            if (document is null)
                complete = false;
            else
                result.Add(document);
            index++;
        }

        return complete ? result : null;
    }

    private DocumentDeclaration? ReadDocument(JsonElement element, string path, out string? id)
    {
        id = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"a document must be a JSON object, found {Describe(element)}.",
                "write the document as { \"id\": …, \"title\": …, \"termsType\": …, \"fetch\": …, \"select\": … }.");
            return null;
        }

        var errorsBefore = _errors.Count;
        CheckFields(element, path, CatalogFields.Document, CatalogFields.DocumentRequired, "document");
        id = ReadId(element, path, "document");
        var title = ReadText(element, path, "title", "the document's title as readers know it, e.g. \"Terms of Use\"");
        var termsType = ReadTermsType(element, path);

        var hasFetch = element.TryGetProperty("fetch", out var fetchElement);
        var hasCombine = element.TryGetProperty("combine", out var combineElement);
        Uri? fetch = null;
        if (hasFetch)
            fetch = ReadUrl(fetchElement, $"{path}.fetch");
        else if (!hasCombine)
        {
            Error($"{path}.fetch", "required field \"fetch\" is missing from the document.",
                "add \"fetch\": the page's full URL; for a document assembled from several pages, add \"combine\": [ { \"fetch\": … }, { \"fetch\": … } ] instead.");
        }

        IReadOnlyList<ContentSelector>? select = null;
        var hasSelect = element.TryGetProperty("select", out var selectElement);
        if (hasSelect)
            select = ReadSelectors(selectElement, $"{path}.select", required: true);
        else if (hasFetch)
        {
            Error($"{path}.select", "required field \"select\" is missing from the document.",
                "add \"select\": what to keep of the page, e.g. [ \"main\" ] (for a PDF, [ \"body\" ]: a PDF is read whole).");
        }

        IReadOnlyList<ContentSelector> remove = [];
        if (element.TryGetProperty("remove", out var removeElement))
            remove = ReadSelectors(removeElement, $"{path}.remove", required: false) ?? [];

        var executeClientScripts = element.TryGetProperty("executeClientScripts", out var scriptsElement)
            && ReadFlag(scriptsElement, $"{path}.executeClientScripts");

        List<DocumentPage>? pages = null;
        if (hasCombine)
        {
            if (hasFetch)
            {
                Error($"{path}.combine", "the document has both \"fetch\" and \"combine\"; it is either one page or several.",
                    "put every page, the first included, in \"combine\" as { \"fetch\": … } and remove \"fetch\", or remove \"combine\".");
            }
            else
            {
                pages = ReadCombine(combineElement, $"{path}.combine", select, remove, executeClientScripts, hasSelect);
            }
        }
        else if (fetch is not null && select is not null)
        {
            pages = [new DocumentPage(fetch, select, remove, executeClientScripts)];
        }

        var detection = DetectionSettings.Default;
        if (element.TryGetProperty("detection", out var detectionElement))
            detection = ReadDetection(detectionElement, $"{path}.detection") ?? DetectionSettings.Default;

        if (_errors.Count != errorsBefore || id is null || title is null || termsType is null || pages is null)
            return null;
        return new DocumentDeclaration(id, title, termsType, pages[0].Fetch, select ?? [], remove) { Detection = detection, Pages = pages };
    }

    /// <summary>
    /// Reads OTA's <c>combine</c>: the pages of one document, in order. A page's own <c>select</c>, <c>remove</c> and
    /// <c>executeClientScripts</c> replace the document's shared ones, as in Open Terms Archive.
    /// </summary>
    private List<DocumentPage>? ReadCombine(
        JsonElement element,
        string path,
        IReadOnlyList<ContentSelector>? sharedSelect,
        IReadOnlyList<ContentSelector> sharedRemove,
        bool sharedScripts,
        bool hasSharedSelect)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"\"combine\" must be an array of pages, found {Describe(element)}.",
                "write \"combine\": [ { \"fetch\": \"https://…/part-1\" }, { \"fetch\": \"https://…/part-2\" } ].");
            return null;
        }

        if (element.GetArrayLength() < 2)
        {
            Error(path, $"\"combine\" lists {element.GetArrayLength()} page(s); it is for a document assembled from several pages.",
                "for a single page, replace \"combine\" with \"fetch\" (and the page's \"select\"); otherwise list every page in order.");
            return null;
        }

        var pages = new List<DocumentPage>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index}]";
            var errorsBefore = _errors.Count;
            if (item.ValueKind != JsonValueKind.Object)
            {
                Error(itemPath, $"a combined page must be an object, found {Describe(item)}.",
                    "write the page as { \"fetch\": \"https://…\" }, with its own \"select\"/\"remove\" if they differ from the document's.");
                ok = false;
                index++;
                continue;
            }

            CheckFields(item, itemPath, CatalogFields.CombinedPage, CatalogFields.CombinedPageRequired, "combined page");
            var url = item.TryGetProperty("fetch", out var fetchElement) ? ReadUrl(fetchElement, $"{itemPath}.fetch") : null;
            var select = item.TryGetProperty("select", out var selectElement) ? ReadSelectors(selectElement, $"{itemPath}.select", required: true) : sharedSelect;
            if (!item.TryGetProperty("select", out _) && !hasSharedSelect)
            {
                Error($"{itemPath}.select", "the combined page has no \"select\" and the document declares no shared one.",
                    "add \"select\" to the document (shared by every page) or to this page, e.g. [ \"main\" ].");
            }

            var remove = item.TryGetProperty("remove", out var removeElement) ? ReadSelectors(removeElement, $"{itemPath}.remove", required: false) ?? [] : sharedRemove;
            var scripts = item.TryGetProperty("executeClientScripts", out var scriptsElement) ? ReadFlag(scriptsElement, $"{itemPath}.executeClientScripts") : sharedScripts;

            if (url is not null)
            {
                if (seen.TryGetValue(url.AbsoluteUri, out var first))
                {
                    Error($"{itemPath}.fetch", $"\"{url}\" is already page {first} of this document.",
                        "list each page once; a page that appears twice would be read twice.");
                }
                else
                {
                    seen[url.AbsoluteUri] = index;
                }
            }

            if (_errors.Count == errorsBefore && url is not null && select is not null)
                pages.Add(new DocumentPage(url, select, remove, scripts));
            else
                ok = false;
            index++;
        }

        return ok ? pages : null;
    }

    private bool ReadFlag(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return element.GetBoolean();
        Error(path, $"\"executeClientScripts\" must be true or false, found {Describe(element)}.",
            "write true for a page whose text is rendered by scripts in the browser, or leave the field out.");
        return false;
    }

    private string? ReadId(JsonElement owner, string ownerPath, string what)
    {
        var id = ReadText(owner, ownerPath, "id", $"a short {what} id such as \"{(what == "platform" ? "openai" : "terms-of-service")}\"");
        if (id is null)
            return null;
        if (IdRegex().IsMatch(id))
            return id;

        Error(Child(ownerPath, "id"), $"\"{id}\" is not a valid {what} id (lower-case letters and digits, words joined by single hyphens).",
            $"use \"{Slug(id)}\".");
        return null;
    }

    private string? ReadTermsType(JsonElement owner, string ownerPath)
    {
        var value = ReadText(owner, ownerPath, "termsType", "an Open Terms Archive terms type such as \"Terms of Service\"");
        if (value is null || TermsTypes.IsKnown(value))
            return value;

        var closest = string.Join(", ", TermsTypes.Suggest(value).Select(s => $"\"{s}\""));
        Error(Child(ownerPath, "termsType"), $"\"{value}\" is not an Open Terms Archive terms type.",
            $"use the closest type: {closest} (all {TermsTypes.All.Count} types are listed in docs/catalog.md and in the schema's enum).");
        return null;
    }

    /// <summary>A required or optional non-empty string field; a missing required field was already reported by <see cref="CheckFields"/>.</summary>
    private string? ReadText(JsonElement owner, string ownerPath, string field, string example)
    {
        if (!owner.TryGetProperty(field, out var element))
            return null;
        var path = Child(ownerPath, field);
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"\"{field}\" must be a string, found {Describe(element)}.", $"write {example}.");
            return null;
        }

        var value = element.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(path, $"\"{field}\" is empty.", $"write {example}.");
            return null;
        }

        return value;
    }

    private Uri? ReadUrl(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"expected a URL string, found {Describe(element)}.", $"write the full address as a string, e.g. \"{_exampleUrl}\".");
            return null;
        }

        var value = element.GetString()!;
        if (IsHttpUrl(value, out var uri))
            return uri;

        Error(path, $"\"{value}\" is not an absolute http(s) URL.", $"use the full address, e.g. \"{SuggestUrl(value)}\".");
        return null;
    }

    private List<ContentSelector>? ReadSelectors(JsonElement element, string path, bool required)
    {
        var field = required ? "select" : "remove";
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return ReadCss(element, path) is { } css ? [new CssSelector(css)] : null;
            case JsonValueKind.Object:
                return ReadRange(element, path) is { } range ? [range] : null;
            case JsonValueKind.Array:
                break;
            default:
                Error(path, $"\"{field}\" must be a CSS selector, a range object or an array of them, found {Describe(element)}.",
                    $"write e.g. \"{field}\": [ \"main\" ] or \"{field}\": [ {{ \"startBefore\": \"#terms\", \"endBefore\": \"footer\" }} ].");
                return null;
        }

        if (required && element.GetArrayLength() == 0)
        {
            Error(path, "\"select\" is empty: nothing of the page would be kept.",
                "add at least one CSS selector or range, e.g. \"select\": [ \"main\" ].");
            return null;
        }

        var result = new List<ContentSelector>();
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            ContentSelector? selector = item.ValueKind switch
            {
                JsonValueKind.String => ReadCss(item, itemPath) is { } css ? new CssSelector(css) : null,
                JsonValueKind.Object => ReadRange(item, itemPath),
                _ => InvalidSelectorItem(item, itemPath),
            };
            if (selector is null)
                ok = false;
            else
                result.Add(selector);
        }

        return ok ? result : null;
    }

    private ContentSelector? InvalidSelectorItem(JsonElement item, string path)
    {
        Error(path, $"a selector must be a CSS selector string or a range object, found {Describe(item)}.",
            "write a string such as \"main\" or an object such as { \"startBefore\": \"#terms\", \"endBefore\": \"footer\" }.");
        return null;
    }

    private RangeSelector? ReadRange(JsonElement element, string path)
    {
        var errorsBefore = _errors.Count;
        CheckFields(element, path, CatalogFields.Range, [], "range selector");

        string? Boundary(string key) => element.TryGetProperty(key, out var value) ? ReadCss(value, Child(path, key)) ?? "" : null;
        var startBefore = Boundary("startBefore");
        var startAfter = Boundary("startAfter");
        var endBefore = Boundary("endBefore");
        var endAfter = Boundary("endAfter");

        if (startBefore is null && startAfter is null)
        {
            Error(path, "the range has no start: it needs \"startBefore\" or \"startAfter\".",
                "add \"startBefore\": \"<css of the first element to keep>\" (or \"startAfter\" to begin just after an element).");
        }
        else if (startBefore is not null && startAfter is not null)
        {
            Error(path, "the range has both \"startBefore\" and \"startAfter\"; a range has one start.",
                "keep only one of them: \"startBefore\" keeps the start element, \"startAfter\" begins after it.");
        }

        if (endBefore is not null && endAfter is not null)
        {
            Error(path, "the range has both \"endBefore\" and \"endAfter\"; a range has at most one end.",
                "keep only one of them: \"endBefore\" stops before the end element, \"endAfter\" keeps it; with neither the range runs to the end of the page.");
        }

        return _errors.Count == errorsBefore ? new RangeSelector(startBefore, startAfter, endBefore, endAfter) : null;
    }

    private string? ReadCss(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"a CSS selector must be a string, found {Describe(element)}.", "write the selector as a string, e.g. \"main\" or \"#terms\".");
            return null;
        }

        var css = element.GetString()!;
        if (string.IsNullOrWhiteSpace(css))
        {
            Error(path, "the CSS selector is empty.", "write the selector of the element to use, e.g. \"main\" or \"article\", or remove the entry.");
            return null;
        }

        if (IsValidCss(css))
            return css;

        var fix = DigitIdRegex().IsMatch(css)
            ? $"an id that starts with a digit cannot be written with '#'; use an attribute selector such as [id=\"{DigitIdRegex().Match(css).Groups[1].Value}\"], then try it with `monitors extract URL --select CSS`."
            : "check brackets, quotes and escapes (a class such as md:w-5 is written .md\\\\:w-5 in JSON), then try it with `monitors extract URL --select CSS`.";
        Error(path, $"\"{css}\" is not a valid CSS selector.", fix);
        return null;
    }

    private DetectionSettings? ReadDetection(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"\"detection\" must be an object, found {Describe(element)}.", "write \"detection\": { … } or leave it out to use the defaults.");
            return null;
        }

        var allowed = DetectionSettingNames();
        var errorsBefore = _errors.Count;
        CheckFields(element, path, allowed, [], "detection settings");
        if (_errors.Count != errorsBefore)
            return null;

        try
        {
            var settings = element.Deserialize<DetectionSettings>(DetectionOptions) ?? DetectionSettings.Default;
            foreach (var problem in settings.Validate())
            {
                // Each problem reads "detection.field is value; use …": the part after "; " is the fix.
                var split = problem.IndexOf("; ", StringComparison.Ordinal);
                var field = problem["detection.".Length..problem.IndexOf(' ', StringComparison.Ordinal)];
                Error($"{path}.{field}", split < 0 ? problem : problem[..split] + ".", split < 0 ? "see docs/detection.md." : problem[(split + 2)..]);
            }

            return settings;
        }
        catch (JsonException ex)
        {
            var at = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? path : path + ex.Path[1..];
            Error(at, $"invalid detection setting: {Brief(ex.Message)}",
                $"give the value the expected type; allowed settings: {ListOrNone(allowed)}.");
            return null;
        }
    }

    /// <summary>The JSON names of <see cref="DetectionSettings"/>' settings, as the serializer sees them (camelCase).</summary>
    internal static IReadOnlyList<string> DetectionSettingNames() =>
        DetectionOptions.GetTypeInfo(typeof(DetectionSettings)).Properties.Select(p => p.Name).ToArray();

    /// <summary>Reports unknown and repeated fields of an object, then missing required ones.</summary>
    private void CheckFields(JsonElement element, string path, IReadOnlyList<string> allowed, IReadOnlyList<string> required, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = Child(path, property.Name);
            if (!seen.Add(property.Name))
            {
                Error(fieldPath, $"field \"{property.Name}\" appears more than once.", "keep a single occurrence (JSON readers silently keep only one of them).");
                continue;
            }

            if (allowed.Contains(property.Name, StringComparer.Ordinal))
                continue;

            var closest = allowed.OrderBy(a => TermsTypes.EditDistance(property.Name.ToLowerInvariant(), a.ToLowerInvariant())).FirstOrDefault();
            var didYouMean = closest is not null && TermsTypes.EditDistance(property.Name.ToLowerInvariant(), closest.ToLowerInvariant()) <= 3
                ? $"did you mean \"{closest}\"? "
                : "";
            Error(fieldPath, $"unknown field \"{property.Name}\" in {what}.",
                $"{didYouMean}remove it or use one of the allowed fields: {ListOrNone(allowed)}.");
        }

        foreach (var field in required)
        {
            if (!seen.Contains(field))
            {
                Error(Child(path, field), $"required field \"{field}\" is missing from the {what}.",
                    $"add \"{field}\"; a {what} needs {string.Join(", ", required.Select(r => $"\"{r}\""))}.");
            }
        }
    }

    private void Error(string path, string message, string fix) => _errors.Add(new CatalogError(_file, path, message, fix));

    internal static bool IsValidCss(string css) =>
        !string.IsNullOrWhiteSpace(css) && new CssSelectorParser().ParseSelector(css) is not null;

    internal static bool IsHttpUrl(string value, out Uri uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
            && !string.IsNullOrEmpty(parsed.Host))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }

    /// <summary>"htp://openai.com/x" or "openai.com/x" → "https://openai.com/x"; otherwise an example on the platform's own site.</summary>
    private string SuggestUrl(string value)
    {
        var rest = SchemePrefixRegex().Replace(value.Trim(), "");
        return rest.Contains('.', StringComparison.Ordinal) && IsHttpUrl("https://" + rest, out var fixedUrl) ? fixedUrl.ToString() : _exampleUrl;
    }

    internal static string Slug(string value)
    {
        var normalized = value.Normalize(System.Text.NormalizationForm.FormD);
        var builder = new System.Text.StringBuilder();
        foreach (var c in normalized)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
                continue;
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return HyphenRunRegex().Replace(builder.ToString(), "-").Trim('-');
    }

    private static string Child(string path, string name) =>
        IdentifierRegex().IsMatch(name) ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{element.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string ListOrNone(IReadOnlyList<string> names) =>
        names.Count == 0 ? "(none yet)" : string.Join(", ", names);

    /// <summary>System.Text.Json appends "LineNumber: … | BytePositionInLine: …" and a path; those are reported separately.</summary>
    private static string Brief(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).TrimEnd();

        // The reader's advice is for programmers ("Change the reader options."); the catalog's rules are fixed.
        return text.Replace(" Change the reader options.", "", StringComparison.Ordinal);
    }

    private static JsonSerializerOptions CreateDetectionOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    [GeneratedRegex(CatalogFields.IdPattern)]
    private static partial Regex IdRegex();

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex("#([0-9][^\\s>+~,\\[\\]:]*)")]
    private static partial Regex DigitIdRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:/*")]
    private static partial Regex SchemePrefixRegex();

    [GeneratedRegex("-{2,}")]
    private static partial Regex HyphenRunRegex();
}
