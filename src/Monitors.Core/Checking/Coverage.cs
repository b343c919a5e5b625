using Monitors.Core.Catalog;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>Whether a document is being watched right now, in the words a compliance reader needs.</summary>
public enum CoverageStatus
{
    /// <summary>The last check succeeded.</summary>
    Covered,
    /// <summary>The last check (or several) failed: a change made now would not be seen until it is checked again.</summary>
    Failing,
    /// <summary>No check has succeeded yet.</summary>
    NotYetChecked,
}

/// <summary>One catalog document's coverage: when it was last checked successfully, and if it is failing, since when and why.</summary>
public sealed record DocumentCoverage(
    string PlatformId,
    string PlatformName,
    string DocumentId,
    string DocumentTitle,
    CoverageStatus Status,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? FailingSince,
    int FailureStreak,
    FailureKind LastFailureKind,
    string? LastFailureReason,
    bool NeedsAttention)
{
    /// <summary>True when the document could not be checked successfully at any time since <paramref name="since"/> or is failing now.</summary>
    public bool HasGapSince(DateTimeOffset since) =>
        Status != CoverageStatus.Covered || LastSuccessAt is null || LastSuccessAt < since;

    /// <summary>Why it could not be checked, in plain words.</summary>
    public string Why => Status == CoverageStatus.NotYetChecked
        ? "it has not been checked yet"
        : LastFailureKind switch
        {
            FailureKind.Transient => "the site did not answer or answered with a server error",
            FailureKind.Blocked => "the site refused our request (it may block automated visitors)",
            FailureKind.NotFound => "the page was not found at its address (it may have moved)",
            FailureKind.TooLarge => "the page was larger than we accept",
            FailureKind.UnsupportedContent => "the address no longer serves a web page or PDF",
            FailureKind.Empty => "the site sent an empty page",
            FailureKind.Refused => "the address is not one we are allowed to fetch",
            FailureKind.StructureChanged => "the page no longer has the layout we read the document from",
            FailureKind.Suspicious => "the site sent an error page, a login or bot wall, or a page far shorter than the document",
            _ => "the last check failed",
        };

    /// <summary>What the service does about it, in plain words.</summary>
    public string WhatWeDo => NeedsAttention
        ? "We keep trying at every scheduled check, and our operators have been alerted to review the page and how we read it. Until it is checked again, a change to it would not be reported."
        : Status == CoverageStatus.NotYetChecked
            ? "It will be checked at the next scheduled check."
            : "We try again at every scheduled check; if it keeps failing, our operators are alerted. Until it is checked again, a change to it would not be reported.";
}

/// <summary>
/// Reads the coverage of catalog documents from their state rows: the honest answer to "was this checked?". Digests,
/// outage notices, <c>monitors status</c> and the site use it, so none of them says "nothing changed" for a document
/// whose checks failed.
/// </summary>
public sealed class CoverageReader(PlatformCatalog catalog, IDocumentStateStore states)
{
    /// <summary>Every document of the platform, in catalog order; an unknown platform has none.</summary>
    public async Task<IReadOnlyList<DocumentCoverage>> ForPlatformAsync(string platformId, CancellationToken cancellationToken = default)
    {
        var platform = catalog.Find(platformId);
        if (platform is null)
        {
            return [];
        }

        var result = new List<DocumentCoverage>(platform.Documents.Count);
        foreach (var document in platform.Documents)
        {
            var state = await states.GetAsync(new DocumentKey(platform.Id, document.Id), cancellationToken);
            result.Add(Of(platform, document, state));
        }

        return result;
    }

    public static DocumentCoverage Of(Platform platform, DocumentDeclaration document, DocumentState? state)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(document);
        var status = state switch
        {
            { FailureStreak: > 0 } => CoverageStatus.Failing,
            { LastSuccessAt: not null } => CoverageStatus.Covered,
            _ => CoverageStatus.NotYetChecked,
        };

        return new DocumentCoverage(
            platform.Id,
            platform.Name,
            document.Id,
            document.Title,
            status,
            state?.LastSuccessAt,
            state is { FailureStreak: > 0 } ? state.FailingSince ?? state.LastFailureAt : null,
            state?.FailureStreak ?? 0,
            state?.LastFailureKind ?? FailureKind.None,
            state?.LastFailureReason,
            state?.NeedsAttention ?? false);
    }
}
