namespace Monitors.Testing;

/// <summary>
/// Where the repository and the shared corpus are, for the test projects and the benchmarks (each links this file):
/// the repository root is the folder holding <c>Monitors.sln</c> above the binaries (or the current directory), the
/// corpus is <c>../shared/corpus</c> beside it.
/// </summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string?> FoundRoot = new(FindRoot);

    /// <summary>The repository root; throws when the binaries do not sit inside the repository.</summary>
    public static string Root => TryRoot ?? throw new InvalidOperationException(
        $"No Monitors.sln above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}: run from inside the repository.");

    /// <summary>The repository root, or null outside the repository.</summary>
    public static string? TryRoot => FoundRoot.Value;

    public static string Catalog => Path.Combine(Root, "catalog");

    public static string Corpus => CorpusBeside(Root);

    /// <summary>The second labelled corpus (<c>../shared/corpus-wide</c>): other services, alternating variants, page chrome.</summary>
    public static string CorpusWide => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus-wide"));

    public static string CorpusBeside(string root) => Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus"));

    private static string? FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Monitors.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }
}
