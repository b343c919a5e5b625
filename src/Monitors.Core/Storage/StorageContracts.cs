using Monitors.Core.Changes;

namespace Monitors.Core.Storage;

/// <summary>Identifies one tracked document: <c>{platform}/{document}</c>.</summary>
public readonly record struct DocumentKey(string PlatformId, string DocumentId)
{
    public override string ToString() => $"{PlatformId}/{DocumentId}";
}

/// <summary>Write-once, content-addressed bytes: raw snapshots and canonical versions (Blob Storage).</summary>
public interface IArchive
{
    /// <summary>Stores the raw fetched bytes under their SHA-256 and returns it. Storing the same bytes again is a no-op.</summary>
    Task<string> SaveSnapshotAsync(DocumentKey document, ReadOnlyMemory<byte> body, string? mediaType, CancellationToken cancellationToken = default);

    /// <summary>Stores a canonical version under its SHA-256 (the version id) and returns it. Idempotent.</summary>
    Task<string> SaveVersionAsync(DocumentKey document, string canonicalText, CancellationToken cancellationToken = default);

    /// <summary>The canonical text of a version, or null when there is none with that id.</summary>
    Task<string?> GetVersionAsync(DocumentKey document, string versionId, CancellationToken cancellationToken = default);
}

/// <summary>Current state per document (Table <c>Documents</c>), guarded by the row's ETag.</summary>
public interface IDocumentStateStore
{
    Task<DocumentState?> GetAsync(DocumentKey document, CancellationToken cancellationToken = default);

    IAsyncEnumerable<DocumentState> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the state (when <see cref="DocumentState.ETag"/> is null) or replaces it only if the stored row still has that ETag.
    /// Returns false, changing nothing, when another writer got there first.
    /// </summary>
    Task<bool> TrySaveAsync(DocumentState state, CancellationToken cancellationToken = default);
}

/// <summary>Version history per document (Table <c>Versions</c>), newest first.</summary>
public interface IVersionHistory
{
    /// <summary>Adds the entry, or leaves the existing one with the same key as it is.</summary>
    Task AddAsync(VersionEntry entry, CancellationToken cancellationToken = default);

    IAsyncEnumerable<VersionEntry> ListAsync(DocumentKey document, CancellationToken cancellationToken = default);
}

/// <summary>Change records: full JSON in Blob <c>changes</c>, summaries per platform in Table <c>Changes</c>.</summary>
public interface IChangeStore
{
    /// <summary>Stores the record and its summary. Idempotent: the same record id overwrites nothing that differs.</summary>
    Task SaveAsync(ChangeRecord record, CancellationToken cancellationToken = default);

    Task<ChangeRecord?> GetAsync(string changeId, CancellationToken cancellationToken = default);

    /// <summary>Summaries of one platform's change records, newest first, detected at or after <paramref name="since"/>.</summary>
    IAsyncEnumerable<ChangeListing> ListAsync(string platformId, DateTimeOffset? since = null, CancellationToken cancellationToken = default);
}

/// <summary>Storage queues, used by the Functions app and the local runner alike.</summary>
public interface IWorkQueue
{
    Task EnqueueAsync<T>(string queue, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="maxMessages"/> visible messages, hiding them for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Puts a received message back, visible again after <paramref name="delay"/>, for another receiver: its owner.</summary>
    Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>Moves a message that failed too often to <c>{queue}-poison</c>, as the Functions host does.</summary>
    Task MoveToPoisonAsync(QueuedMessage message, CancellationToken cancellationToken = default);
}

/// <param name="Age">How long ago the message was enqueued, by the queue service's clock (zero when unknown).</param>
public sealed record QueuedMessage(string Queue, string MessageId, string PopReceipt, string Body, long DequeueCount, TimeSpan Age = default);

/// <summary>How a version entered the history.</summary>
public enum VersionKind
{
    /// <summary>The first version of a document: recorded, alerts no one.</summary>
    First,
    /// <summary>A change in substance: has a change record.</summary>
    Substantive,
    /// <summary>Differs only in what normalisation hides (link parameters, date formats…): archived, no alert.</summary>
    Technical,
}

public sealed record VersionEntry(
    DocumentKey Document,
    string VersionId,
    DateTimeOffset RecordedAt,
    VersionKind Kind,
    string? SnapshotId,
    string? ChangeId,
    int Length);

/// <summary>A change record's row in the <c>Changes</c> table: what a timeline lists (the record itself holds clauses and summary).</summary>
public sealed record ChangeListing(
    string ChangeId,
    string PlatformId,
    string DocumentId,
    string DocumentTitle,
    DateTimeOffset DetectedAt,
    string Headline,
    Severity Severity,
    IReadOnlyList<string> Topics);
