namespace Monitors.Core.Catalog;

/// <summary>Section <c>Monitors:Catalog</c>: where the platform declarations are.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Monitors:Catalog";

    /// <summary>Folder of platform JSON files. Empty: <c>./catalog</c>, the app's own <c>catalog/</c>, or the repository's.</summary>
    public string? Path { get; set; }

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
