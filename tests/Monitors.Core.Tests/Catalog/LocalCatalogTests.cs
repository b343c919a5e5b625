using System.Text.Json.Nodes;
using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Catalog;

/// <summary>The local catalog (the demo's platforms) laid over <c>catalog/</c>: shown like any platform, never scheduled.</summary>
public sealed class LocalCatalogTests
{
    private static JsonObject Declaration(string id)
    {
        var acme = CatalogSamples.Acme();
        acme["id"] = id;
        return acme;
    }

    [Fact]
    public void Load_LocalFolderWithPlatforms_ShowsThemBesideTheCatalogButNeverSchedulesThem()
    {
        using var main = new TempCatalog().Write("acme.json", CatalogSamples.Acme());
        using var local = new TempCatalog().Write("demo-ai.json", Declaration("demo-ai"));

        var catalog = new CatalogOptions { Path = main.Directory, LocalPath = local.Directory }.Load();

        Assert.Equal(["acme", "demo-ai"], catalog.Platforms.Select(p => p.Id));
        Assert.True(catalog.IsLocal("demo-ai"));
        Assert.False(catalog.IsLocal("acme"));
        Assert.All(catalog.ScheduledDocuments(), d => Assert.Equal("acme", d.Platform.Id));
        Assert.Contains(catalog.AllDocuments(), d => d.Platform.Id == "demo-ai");
    }

    [Fact]
    public void Load_LocalFolderMissing_IsTheCatalogAlone()
    {
        using var main = new TempCatalog().Write("acme.json", CatalogSamples.Acme());

        var catalog = new CatalogOptions { Path = main.Directory, LocalPath = Path.Combine(main.Directory, "no-such-folder") }.Load();

        Assert.Equal(["acme"], catalog.Platforms.Select(p => p.Id));
    }

    [Fact]
    public void Load_LocalPlatformAlsoInTheCatalog_IsAnErrorNamingTheFileAndTheFix()
    {
        using var main = new TempCatalog().Write("acme.json", CatalogSamples.Acme());
        using var local = new TempCatalog().Write("acme.json", CatalogSamples.Acme());

        var error = Assert.Throws<CatalogException>(() => new CatalogOptions { Path = main.Directory, LocalPath = local.Directory }.Load());

        var only = Assert.Single(error.Errors);
        Assert.Contains("acme.json", only.File, StringComparison.Ordinal);
        Assert.Contains("also declared in the catalog", only.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(only.Fix));
    }
}
