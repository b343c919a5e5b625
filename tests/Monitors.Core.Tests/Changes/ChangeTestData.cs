using Monitors.Core.Changes;

namespace Monitors.Core.Tests.Changes;

/// <summary>Test documents: versions from the shared corpus found next to the repository, and a change context.</summary>
internal static class ChangeTestData
{
    /// <summary>A version of a corpus document (<c>../shared/corpus</c> next to the repository).</summary>
    public static string CorpusVersion(string document, string file)
    {
        var path = Path.Combine(RepositoryPaths.Corpus, document, "versions", file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Corpus version {path} is missing: the shared corpus must sit next to the repository (../shared/corpus).", path);
        }

        return File.ReadAllText(path);
    }

    public static ChangeContext Context(string documentTitle = "Example Service Terms", string previous = "prev0001", string next = "next0002") =>
        new("example", "Example Platform", "example-terms", documentTitle, "Terms of Service", new Uri("https://example.com/terms"),
            new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero), previous, next);
}
