using Monitors.Core.Detection;
using Monitors.Core.Fetching;

namespace Monitors.Core.Storage;

/// <summary>
/// What we know about one document now (a row of Table <c>Documents</c>), saved with ETag concurrency, so two checks of
/// one document at once record one version. The properties are what the store reads and writes; a check changes them
/// only through the transitions below, each named for what the check saw.
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

    /// <summary>The recent distinct variants of the document, most recently seen last (<see cref="VariantMemory"/>).</summary>
    public IReadOnlyList<RememberedVariant> Variants { get; set; } = [];

    /// <summary>Keys of the hunks already seen between variants: a change made only of these toggles known blocks.</summary>
    public IReadOnlyList<string> KnownToggles { get; set; } = [];

    // ---- Transitions: what a check saw, and what it changes. ----

    /// <summary>
    /// The page was read (fetched, or 304 for the version of the last fetch): its validators and the version it gave are
    /// kept for the next conditional fetch, and a failure streak or the attention it raised ends.
    /// </summary>
    /// <returns>Whether the document needed attention until now (the operator is told that tracking resumed).</returns>
    public bool RecordReadablePage(FetchResult fetched, string versionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        var neededAttention = NeedsAttention;
        if (fetched.Outcome == FetchOutcome.Fetched)
        {
            HttpETag = fetched.ETag;
            HttpLastModified = fetched.LastModified;
            LastFetchedVersionId = versionId;
        }

        LastCheckedAt = now;
        LastSuccessAt = now;
        FailureStreak = 0;
        FailingSince = null;
        LastFailureKind = FailureKind.None;
        LastFailureReason = null;
        NeedsAttention = false;
        AttentionReason = null;
        return neededAttention;
    }

    /// <summary>The snapshot archived for this check's fetch (the evidence behind a version or a refusal).</summary>
    public void RecordSnapshot(string snapshotId) => LastSnapshotId = snapshotId;

    /// <summary>The document's first version: current, remembered as its first variant, and still to be published.</summary>
    public void RecordFirstVersion(string versionId, string normalizedHash, DateTimeOffset now)
    {
        CurrentVersionId = versionId;
        CurrentVersionAt = now;
        VersionCount = 1;
        UnpublishedVersionId = versionId;
        Variants = VariantMemory.Remember([], versionId, normalizedHash, now);
    }

    /// <summary>The page reads as the current version again: a change waiting for confirmation is dropped.</summary>
    /// <returns>Whether a change was pending (the page went back before it was confirmed: a flap).</returns>
    public bool RecordCurrentVersionSeen(string versionId, DateTimeOffset now)
    {
        var wasPending = PendingVersionId is not null;
        ClearPending();
        if (Variants.FirstOrDefault(v => v.VersionId == versionId) is { } variant)
        {
            Variants = VariantMemory.Remember(Variants, variant.VersionId, variant.NormalizedHash, now);
        }

        return wasPending;
    }

    /// <summary>A state saved before variant memory existed (or whose current version aged out): the current version becomes a variant.</summary>
    public void RememberCurrentVersion(string normalizedHash, DateTimeOffset now)
    {
        var current = CurrentVersionId ?? throw new InvalidOperationException($"{Document} has no current version to remember.");
        Variants = VariantMemory.Remember(Variants, current, normalizedHash, CurrentVersionAt ?? now);
    }

    /// <summary>
    /// The page normalises to a remembered variant, reached by a move already known (<paramref name="knownNow"/> adds
    /// one learnt now): that variant becomes current (a flap), or stays current (only what normalisation hides differs).
    /// </summary>
    /// <returns>Whether it was the current version, and whether a change was pending.</returns>
    public (bool WasCurrent, bool WasPending) RecordKnownVariant(RememberedVariant remembered, IReadOnlyList<string> knownNow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(remembered);
        var wasPending = PendingVersionId is not null;
        var wasCurrent = remembered.VersionId == CurrentVersionId;
        ClearPending();
        // A later 304 means "what this fetch got", and that reads the same as the archived variant.
        LastFetchedVersionId = remembered.VersionId;
        Variants = VariantMemory.Remember(Variants, remembered.VersionId, remembered.NormalizedHash, now);
        KnownToggles = VariantMemory.AddToggles(KnownToggles, knownNow);
        if (!wasCurrent)
        {
            CurrentVersionId = remembered.VersionId;
            CurrentVersionAt = remembered.FirstSeen;
        }

        return (wasCurrent, wasPending);
    }

    /// <summary>A new variant that differs only by changes already seen: committed without a change record.</summary>
    public void RecordNewVariant(string versionId, string normalizedHash, string move, DateTimeOffset now)
    {
        Commit(versionId, now);
        Variants = VariantMemory.Remember(Variants, versionId, normalizedHash, now);
        KnownToggles = VariantMemory.AddToggles(KnownToggles, [move]);
    }

    /// <summary>Whether a substantive change to <paramref name="versionId"/> has been seen for <paramref name="confirmDelay"/> (or needs no confirmation).</summary>
    public bool IsConfirmed(string versionId, DateTimeOffset now, TimeSpan confirmDelay) =>
        confirmDelay <= TimeSpan.Zero || (PendingVersionId == versionId && PendingSince is { } since && now - since >= confirmDelay);

    /// <summary>A substantive change seen, not yet confirmed.</summary>
    /// <returns>Whether this is its first sighting (a confirmation check is asked for then).</returns>
    public bool AwaitConfirmation(string versionId, DateTimeOffset now)
    {
        var firstSighting = PendingVersionId != versionId;
        if (firstSighting)
        {
            PendingVersionId = versionId;
            PendingSince = now;
        }

        return firstSighting;
    }

    /// <summary>
    /// A confirmed substantive change: committed, with the change record still to be published. Its hunks and move become
    /// known, so seen again they are an alternation, not news.
    /// </summary>
    public void RecordChange(string versionId, string previousVersionId, string changeId, string normalizedHash, IEnumerable<string> knownNow, DateTimeOffset now)
    {
        Commit(versionId, now);
        Variants = VariantMemory.Remember(Variants, versionId, normalizedHash, now);
        KnownToggles = VariantMemory.AddToggles(KnownToggles, knownNow);
        UnpublishedPreviousVersionId = previousVersionId;
        UnpublishedChangeId = changeId;
    }

    /// <summary>Everything that follows the committed version is written (history, change record, notice).</summary>
    public void MarkPublished()
    {
        UnpublishedVersionId = null;
        UnpublishedChangeId = null;
        UnpublishedPreviousVersionId = null;
    }

    /// <summary>A check that could not read the page, or refused what it read.</summary>
    /// <param name="clearValidators">Forget the HTTP validators, so the next check fetches the whole page.</param>
    /// <returns>Whether this failure just raised attention (the operator is told once).</returns>
    public bool RecordFailure(FailureKind kind, string reason, DateTimeOffset now, int failuresBeforeAttention, bool clearValidators)
    {
        LastCheckedAt = now;
        LastFailureAt = now;
        LastFailureKind = kind;
        LastFailureReason = reason;
        if (FailureStreak == 0)
        {
            FailingSince = now;
        }

        FailureStreak++;
        if (clearValidators)
        {
            HttpETag = null;
            HttpLastModified = null;
        }

        var raiseAttention = !NeedsAttention && FailureStreak >= failuresBeforeAttention;
        if (raiseAttention)
        {
            NeedsAttention = true;
            AttentionReason = $"{FailureStreak} consecutive failures; last: {kind}: {reason}";
        }

        return raiseAttention;
    }

    private void Commit(string versionId, DateTimeOffset now)
    {
        CurrentVersionId = versionId;
        CurrentVersionAt = now;
        VersionCount++;
        ClearPending();
        UnpublishedVersionId = versionId;
    }

    private void ClearPending()
    {
        PendingVersionId = null;
        PendingSince = null;
    }
}
