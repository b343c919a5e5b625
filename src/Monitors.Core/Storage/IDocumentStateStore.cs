namespace Monitors.Core.Storage;

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
