using System.Text.Json.Nodes;
using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Catalog;

/// <summary>The repository's own <c>catalog/</c> and its JSON Schema.</summary>
public sealed class ShippedCatalogTests
{
    private static readonly string CatalogDirectory = RepositoryPaths.Catalog;

    private static JsonObject Schema() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CatalogDirectory, "platform.schema.json")))!.AsObject();

    private static string[] Names(JsonNode? node) => node is JsonObject o ? o.Select(p => p.Key).ToArray() : node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [Fact]
    public void ShippedCatalog_LoadsWithoutErrors()
    {
        var result = CatalogLoader.Validate(CatalogDirectory);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.True(result.Platforms.Count >= 100, $"only {result.Platforms.Count} platforms");
        Assert.All(result.Platforms, p => Assert.NotEmpty(p.Documents));
    }

    [Fact]
    public void ShippedCatalog_HasTheMainAiPlatforms()
    {
        var catalog = CatalogLoader.Load(CatalogDirectory);

        foreach (var id in new[] { "aws-bedrock", "openai", "anthropic", "google-gemini", "microsoft-copilot", "meta-llama", "mistral-ai" })
            Assert.True(catalog.Find(id) is { Documents.Count: >= 2 }, $"{id} is missing or declares fewer than two documents");
        Assert.Equal("AWS Bedrock", catalog.Find("aws-bedrock")!.Name);
    }

    [Theory]
    [InlineData("named by the product's own material", "aws-bedrock", "facebook", "instagram", "whatsapp", "tiktok", "supabase")]
    [InlineData("clouds", "amazon-web-services", "microsoft-azure", "google-cloud-platform", "oracle-cloud", "ibm-cloud")]
    [InlineData("social networks", "facebook", "instagram", "x", "linkedin", "youtube", "snapchat", "pinterest", "reddit", "threads")]
    [InlineData("app stores", "app-store", "google-play", "microsoft-store")]
    [InlineData("payment", "stripe", "paypal", "adyen")]
    [InlineData("collaboration", "slack", "zoom", "atlassian", "dropbox", "box", "miro")]
    [InlineData("CRM and developer tools", "salesforce", "hubspot", "github", "gitlab", "cloudflare")]
    public void ShippedCatalog_CoversWhatComplianceTeamsAskAbout(string group, params string[] ids)
    {
        var catalog = CatalogLoader.Load(CatalogDirectory);

        var missing = ids.Where(id => catalog.Find(id) is null).ToArray();

        Assert.True(missing.Length == 0, $"{group}: {string.Join(", ", missing)} not in catalog/");
    }

    [Fact]
    public void ShippedCatalog_NoPlatformOnlyRepeatsThePagesOfAnother()
    {
        // The import refuses the same service under a second id; this keeps hand edits from bringing one back.
        var platforms = CatalogLoader.Load(CatalogDirectory).Platforms;
        var pagesOf = platforms.ToDictionary(p => p.Id, p => p.Documents.Select(d => CatalogImport.PageKey(d.Fetch)).ToHashSet(StringComparer.Ordinal));

        foreach (var platform in platforms)
        {
            var copyOf = platforms.Where(other => other.Id != platform.Id && pagesOf[platform.Id].IsSubsetOf(pagesOf[other.Id])).Select(o => o.Id).ToArray();
            Assert.True(copyOf.Length == 0, $"every page of {platform.Id} is also in {string.Join(", ", copyOf)}");
        }
    }

    [Fact]
    public void ImportManifest_ListsOnlyCatalogFilesAndNeverTheCuratedOnes()
    {
        var lines = File.ReadAllLines(Path.Combine(CatalogDirectory, CatalogImport.ManifestFileName)).Where(l => !l.StartsWith('#')).ToArray();
        var files = lines.Select(l => l.Split('\t')[0]).ToArray();

        Assert.True(files.Length >= 50, $"only {files.Length} imported files listed");
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(CatalogDirectory, f)), $"{f} is listed in {CatalogImport.ManifestFileName} but not in catalog/"));
        Assert.All(lines, l => Assert.Equal(3, l.Split('\t').Length));
        foreach (var curated in new[] { "openai.json", "aws-bedrock.json", "hugging-face.json", "supabase.json" })
            Assert.DoesNotContain(curated, files);
    }

    [Fact]
    public void AwsBedrock_TracksItsPartOfTheServiceTermsWithARange()
    {
        var serviceTerms = CatalogLoader.Load(CatalogDirectory).Find("aws-bedrock")!.FindDocument("service-terms");

        Assert.NotNull(serviceTerms);
        Assert.Equal(new Uri("https://aws.amazon.com/service-terms/"), serviceTerms.Fetch);
        var range = Assert.IsType<RangeSelector>(Assert.Single(serviceTerms.Select));
        Assert.NotNull(range.StartBefore);
        Assert.NotNull(range.EndBefore);
    }

    [Fact]
    public void ShippedCatalog_RoundTripsThroughTheWriter()
    {
        foreach (var platform in CatalogLoader.Load(CatalogDirectory).Platforms)
        {
            var again = CatalogLoader.ParsePlatform(CatalogWriter.ToJson(platform), $"{platform.Id}.json");
            Assert.Equal(CatalogLoaderTests.Describe(platform), CatalogLoaderTests.Describe(again));
        }
    }

    [Fact]
    public void Schema_CommittedFileIsTheOneGeneratedFromTheValidator()
    {
        var committed = File.ReadAllText(Path.Combine(CatalogDirectory, CatalogSchema.FileName)).ReplaceLineEndings("\n");

        // Fails when the validator's fields, the terms types or the detection settings change: run
        // `monitors catalog schema --write` (or `./run-local.sh catalog schema --write`) and commit the file.
        Assert.Equal(CatalogSchema.ToJson(), committed);
    }

    [Fact]
    public void Schema_DeclaresTheFieldsTheValidatorAccepts()
    {
        var schema = Schema();
        var definitions = schema["$defs"]!.AsObject();

        Assert.Equal(CatalogFields.Platform, Names(schema["properties"]));
        Assert.Equal(CatalogFields.PlatformRequired, Names(schema["required"]));
        Assert.Equal(CatalogFields.Document, Names(definitions["document"]!["properties"]));
        Assert.Equal(CatalogFields.DocumentRequired, Names(definitions["document"]!["required"]));
        Assert.Equal(CatalogFields.Range, Names(definitions["range"]!["properties"]));
        Assert.Equal(CatalogFields.CombinedPage, Names(definitions["combinedPage"]!["properties"]));
        Assert.Equal(CatalogFields.CombinedPageRequired, Names(definitions["combinedPage"]!["required"]));
        Assert.Equal(CatalogFields.IdPattern, definitions["id"]!["pattern"]!.GetValue<string>());
        Assert.Equal(TermsTypes.All, Names(definitions["termsType"]!["enum"]));
        Assert.All(new[] { schema, definitions["document"]!, definitions["combinedPage"]!, definitions["range"]!, definitions["detection"]! },
            o => Assert.False(o["additionalProperties"]!.GetValue<bool>()));
    }

    [Fact]
    public void Schema_DetectionBlockListsEveryDetectionSetting()
    {
        var declared = Names(Schema()["$defs"]!["detection"]!["properties"]);

        // Fails when DetectionSettings gains a setting and the schema is not regenerated (monitors catalog schema --write).
        Assert.Equal(PlatformDeclarationReader.DetectionSettingNames().Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_RequiredFieldsAreTheOnesTheValidatorMisses()
    {
        var schema = Schema();
        var document = schema["$defs"]!["document"]!;
        // The sample is a single-page document: it needs the first "oneOf" branch (fetch and select) too.
        var required = Names(document["required"]).Concat(Names(document["oneOf"]![0]!["required"])).ToArray();

        foreach (var field in Names(document["properties"]))
        {
            var declaration = CatalogSamples.Acme();
            declaration.Document(0).Remove(field);

            var errors = CatalogLoader.ValidatePlatform(declaration.ToJsonString()).Errors;

            if (required.Contains(field))
                Assert.Contains(errors, e => e.JsonPath == $"$.documents[0].{field}" && e.Message.Contains("missing", StringComparison.Ordinal));
            else
                Assert.Empty(errors);
        }

        foreach (var field in Names(schema["properties"]))
        {
            var declaration = CatalogSamples.Acme();
            declaration.Remove(field);

            var missing = CatalogLoader.ValidatePlatform(declaration.ToJsonString()).Errors.Any(e => e.JsonPath == $"$.{field}");

            Assert.Equal(Names(schema["required"]).Contains(field), missing);
        }
    }

    [Fact]
    public void EachCatalogFile_UsesOnlyFieldsTheSchemaAllows()
    {
        var schema = Schema();
        var document = schema["$defs"]!["document"]!;
        var files = Directory.GetFiles(CatalogDirectory, "*.json").Where(f => !f.EndsWith(CatalogLoader.SchemaFileSuffix, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            var declaration = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            AssertAllowed(file, declaration, Names(schema["properties"]), Names(schema["required"]));
            foreach (var item in declaration["documents"]!.AsArray())
                AssertAllowed(file, item!.AsObject(), Names(document["properties"]), Names(document["required"]));
        }
    }

    private static void AssertAllowed(string file, JsonObject node, string[] allowed, string[] required)
    {
        var keys = node.Select(p => p.Key).ToArray();
        Assert.True(keys.All(allowed.Contains), $"{Path.GetFileName(file)}: fields {string.Join(", ", keys.Except(allowed))} are not in the schema");
        Assert.True(required.All(keys.Contains), $"{Path.GetFileName(file)}: missing {string.Join(", ", required.Except(keys))}");
    }
}
