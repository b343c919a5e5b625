using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Catalog;

public sealed class OpenTermsArchiveImportTests
{
    // Written for these tests in the shape of an OTA service declaration; not copied from an OTA collection.
    private const string Declaration = """
        {
          "name": "Acme Chat",
          "terms": {
            "Terms of Service": {
              "fetch": "https://acme.example/legal/terms",
              "select": [ "main", { "startBefore": "#terms", "endBefore": "#terms ~ h2" } ],
              "remove": ".cookie-banner"
            },
            "Privacy Policy": {
              "select": [ "article" ],
              "remove": [ "nav" ],
              "combine": [
                { "fetch": "https://acme.example/legal/privacy" },
                { "fetch": "https://acme.example/legal/privacy-eu", "select": "#eu" }
              ]
            },
            "Comercial Terms": {
              "fetch": "https://acme.example/legal/business",
              "select": "main",
              "executeClientScripts": true,
              "filter": [ "removeTrackingIds" ]
            }
          }
        }
        """;

    [Fact]
    public void Convert_MapsTermsToDocumentsWithSlugIds()
    {
        var result = OpenTermsArchiveImport.Convert(Declaration);
        var platform = result.Platform;

        Assert.Equal(("acme-chat", "Acme Chat", "https://acme.example/"), (platform.Id, platform.Name, platform.Url));
        Assert.Equal(["terms-of-service", "privacy-policy", "comercial-terms"], platform.Documents.Select(d => d.Id));
        var terms = platform.Documents[0];
        Assert.Equal(("Acme Chat Terms of Service", "Terms of Service"), (terms.Title, terms.TermsType));
        Assert.Equal(new Uri("https://acme.example/legal/terms"), terms.Fetch);
        Assert.Equal([new CssSelector("main"), new RangeSelector("#terms", null, "#terms ~ h2", null)], terms.Select);
        Assert.Equal([new CssSelector(".cookie-banner")], terms.Remove);
    }

    [Fact]
    public void Convert_CombinedTerms_KeepsEveryPageInOrderWithSharedAndOwnSelectors()
    {
        var result = OpenTermsArchiveImport.Convert(Declaration);

        var privacy = result.Platform.FindDocument("privacy-policy")!;
        Assert.True(privacy.IsCombined);
        Assert.Equal(new Uri("https://acme.example/legal/privacy"), privacy.Fetch);
        Assert.Equal(
            [
                new DocumentPage(new Uri("https://acme.example/legal/privacy"), [new CssSelector("article")], [new CssSelector("nav")]),
                new DocumentPage(new Uri("https://acme.example/legal/privacy-eu"), [new CssSelector("#eu")], [new CssSelector("nav")]),
            ],
            privacy.Pages,
            new PageComparer());
        Assert.Contains(result.Notes, n => n.StartsWith("Privacy Policy: combines 2 pages", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_CombinedTermsWrittenAsCatalogJson_ValidatesAndKeepsEveryPage()
    {
        var platform = OpenTermsArchiveImport.Convert(Declaration.Replace("Comercial", "Commercial", StringComparison.Ordinal)).Platform;

        var json = CatalogWriter.ToJson(platform);
        var again = CatalogLoader.ParsePlatform(json, "acme-chat.json");

        var privacy = again.FindDocument("privacy-policy")!;
        Assert.Equal(["https://acme.example/legal/privacy", "https://acme.example/legal/privacy-eu"], privacy.Pages.Select(p => p.Fetch.AbsoluteUri));
        Assert.Equal([[new CssSelector("article")], [new CssSelector("#eu")]], privacy.Pages.Select(p => p.Select.ToArray()));
        Assert.True(again.FindDocument("commercial-terms")!.NeedsBrowser);
        Assert.False(again.FindDocument("terms-of-service")!.NeedsBrowser);
    }

    [Fact]
    public void Convert_ExecuteClientScripts_IsKeptAsTheNeedsBrowserFlag()
    {
        var platform = OpenTermsArchiveImport.Convert(Declaration).Platform;

        Assert.True(platform.FindDocument("comercial-terms")!.NeedsBrowser);
        Assert.False(platform.FindDocument("privacy-policy")!.NeedsBrowser);
    }

    [Fact]
    public void Convert_CombineWithOnePage_IsAPlainDocument()
    {
        const string single = """
            {"name":"Gamma","terms":{"Terms of Service":{"select":"main","combine":[{"fetch":"https://gamma.example/terms"}]}}}
            """;

        var document = Assert.Single(OpenTermsArchiveImport.Convert(single).Platform.Documents);

        Assert.False(document.IsCombined);
        Assert.Equal([new CssSelector("main")], document.Select);
        Assert.True(CatalogLoader.ValidatePlatform(CatalogWriter.ToJson(OpenTermsArchiveImport.Convert(single).Platform), "gamma.json").IsValid);
    }

    private sealed class PageComparer : IEqualityComparer<DocumentPage>
    {
        public bool Equals(DocumentPage? x, DocumentPage? y) =>
            x is not null && y is not null && x.Fetch == y.Fetch && x.Select.SequenceEqual(y.Select) && x.Remove.SequenceEqual(y.Remove)
            && x.ExecuteClientScripts == y.ExecuteClientScripts;

        public int GetHashCode(DocumentPage obj) => obj.Fetch.GetHashCode();
    }

    [Fact]
    public void Convert_NotesWhatMonitorsCannotCarryOver()
    {
        var notes = OpenTermsArchiveImport.Convert(Declaration).Notes;

        Assert.Contains(notes, n => n.StartsWith("Comercial Terms: filters not applied (removeTrackingIds)", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Comercial Terms: OTA runs the page's scripts", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Comercial Terms: not an Open Terms Archive terms type; closest: Commercial Terms", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_OutputWrittenAsCatalogJson_FailsValidationOnlyOnTheMisspelledTermsType()
    {
        var platform = OpenTermsArchiveImport.Convert(Declaration).Platform;

        var errors = CatalogLoader.ValidatePlatform(CatalogWriter.ToJson(platform), "acme-chat.json").Errors;

        var error = Assert.Single(errors);
        Assert.Equal("$.documents[2].termsType", error.JsonPath);
        Assert.StartsWith("use the closest type: \"Commercial Terms\"", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_LegacyDocumentsKeyAndPdfWithoutSelect_AreImported()
    {
        const string legacy = """
            {"name":"Beta","documents":{"Privacy Policy":{"fetch":"https://beta.example/privacy.pdf"}}}
            """;

        var result = OpenTermsArchiveImport.Convert(legacy, platformId: "beta-ai");

        Assert.Equal("beta-ai", result.Platform.Id);
        Assert.Equal([new CssSelector("body")], Assert.Single(result.Platform.Documents).Select);
        Assert.Contains(result.Notes, n => n.Contains("older \"documents\" key", StringComparison.Ordinal));
        Assert.True(CatalogLoader.ValidatePlatform(CatalogWriter.ToJson(result.Platform), "beta-ai.json").IsValid);
    }

    [Fact]
    public void Convert_NameWithoutLatinLetters_TakesTheIdFromTheFileName()
    {
        const string declaration = """{"name":"豆包","terms":{"Terms of Service":{"fetch":"https://www.doubao.example/terms","select":"main","filter":[{"removeQueryParams":["utm_source"]},"removeIds"]}}}""";

        var result = OpenTermsArchiveImport.Convert(declaration, sourceName: "Doubao.json");

        Assert.Equal(("doubao", "豆包"), (result.Platform.Id, result.Platform.Name));
        Assert.Contains(result.Notes, n => n.StartsWith("Terms of Service: filters not applied (removeQueryParams(…), removeIds)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"terms":{}}""")]
    [InlineData("""{"name":"X","terms":{"Terms of Service":{"select":"main"}}}""")]
    public void Convert_NotAUsableDeclaration_Throws(string json)
    {
        var exception = Assert.Throws<CatalogException>(() => OpenTermsArchiveImport.Convert(json, sourceName: "X.json"));

        Assert.All(exception.Errors, e => Assert.Equal("X.json", e.File));
        Assert.NotEmpty(exception.Errors);
    }
}
