namespace Monitors.Core.Catalog;

/// <summary>Section <c>Monitors:Catalog</c>: where the platform declarations are.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Monitors:Catalog";

    /// <summary>Folder of platform JSON files. Empty: <c>./catalog</c>, the app's own <c>catalog/</c>, or the repository's.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Folder of local platform declarations laid over the catalog when it exists (the CLI defaults it to
    /// <c>./.monitors/catalog</c>, where <c>monitors demo</c> writes its synthetic platforms, so that <c>history</c>,
    /// <c>status</c> and the site show them). Unset in Azure.
    /// </summary>
    public string? LocalPath { get; set; }

    /// <summary>The catalog folder's platforms, plus those in <see cref="LocalPath"/> when that folder holds any.</summary>
    public PlatformCatalog Load()
    {
        var catalog = CatalogLoader.Load(ResolveDirectory());
        if (string.IsNullOrWhiteSpace(LocalPath) || !Directory.Exists(LocalPath) || !Directory.EnumerateFiles(LocalPath, "*.json").Any())
        {
            return catalog;
        }

        var local = CatalogLoader.Load(System.IO.Path.GetFullPath(LocalPath));
        var clash = local.Platforms.FirstOrDefault(p => catalog.Find(p.Id) is not null);
        if (clash is not null)
        {
            throw new CatalogException([new CatalogError(System.IO.Path.Combine(LocalPath, clash.Id + ".json"), "$.id",
                $"platform id \"{clash.Id}\" is also declared in the catalog.", "delete the local declaration, or give it another id.")]);
        }

        return new PlatformCatalog(catalog.Platforms, local.Platforms);
    }

    /// <summary>Resolves the catalog folder, or throws naming every place looked at.</summary>
    public string ResolveDirectory()
    {
        if (!string.IsNullOrWhiteSpace(Path))
        {
            var configured = System.IO.Path.GetFullPath(Path);
            return Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"Catalog folder '{configured}' (setting Monitors__Catalog__Path) does not exist. Point the setting at the folder holding the platform JSON files.");
        }

        var candidates = new List<string> { System.IO.Path.Combine(Directory.GetCurrentDirectory(), "catalog"), System.IO.Path.Combine(AppContext.BaseDirectory, "catalog") };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Monitors.sln")))
            {
                candidates.Add(System.IO.Path.Combine(dir.FullName, "catalog"));
                break;
            }
        }

        return candidates.FirstOrDefault(Directory.Exists)
            ?? throw new DirectoryNotFoundException($"No catalog folder found (looked in {string.Join(", ", candidates)}). Set Monitors__Catalog__Path.");
    }
}
