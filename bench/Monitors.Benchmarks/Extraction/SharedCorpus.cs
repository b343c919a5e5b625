using Monitors.Testing;

namespace Monitors.Benchmarks.Extraction;

/// <summary>Finds the shared replay corpus: <c>../shared/corpus</c> next to the repository holding <c>Monitors.sln</c>.</summary>
internal static class SharedCorpus
{
    public static string Locate()
    {
        var root = RepositoryPaths.TryRoot ?? throw new DirectoryNotFoundException(
            $"Could not find Monitors.sln above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}: " +
            "run the benchmarks from inside the repository.");
        var corpus = RepositoryPaths.CorpusBeside(root);
        return Directory.Exists(corpus)
            ? corpus
            : throw new DirectoryNotFoundException(
                $"The shared corpus is missing: expected {corpus} (../shared/corpus from the repository root {root}). " +
                "Put the genai-eu-versions replay corpus there to run the extraction benchmarks.");
    }

    /// <summary>The largest recorded version of a corpus document (Markdown).</summary>
    public static string LargestVersion(string corpus, string document)
    {
        var versions = new DirectoryInfo(Path.Combine(corpus, document, "versions"));
        if (!versions.Exists)
        {
            throw new DirectoryNotFoundException($"The corpus has no document \"{document}\": {versions.FullName} is missing.");
        }

        var largest = versions.GetFiles("*.md").OrderByDescending(f => f.Length).ThenBy(f => f.Name, StringComparer.Ordinal).First();
        return File.ReadAllText(largest.FullName);
    }
}
