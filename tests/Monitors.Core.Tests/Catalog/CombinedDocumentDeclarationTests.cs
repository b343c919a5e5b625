using System.Text.Json.Nodes;
using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Catalog;

/// <summary>Documents assembled from several pages (<c>combine</c>) and pages that need a browser (<c>executeClientScripts</c>).</summary>
public sealed class CombinedDocumentDeclarationTests
{
    private static JsonObject WithCombinedPrivacy()
    {
        var declaration = CatalogSamples.Acme();
        var privacy = declaration.Document(1);
        privacy.Remove("fetch");
        privacy["combine"] = JsonNode.Parse("""
            [
              { "fetch": "https://acme.example/legal/privacy" },
              { "fetch": "https://acme.example/legal/privacy-eu", "select": "#eu", "remove": [] },
              { "fetch": "https://acme.example/legal/privacy-us", "executeClientScripts": true }
            ]
            """);
        privacy["remove"] = JsonNode.Parse("""[ "nav" ]""");
        return declaration;
    }

    private static IReadOnlyList<CatalogError> ErrorsOf(JsonObject declaration) =>
        CatalogLoader.ValidatePlatform(declaration.ToJsonString(), "acme.json").Errors;

    private static CatalogError Single(IReadOnlyList<CatalogError> errors, string jsonPath)
    {
        var matching = errors.Where(e => e.JsonPath == jsonPath).ToArray();
        Assert.True(matching.Length == 1, $"expected one error at {jsonPath}, got: {string.Join(" | ", errors)}");
        Assert.False(string.IsNullOrWhiteSpace(matching[0].Fix), "every error must say how to fix it");
        return matching[0];
    }

    [Fact]
    public void Parse_CombinedDocument_KeepsEveryPageInOrderWithSharedOrOwnSelectors()
    {
        var privacy = CatalogLoader.ParsePlatform(WithCombinedPrivacy().ToJsonString()).FindDocument("privacy-policy")!;

        Assert.True(privacy.IsCombined);
        Assert.Equal(new Uri("https://acme.example/legal/privacy"), privacy.Fetch);
        Assert.Equal(
            ["https://acme.example/legal/privacy", "https://acme.example/legal/privacy-eu", "https://acme.example/legal/privacy-us"],
            privacy.Pages.Select(p => p.Fetch.AbsoluteUri));
        Assert.Equal([[new CssSelector("article")], [new CssSelector("#eu")], [new CssSelector("article")]], privacy.Pages.Select(p => p.Select.ToArray()));
        Assert.Equal([[new CssSelector("nav")], [], [new CssSelector("nav")]], privacy.Pages.Select(p => p.Remove.ToArray()));
        Assert.Equal([false, false, true], privacy.Pages.Select(p => p.ExecuteClientScripts));
        Assert.True(privacy.NeedsBrowser);
    }

    [Fact]
    public void Parse_SinglePageDocument_HasOnePageMadeOfItsOwnFields()
    {
        var terms = CatalogLoader.ParsePlatform(CatalogSamples.Acme().ToJsonString()).Documents[0];

        var page = Assert.Single(terms.Pages);
        Assert.Equal((terms.Fetch, terms.Select, terms.Remove, false), (page.Fetch, page.Select, page.Remove, page.ExecuteClientScripts));
        Assert.False(terms.IsCombined);
        Assert.False(terms.NeedsBrowser);
    }

    [Fact]
    public void Parse_ExecuteClientScriptsOnTheDocument_MarksItAsNeedingABrowser()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0)["executeClientScripts"] = true;

        var terms = CatalogLoader.ParsePlatform(declaration.ToJsonString()).Documents[0];

        Assert.True(terms.NeedsBrowser);
    }

    [Fact]
    public void Validate_FetchAndCombine_IsAnError()
    {
        var declaration = WithCombinedPrivacy();
        declaration.Document(1)["fetch"] = "https://acme.example/legal/privacy";

        Assert.Contains("both \"fetch\" and \"combine\"", Single(ErrorsOf(declaration), "$.documents[1].combine").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CombineWithOnePage_SaysToUseFetch()
    {
        var declaration = WithCombinedPrivacy();
        declaration.Document(1)["combine"] = JsonNode.Parse("""[ { "fetch": "https://acme.example/legal/privacy" } ]""");

        Assert.Contains("replace \"combine\" with \"fetch\"", Single(ErrorsOf(declaration), "$.documents[1].combine").Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CombinedPageWithoutSelectAndNoSharedSelect_IsAnError()
    {
        var declaration = WithCombinedPrivacy();
        declaration.Document(1).Remove("select");

        var errors = ErrorsOf(declaration);

        Single(errors, "$.documents[1].combine[0].select");
        Single(errors, "$.documents[1].combine[2].select");
        Assert.DoesNotContain(errors, e => e.JsonPath == "$.documents[1].combine[1].select");
    }

    [Fact]
    public void Validate_CombinedPageErrors_NameThePageAndTheField()
    {
        var declaration = WithCombinedPrivacy();
        var pages = declaration.Document(1)["combine"]!.AsArray();
        pages[1]!["fetch"] = "https://acme.example/legal/privacy";
        pages[2]!["selekt"] = "main";
        pages[2]!["executeClientScripts"] = "yes";

        var errors = ErrorsOf(declaration);

        Assert.Contains("already page 0", Single(errors, "$.documents[1].combine[1].fetch").Message, StringComparison.Ordinal);
        Assert.Contains("did you mean \"select\"", Single(errors, "$.documents[1].combine[2].selekt").Fix, StringComparison.Ordinal);
        Assert.Contains("must be true or false", Single(errors, "$.documents[1].combine[2].executeClientScripts").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NeitherFetchNorCombine_SaysBoth()
    {
        var declaration = CatalogSamples.Acme();
        declaration.Document(0).Remove("fetch");

        var error = Single(ErrorsOf(declaration), "$.documents[0].fetch");

        Assert.Contains("required field \"fetch\" is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"combine\"", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogWriter_RoundTripsACombinedDocument()
    {
        var platform = CatalogLoader.ParsePlatform(WithCombinedPrivacy().ToJsonString());

        var json = CatalogWriter.ToJson(platform);
        var again = CatalogLoader.ParsePlatform(json, "acme.json");

        var before = platform.FindDocument("privacy-policy")!.Pages;
        var after = again.FindDocument("privacy-policy")!.Pages;
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Fetch, after[i].Fetch);
            Assert.Equal(before[i].Select, after[i].Select);
            Assert.Equal(before[i].Remove, after[i].Remove);
            Assert.Equal(before[i].ExecuteClientScripts, after[i].ExecuteClientScripts);
        }

        Assert.DoesNotContain("\"fetch\": \"https://acme.example/legal/privacy\",\n      \"select\"", json, StringComparison.Ordinal);
    }
}
