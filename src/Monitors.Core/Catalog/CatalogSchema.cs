using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitors.Core.Catalog;

/// <summary>
/// The JSON Schema of a catalog file (<c>catalog/platform.schema.json</c>, for editors), generated from what the
/// validator accepts so the two cannot drift: the fields and which are required (<see cref="CatalogFields"/>), the id
/// pattern, the terms types (<see cref="TermsTypes.All"/>) and the detection settings with their defaults
/// (<see cref="DetectionSettings"/>). Only the editor descriptions are written here. <c>monitors catalog schema
/// --write</c> rewrites the file; a unit test fails while the committed file differs from <see cref="ToJson"/>.
/// </summary>
public static class CatalogSchema
{
    public const string FileName = "platform.schema.json";

    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        // Descriptions quote 'phrases' and <placeholders>: keep them readable in the file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema as the file holds it: indented JSON ending in a newline.</summary>
    public static string ToJson() => Build().ToJsonString(Written) + "\n";

    public static JsonObject Build() => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["title"] = "Monitors platform declaration",
        ["description"] = "One platform and the governance documents Monitors tracks for it; the file is catalog/<id>.json. Follows Open Terms Archive's declaration format where it fits (fetch, combine, select, remove, executeClientScripts, range selectors). Checked by `monitors catalog validate`; see docs/catalog.md.",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Names(CatalogFields.PlatformRequired),
        ["properties"] = Properties(CatalogFields.Platform, PlatformFields, "platform"),
        ["$defs"] = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = CatalogFields.IdPattern },
            ["url"] = new JsonObject { ["type"] = "string", ["format"] = "uri", ["pattern"] = "^https?://[^/\\s]+" },
            ["document"] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = Names(CatalogFields.DocumentRequired),
                ["properties"] = Properties(CatalogFields.Document, DocumentFields, "document"),
                // A single page (fetch and select) or several (combine), never both.
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["required"] = Names(["fetch", "select"]), ["not"] = new JsonObject { ["required"] = Names(["combine"]) } },
                    new JsonObject { ["required"] = Names(["combine"]), ["not"] = new JsonObject { ["required"] = Names(["fetch"]) } }),
            },
            ["combinedPage"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "One page of a combined document; its own select, remove and executeClientScripts replace the document's.",
                ["additionalProperties"] = false,
                ["required"] = Names(CatalogFields.CombinedPageRequired),
                ["properties"] = Properties(CatalogFields.CombinedPage, CombinedPageFields, "combined page"),
            },
            ["selector"] = new JsonObject { ["oneOf"] = new JsonArray(Ref("css"), Ref("range")) },
            ["css"] = new JsonObject
            {
                ["type"] = "string",
                ["minLength"] = 1,
                ["pattern"] = "\\S",
                ["description"] = "A CSS selector (parsed with AngleSharp; test it with `monitors extract URL --select CSS`).",
            },
            ["range"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Content between two boundaries: exactly one start key, at most one end key (no end: to the end of the page).",
                ["additionalProperties"] = false,
                ["properties"] = new JsonObject(CatalogFields.Range.Select(f => KeyValuePair.Create(f, (JsonNode?)Ref("css")))),
                ["oneOf"] = new JsonArray(new JsonObject { ["required"] = Names(["startBefore"]) }, new JsonObject { ["required"] = Names(["startAfter"]) }),
                ["not"] = new JsonObject { ["required"] = Names(["endBefore", "endAfter"]) },
            },
            ["detection"] = Detection(),
            ["termsType"] = new JsonObject
            {
                ["description"] = "An Open Terms Archive terms type (@opentermsarchive/terms-types 2.2.0).",
                ["enum"] = Names(TermsTypes.All),
            },
        },
    };

    private static Dictionary<string, Func<JsonObject>> PlatformFields => new(StringComparer.Ordinal)
    {
        ["$schema"] = () => new() { ["type"] = "string", ["description"] = "Path to this schema, for editors: \"./platform.schema.json\"." },
        ["id"] = () => Ref("id", "Platform id; must equal the file name without .json."),
        ["name"] = () => NonEmptyString("Display name, e.g. \"ChatGPT (OpenAI)\"."),
        ["url"] = () => Ref("url", "The platform's home page."),
        ["documents"] = () => new() { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref("document") },
    };

    private static Dictionary<string, Func<JsonObject>> DocumentFields => new(StringComparer.Ordinal)
    {
        ["id"] = () => Ref("id", "Document id, unique within the platform, e.g. \"terms-of-service\"."),
        ["title"] = () => NonEmptyString(null),
        ["termsType"] = () => Ref("termsType"),
        ["fetch"] = () => Ref("url", "The page to fetch (a single-page document; use combine for several pages). HTML or PDF."),
        ["combine"] = () => new()
        {
            ["type"] = "array",
            ["minItems"] = 2,
            ["description"] = "Instead of fetch: the pages one document is assembled from, in order (Open Terms Archive's combine). The document's select, remove and executeClientScripts apply to every page that does not declare its own.",
            ["items"] = Ref("combinedPage"),
        },
        ["select"] = () => Selectors("What to keep: a selector, or an array of at least one. Required with fetch; with combine, required unless every page has its own. A PDF is read whole (write \"body\").", atLeastOne: true),
        ["remove"] = () => Selectors("What to drop from the selected content.", atLeastOne: false),
        ["executeClientScripts"] = () => new()
        {
            ["type"] = "boolean",
            ["default"] = false,
            ["description"] = "The page's text is rendered by scripts in the browser (Open Terms Archive's executeClientScripts): Monitors reports the document as needing a browser fetch and does not check the served HTML. See docs/catalog.md.",
        },
        ["detection"] = () => Ref("detection"),
    };

    private static Dictionary<string, Func<JsonObject>> CombinedPageFields => new(StringComparer.Ordinal)
    {
        ["fetch"] = () => Ref("url", "The page's URL."),
        ["select"] = () => Selectors("What to keep of this page (replaces the document's select).", atLeastOne: true),
        ["remove"] = () => Selectors("What to drop from this page (replaces the document's remove).", atLeastOne: false),
        ["executeClientScripts"] = () => new() { ["type"] = "boolean", ["description"] = "This page is rendered by scripts in the browser." },
    };

    /// <summary>Editor text and bounds of each detection setting; names, types and defaults come from <see cref="DetectionSettings"/>.</summary>
    private static readonly Dictionary<string, (string Description, Action<JsonObject>? Bounds)> DetectionFields = new(StringComparer.Ordinal)
    {
        ["ignoreLinkQueries"] = ("Compare link targets without ?query and #fragment.", null),
        ["ignoreImageTargets"] = ("Compare images by alt text only.", null),
        ["ignoreUuidTokens"] = ("UUID-like tokens compare as one token.", null),
        ["ignoreUrlVariants"] = ("http:// equals https:// and a trailing slash is ignored in link targets.", null),
        ["normalizeTypography"] = ("Curly quotes, dashes, ellipsis compare as ASCII.", null),
        ["normalizeDateFormats"] = ("Different formats of the same date compare equal.", null),
        ["ignoreRelativeDates"] = ("'18 days ago' and the like compare as one token.", null),
        ["ignoreUpdatedStamps"] = ("The date after 'Last updated' is ignored ('Effective' dates are kept).", null),
        ["ignorePageChrome"] = ("Page chrome is ignored, recognised by its shape in any language: lines of only links (breadcrumbs, menus), lists of link paragraphs (related articles), runs of short unpunctuated lines (suggestion chips), lone control labels.", null),
        ["chromeKeep"] = ("Phrases that force a block the page-chrome rule would drop back into the comparison (case-insensitive).", null),
        ["chromeDrop"] = ("Phrases that make the block holding them (lines between blank lines) page chrome, whatever its shape (case-insensitive).", null),
        ["ignoreFormatting"] = ("Bold/italic markers, heading markers, setext underlines and line-break markup are ignored; every word is kept.", null),
        ["normalizeWhitespace"] = ("Whitespace runs and zero-width characters are ignored.", null),
        // The bounds below are the ones DetectionSettings.Validate enforces.
        ["collapseThreshold"] = ("A version shorter than this fraction of the previous good one is suspicious (0: off).", s => { s["minimum"] = 0; s["exclusiveMaximum"] = 1; }),
        ["minimumLength"] = ("With no previous version, a version shorter than this is suspicious (0: off).", s => s["minimum"] = 0),
        ["extraErrorPhrases"] = ("Error-page phrases for this document, on top of the built-in ones.", null),
        ["confirmDelay"] = ("Wait before the confirming re-fetch of a change (hh:mm:ss; 00:00:00 records at once).", s => s["pattern"] = "^\\d{1,2}:\\d{2}:\\d{2}$"),
        ["failuresBeforeAttention"] = ("Consecutive failures after which the document needs attention.", s => s["minimum"] = 1),
    };

    /// <summary>One property per setting the catalog reader binds, typed and defaulted from <see cref="DetectionSettings.Default"/>.</summary>
    private static JsonObject Detection()
    {
        var properties = new JsonObject();
        foreach (var setting in PlatformDeclarationReader.DetectionOptions.GetTypeInfo(typeof(DetectionSettings)).Properties)
        {
            if (!DetectionFields.TryGetValue(setting.Name, out var field))
            {
                throw new InvalidOperationException($"Detection setting \"{setting.Name}\" has no description: add it to CatalogSchema.DetectionFields, then run `monitors catalog schema --write`.");
            }

            var value = setting.Get!(DetectionSettings.Default);
            var schema = value switch
            {
                bool b => new JsonObject { ["type"] = "boolean", ["default"] = b },
                int i => new JsonObject { ["type"] = "integer", ["default"] = i },
                double d => new JsonObject { ["type"] = "number", ["default"] = d },
                TimeSpan t => new JsonObject { ["type"] = "string", ["default"] = t.ToString("c", CultureInfo.InvariantCulture) },
                IEnumerable<string> => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 } },
                _ => throw new InvalidOperationException($"Detection setting \"{setting.Name}\" has a type the schema cannot describe yet ({setting.PropertyType.Name}): add it to CatalogSchema.Detection."),
            };
            field.Bounds?.Invoke(schema);
            properties[setting.Name] = Ordered(schema, field.Description);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Per-document change-detection settings (Monitors.Core.Catalog.DetectionSettings, camelCase). Leave out for the defaults.",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
    }

    /// <summary>The type, its constraints, then <c>default</c> and <c>description</c>, in the order people read them.</summary>
    private static JsonObject Ordered(JsonObject schema, string description)
    {
        var ordered = new JsonObject();
        foreach (var (key, value) in schema.Where(p => p.Key != "default").ToArray())
        {
            ordered[key] = value?.DeepClone();
        }

        if (schema["default"] is { } defaultValue)
        {
            ordered["default"] = defaultValue.DeepClone();
        }

        ordered["description"] = description;
        return ordered;
    }

    /// <summary>The properties of one object, in the validator's order; a field with no schema here is a build-time bug.</summary>
    private static JsonObject Properties(IReadOnlyList<string> fields, Dictionary<string, Func<JsonObject>> schemas, string what)
    {
        var properties = new JsonObject();
        foreach (var field in fields)
        {
            properties[field] = schemas.TryGetValue(field, out var schema)
                ? schema()
                : throw new InvalidOperationException($"The {what} field \"{field}\" has no schema: add it to CatalogSchema, then run `monitors catalog schema --write`.");
        }

        return properties;
    }

    private static JsonObject Ref(string definition, string? description = null)
    {
        var node = new JsonObject { ["$ref"] = $"#/$defs/{definition}" };
        if (description is not null)
        {
            node["description"] = description;
        }

        return node;
    }

    private static JsonObject NonEmptyString(string? description)
    {
        var node = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["pattern"] = "\\S" };
        if (description is not null)
        {
            node["description"] = description;
        }

        return node;
    }

    private static JsonObject Selectors(string description, bool atLeastOne)
    {
        var array = new JsonObject { ["type"] = "array" };
        if (atLeastOne)
        {
            array["minItems"] = 1;
        }

        array["items"] = Ref("selector");
        return new JsonObject { ["description"] = description, ["anyOf"] = new JsonArray(Ref("selector"), array) };
    }

    private static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]);
}
