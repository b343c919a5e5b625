using Monitors.Core.Replay;

namespace Monitors.Core.Tests.Detection;

/// <summary>
/// The labelled replay corpus in <c>../shared/corpus</c> next to the repository (see its README): real version histories
/// of governance documents, each transition labelled. Read in place, never copied into the repository.
/// </summary>
internal static class ReplayCorpus
{
    private static readonly Lazy<string?> RootPath = new(Locate);

    public static string? Root => RootPath.Value;

    public static string MissingMessage =>
        "The shared replay corpus was not found: expected ../shared/corpus next to the folder holding Monitors.sln. " +
        "It lives outside the repository; the corpus evaluation runs where it is present.";

    public static IReadOnlyList<CorpusDocument> Documents() =>
        CorpusReader.Read(Root ?? throw new InvalidOperationException(MissingMessage));

    private static string? Locate()
    {
        if (RepositoryPaths.TryRoot is not { } root)
        {
            return null;
        }

        var corpus = RepositoryPaths.CorpusBeside(root);
        return File.Exists(Path.Combine(corpus, "index.json")) ? corpus : null;
    }
}

/// <summary>A fact that runs only where the shared corpus is present, and says so when it is skipped.</summary>
internal sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (ReplayCorpus.Root is null)
            Skip = ReplayCorpus.MissingMessage;
    }
}
