namespace Monitors.Core.Storage;

/// <summary>Version history per document (Table <c>Versions</c>), newest first.</summary>
public interface IVersionHistory
{
    /// <summary>Adds the entry, or leaves the existing one with the same key as it is.</summary>
    Task AddAsync(VersionEntry entry, CancellationToken cancellationToken = default);

    IAsyncEnumerable<VersionEntry> ListAsync(DocumentKey document, CancellationToken cancellationToken = default);
}

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
