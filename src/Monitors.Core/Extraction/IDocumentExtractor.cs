using Monitors.Core.Catalog;

namespace Monitors.Core.Extraction;

/// <summary>Turns a fetched page into a document's canonical text (see <c>docs/design.md</c>, "Canonical text").</summary>
public interface IDocumentExtractor
{
    ExtractionResult Extract(string html, Uri baseUrl, IReadOnlyList<ContentSelector> select, IReadOnlyList<ContentSelector> remove);
}

/// <summary>The canonical text, or why there is none. A failure is never a version.</summary>
public sealed record ExtractionResult(string? Text, string? FailureReason)
{
    public bool Succeeded => Text is not null;

    public static ExtractionResult Success(string text) => new(text, null);

    public static ExtractionResult Failure(string reason) => new(null, reason);
}
