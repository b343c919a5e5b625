using Monitors.Core.Fetching;

namespace Monitors.Core.Storage;

/// <summary>
/// What we know about one document now (a row of Table <c>Documents</c>). Mutated only by the check pipeline and saved
/// with ETag concurrency, so two checks of one document at once record one version.
/// </summary>
public sealed class DocumentState
{
    public DocumentState(DocumentKey document) => Document = document;

    public DocumentKey Document { get; }

    /// <summary>Table row ETag; null for a document never saved.</summary>
    public string? ETag { get; set; }

    /// <summary>SHA-256 of the current canonical version; null before the first version.</summary>
    public string? CurrentVersionId { get; set; }
    public DateTimeOffset? CurrentVersionAt { get; set; }
    public int VersionCount { get; set; }

    /// <summary>HTTP validators of the last successful fetch, and the version that fetch produced.</summary>
    public string? HttpETag { get; set; }
    public DateTimeOffset? HttpLastModified { get; set; }
    public string? LastFetchedVersionId { get; set; }
    public string? LastSnapshotId { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }
    public string? LastOutcome { get; set; }

    public int FailureStreak { get; set; }
    public FailureKind LastFailureKind { get; set; }
    public string? LastFailureReason { get; set; }
    public DateTimeOffset? LastFailureAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>The first failure of the current streak (null while the last check succeeded): "could not check since".</summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>Set after N consecutive failures; the operator has been told once.</summary>
    public bool NeedsAttention { get; set; }
    public string? AttentionReason { get; set; }

    /// <summary>A changed version seen once and waiting to be confirmed by a re-fetch.</summary>
    public string? PendingVersionId { get; set; }
    public DateTimeOffset? PendingSince { get; set; }

    /// <summary>A committed version whose history row, change record summary or queue message may not be written yet.</summary>
    public string? UnpublishedVersionId { get; set; }
    public string? UnpublishedChangeId { get; set; }
    public string? UnpublishedPreviousVersionId { get; set; }
}
