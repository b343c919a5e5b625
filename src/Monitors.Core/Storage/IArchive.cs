namespace Monitors.Core.Storage;

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
