using System.Text.Json.Nodes;
using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Catalog;

public sealed class CatalogLoaderTests
{
    /// <summary>Writes the declaration as <paramref name="fileName"/> and returns the errors of validating the folder.</summary>
    private static IReadOnlyList<CatalogError> ErrorsOf(JsonNode declaration, string fileName = "acme.json")
    {
        using var catalog = new TempCatalog().Write(fileName, declaration);
        return CatalogLoader.Validate(catalog.Directory).Errors;
    }

    private static CatalogError Single(IReadOnlyList<CatalogError> errors, string jsonPath)
    {
        var matching = errors.Where(e => e.JsonPath == jsonPath).ToArray();
        Assert.True(matching.Length == 1, $"expected one error at {jsonPath}, got: {string.Join(" | ", errors)}");
        Assert.False(string.IsNullOrWhiteSpace(matching[0].Fix), "every error must say how to fix it");
        return matching[0];
    }

    [Fact]
    public void Validate_ValidDeclaration_HasNoErrorAndMapsEveryField()
    {
        using var catalog = new TempCatalog().Write("acme.json", CatalogSamples.Acme());

        var result = CatalogLoader.Validate(catalog.Directory);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var platform = Assert.Single(result.Platforms);
        Assert.Equal(("acme", "Acme AI", "https://acme.example/"), (platform.Id, platform.Name, platform.Url));
        var terms = platform.Documents[0];
        Assert.Equal(new Uri("https://acme.example/legal/terms"), terms.Fetch);
        Assert.Equal("Terms of Service", terms.TermsType);
        Assert.Equal(new CssSelector("main"), terms.Select[0]);
        Assert.Equal(new RangeSelector("#terms", null, "#terms ~ h2", null), terms.Select[1]);
        Assert.Equal([new CssSelector(".cookie-banner"), new CssSelector("nav")], terms.Remove);
        Assert.Equal(DetectionSettings.Default, terms.Detection);

        // A lone string is shorthand for a one-item array, as in Open Terms Archive.
        Assert.Equal([new CssSelector("article")], platform.Documents[1].Select);
        Assert.Empty(platform.Documents[1].Remove);
    }

    [Fact]
    public void Validate_InvalidJson_GivesLineAndPosition()
    {
        using var catalog = new TempCatalog().Write("acme.json", "{\n  \"id\": \"acme\"\n  \"name\": \"Acme AI\"\n}\n");

        var error = Single(CatalogLoader.Validate(catalog.Directory).Errors, "$");

        Assert.Equal("catalog/acme.json", error.File);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPlatformField_NamesItAndListsTheAllowedOnes()
    {
        var declaration = CatalogSamples.Acme();
        declaration["owner"] = "Acme Inc.";

        var error = Single(ErrorsOf(declaration), "$.owner");

        Assert.Equal("catalog/acme.json", error.File);
        Assert.Contains("\"owner\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("$schema, id, name, url, documents", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MisspelledDocumentField_SuggestsTheRightName()
    {
        var declaration = CatalogSamples.Acme();
        var document = declaration.Document(1);
        document["selekt"] = document["select"]!.DeepClone();
        document.Remove("select");

        var errors = ErrorsOf(declaration);

        Assert.Contains("did you mean \"select\"", Single(errors, "$.documents[1].selekt").Fix, StringComparison.Ordinal);
        Assert.Contains("missing", Single(errors, "$.documents[1].select").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.name", "name")]
    [InlineData("$.documents", "documents")]
    [InlineData("$.documents[0].id", "documents.0.id")]
    [InlineData("$.documents[0].title", "documents.0.title")]
    [InlineData("$.documents[0].termsType", "documents.0.termsType")]
    [InlineData("$.documents[0].fetch", "documents.0.fetch")]
    [InlineData("$.documents[0].select", "documents.0.select")]
    public void Validate_MissingRequiredField_IsReportedAtItsPath(string expectedPath, string field)
    {
        var declaration = CatalogSamples.Acme();
        var parts = field.Split('.');
        var owner = parts.Length == 1 ? declaration : declaration.Document(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        owner.Remove(parts[^1]);

        var error = Single(ErrorsOf(declaration), expectedPath);

        Assert.Contains($"required field \"{parts[^1]}\" is missing", error.Message, StringComparison.Ordinal);
        Assert.Equal("catalog/acme.json", error.File);
    }

    [Fact]
    public void Validate_BadDocumentId_SuggestsAWellFormedOne()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["id"] = "Terms Of_Service";

        var error = Single(ErrorsOf(declaration), "$.documents[0].id");

        Assert.Contains("not a valid document id", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"terms-of-service\"", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlatformIdNotMatchingFileName_SaysWhichToRename()
    {
        var error = Single(ErrorsOf(CatalogSamples.Acme(), "acme-ai.json"), "$.id");

        Assert.Equal("catalog/acme-ai.json", error.File);
        Assert.Contains("does not match the file name \"acme-ai.json\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("rename the file to \"acme.json\"", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RelativeOrMisspelledUrl_IsRejectedWithAFullAddressExample()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(1)["fetch"] = "htp://x";
        declaration.Document(0)["fetch"] = "/legal/terms";

        var errors = ErrorsOf(declaration);

        Assert.Equal(
            "catalog/acme.json: $.documents[1].fetch: \"htp://x\" is not an absolute http(s) URL. Fix: use the full address, e.g. \"https://acme.example/terms\".",
            Single(errors, "$.documents[1].fetch").ToString());
        Assert.Contains("\"/legal/terms\" is not an absolute http(s) URL", Single(errors, "$.documents[0].fetch").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UrlWithoutScheme_SuggestsTheHttpsForm()
    {
        var declaration = CatalogSamples.Acme();
        declaration["url"] = "acme.example/home";

        Assert.Contains("\"https://acme.example/home\"", Single(ErrorsOf(declaration), "$.url").Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SamePlatformIdInTwoFiles_ReportsTheLaterFileNamingTheFirst()
    {
        using var catalog = new TempCatalog()
            .Write("acme.json", CatalogSamples.Acme())
            .Write("zeta.json", CatalogSamples.Acme());

        var errors = CatalogLoader.Validate(catalog.Directory).Errors;

        var duplicate = Assert.Single(errors, e => e.Message.Contains("already declared", StringComparison.Ordinal));
        Assert.Equal(("catalog/zeta.json", "$.id"), (duplicate.File, duplicate.JsonPath));
        Assert.Contains("catalog/acme.json", duplicate.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(duplicate.Fix));
        Assert.DoesNotContain(errors, e => e.File == "catalog/acme.json");
    }

    [Fact]
    public void Validate_SameDocumentIdTwice_PointsAtTheSecond()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(1)["id"] = "terms-of-service";

        var error = Single(ErrorsOf(declaration), "$.documents[1].id");

        Assert.Contains("already used by $.documents[0]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("div[", "check brackets")]
    [InlineData("..x", "check brackets")]
    [InlineData("#50._AI_Services", "[id=\"50._AI_Services\"]")]
    [InlineData("   ", "remove the entry")]
    public void Validate_CssSelectorThatDoesNotParse_IsRejected(string css, string fixHint)
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["select"] = new JsonArray("main", css);

        var error = Single(ErrorsOf(declaration), "$.documents[0].select[1]");

        Assert.Contains(fixHint, error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadCssInRemoveAndInRangeBoundary_IsReportedAtEachPath()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["remove"] = new JsonArray(".ok", "p:nth-child(");
        declaration.Document(0)["select"] = new JsonArray(new JsonObject { ["startBefore"] = "h1", ["endBefore"] = "h3:not(" });

        var errors = ErrorsOf(declaration);

        Assert.Contains("not a valid CSS selector", Single(errors, "$.documents[0].remove[1]").Message, StringComparison.Ordinal);
        Assert.Contains("not a valid CSS selector", Single(errors, "$.documents[0].select[0].endBefore").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "$.documents[0].select[0]", "no start")]
    [InlineData("""{"endBefore":"footer"}""", "$.documents[0].select[0]", "no start")]
    [InlineData("""{"startBefore":"h1","startAfter":"h2"}""", "$.documents[0].select[0]", "both \"startBefore\" and \"startAfter\"")]
    [InlineData("""{"startBefore":"h1","endBefore":"h2","endAfter":"h3"}""", "$.documents[0].select[0]", "both \"endBefore\" and \"endAfter\"")]
    [InlineData("""{"startBefore":"h1","endBfore":"h2"}""", "$.documents[0].select[0].endBfore", "unknown field \"endBfore\"")]
    [InlineData("""{"startBefore":42}""", "$.documents[0].select[0].startBefore", "must be a string")]
    public void Validate_BadRange_IsRejected(string range, string expectedPath, string expectedMessage)
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["select"] = new JsonArray(JsonNode.Parse(range));

        var error = Single(ErrorsOf(declaration), expectedPath);

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RangeWithoutEnd_RunsToTheEndOfThePage()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["select"] = new JsonObject { ["startAfter"] = "#intro" };
        using var catalog = new TempCatalog().Write("acme.json", declaration);

        var platform = CatalogLoader.Load(catalog.Directory).Find("acme")!;

        Assert.Equal([new RangeSelector(null, "#intro", null, null)], platform.Documents[0].Select);
    }

    [Fact]
    public void Validate_EmptySelect_IsRejected()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(1)["select"] = new JsonArray();

        Assert.Contains("\"select\" is empty", Single(ErrorsOf(declaration), "$.documents[1].select").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Terms of Use", "\"Terms of Service\"")]
    [InlineData("Privacy Polcy", "\"Privacy Policy\"")]
    [InlineData("Cookies Policy", "\"Trackers Policy\"")]
    [InlineData("terms of service", "\"Terms of Service\"")]
    public void Validate_UnknownTermsType_SuggestsTheClosestNames(string termsType, string expectedFirstSuggestion)
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["termsType"] = termsType;

        var error = Single(ErrorsOf(declaration), "$.documents[0].termsType");

        Assert.Contains("not an Open Terms Archive terms type", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"use the closest type: {expectedFirstSuggestion}", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownDetectionSetting_IsRejectedByTheDetectionSettingsBinding()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["detection"] = new JsonObject { ["minLenght"] = 5 };

        var error = Single(ErrorsOf(declaration), "$.documents[0].detection.minLenght");

        Assert.Contains("unknown field \"minLenght\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed fields", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DetectionValueOutOfRange_NamesTheFieldAndTheFix()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["detection"] = new JsonObject { ["collapseThreshold"] = 1.5 };

        var error = Single(ErrorsOf(declaration), "$.documents[0].detection.collapseThreshold");

        Assert.Contains("1.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("fraction", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ChromePhraseInKeepAndDrop_NamesTheFieldAndTheFix()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["detection"] = new JsonObject { ["chromeKeep"] = new JsonArray("Sub-processors"), ["chromeDrop"] = new JsonArray("sub-processors") };

        var error = Single(ErrorsOf(declaration), "$.documents[0].detection.chromeKeep");

        Assert.Contains("both hold \"Sub-processors\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep it in one of them.", error.Fix);
    }

    [Fact]
    public void Validate_DetectionThatIsNotAnObject_IsRejected()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["detection"] = "strict";

        Assert.Contains("must be an object", Single(ErrorsOf(declaration), "$.documents[0].detection").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RepeatedJsonKey_IsReported()
    {
        const string json = """{"id":"acme","name":"A","name":"B","documents":[{"id":"t","title":"T","termsType":"Terms of Service","fetch":"https://acme.example/t","select":"main"}]}""";
        using var catalog = new TempCatalog().Write("acme.json", json);

        Assert.Contains("more than once", Single(CatalogLoader.Validate(catalog.Directory).Errors, "$.name").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsEveryErrorOfEveryFile()
    {
        var first = CatalogSamples.Acme();
        first.Document(0)["fetch"] = "ftp://acme.example/terms";
        first.Document(1)["termsType"] = "Privacy";
        var second = CatalogSamples.Acme();
        second["id"] = "beta";
        second.Document(0)["select"] = "div[";
        using var catalog = new TempCatalog()
            .Write("acme.json", first)
            .Write("beta.json", second)
            .Write("broken.json", "{");

        var result = CatalogLoader.Validate(catalog.Directory);

        Assert.Equal(
            [
                ("catalog/acme.json", "$.documents[0].fetch"),
                ("catalog/acme.json", "$.documents[1].termsType"),
                ("catalog/beta.json", "$.documents[0].select"),
                ("catalog/broken.json", "$"),
            ],
            result.Errors.Select(e => (e.File, e.JsonPath)));
        Assert.Empty(result.Platforms);
    }

    [Fact]
    public void Load_InvalidCatalog_ThrowsWithAllErrors()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["fetch"] = "nope";
        declaration.Document(1)["fetch"] = "nope";
        using var catalog = new TempCatalog().Write("acme.json", declaration);

        var exception = Assert.Throws<CatalogException>(() => CatalogLoader.Load(catalog.Directory));

        Assert.Equal(2, exception.Errors.Count);
        Assert.Contains("$.documents[1].fetch", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IgnoresSchemaFiles()
    {
        using var catalog = new TempCatalog()
            .Write("acme.json", CatalogSamples.Acme())
            .Write("platform.schema.json", """{"$schema":"https://json-schema.org/draft/2020-12/schema"}""");

        var loaded = CatalogLoader.Load(catalog.Directory);

        Assert.Equal(["acme"], loaded.Platforms.Select(p => p.Id));
    }

    [Fact]
    public void Validate_MissingOrEmptyDirectory_IsAnError()
    {
        using var empty = new TempCatalog();

        Assert.Contains("no platform declaration", Assert.Single(CatalogLoader.Validate(empty.Directory).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Single(CatalogLoader.Validate(Path.Combine(empty.Directory, "nope")).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsePlatform_FromString_ChecksTheFileNameOnlyWhenGiven()
    {
        var json = CatalogSamples.Acme().ToJsonString();

        Assert.Equal("acme", CatalogLoader.ParsePlatform(json).Id);
        var exception = Assert.Throws<CatalogException>(() => CatalogLoader.ParsePlatform(json, "catalog/other.json"));
        Assert.Equal(("catalog/other.json", "$.id"), (exception.Errors[0].File, exception.Errors[0].JsonPath));
    }

    [Fact]
    public void CatalogWriter_RoundTripsADeclaration()
    {
        var platform = CatalogLoader.ParsePlatform(CatalogSamples.Acme().ToJsonString());

        var again = CatalogLoader.ParsePlatform(CatalogWriter.ToJson(platform), "acme.json");

        Assert.Equal(Describe(platform), Describe(again));
    }

    internal static string Describe(Platform platform) =>
        $"{platform.Id}|{platform.Name}|{platform.Url}|" + string.Join(";", platform.Documents.Select(d =>
            $"{d.Id}|{d.Title}|{d.TermsType}|{d.Fetch}|{string.Join(",", d.Select)}|{string.Join(",", d.Remove)}|{d.Detection}"));
}
