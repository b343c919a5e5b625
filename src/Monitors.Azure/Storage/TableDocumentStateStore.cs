using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Monitors.Core.Configuration;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>Table <c>Documents</c>: PartitionKey = platform, RowKey = document; saved with ETag concurrency.</summary>
public sealed class TableDocumentStateStore(StorageClients clients) : IDocumentStateStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.Tables.Documents);

    public async Task<DocumentState?> GetAsync(DocumentKey document, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(document.PlatformId, document.DocumentId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async IAsyncEnumerable<DocumentState> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    public async Task<bool> TrySaveAsync(DocumentState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entity = ToEntity(state);
        try
        {
            var response = state.ETag is null
                ? await _table.AddEntityAsync(entity, cancellationToken)
                : await _table.UpdateEntityAsync(entity, new ETag(state.ETag), TableUpdateMode.Replace, cancellationToken);
            state.ETag = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(DocumentState s) => new(s.Document.PlatformId, s.Document.DocumentId)
    {
        [nameof(s.CurrentVersionId)] = s.CurrentVersionId,
        [nameof(s.CurrentVersionAt)] = s.CurrentVersionAt,
        [nameof(s.VersionCount)] = s.VersionCount,
        [nameof(s.HttpETag)] = s.HttpETag,
        [nameof(s.HttpLastModified)] = s.HttpLastModified,
        [nameof(s.LastFetchedVersionId)] = s.LastFetchedVersionId,
        [nameof(s.LastSnapshotId)] = s.LastSnapshotId,
        [nameof(s.LastCheckedAt)] = s.LastCheckedAt,
        [nameof(s.LastOutcome)] = s.LastOutcome,
        [nameof(s.FailureStreak)] = s.FailureStreak,
        [nameof(s.LastFailureKind)] = s.LastFailureKind.ToString(),
        [nameof(s.LastFailureReason)] = s.LastFailureReason,
        [nameof(s.LastFailureAt)] = s.LastFailureAt,
        [nameof(s.LastSuccessAt)] = s.LastSuccessAt,
        [nameof(s.FailingSince)] = s.FailingSince,
        [nameof(s.NeedsAttention)] = s.NeedsAttention,
        [nameof(s.AttentionReason)] = s.AttentionReason,
        [nameof(s.PendingVersionId)] = s.PendingVersionId,
        [nameof(s.PendingSince)] = s.PendingSince,
        [nameof(s.UnpublishedVersionId)] = s.UnpublishedVersionId,
        [nameof(s.UnpublishedChangeId)] = s.UnpublishedChangeId,
        [nameof(s.UnpublishedPreviousVersionId)] = s.UnpublishedPreviousVersionId,
    };

    private static DocumentState FromEntity(TableEntity e) => new(new DocumentKey(e.PartitionKey, e.RowKey))
    {
        ETag = e.ETag.ToString(),
        CurrentVersionId = e.GetString(nameof(DocumentState.CurrentVersionId)),
        CurrentVersionAt = e.GetDateTimeOffset(nameof(DocumentState.CurrentVersionAt)),
        VersionCount = e.GetInt32(nameof(DocumentState.VersionCount)) ?? 0,
        HttpETag = e.GetString(nameof(DocumentState.HttpETag)),
        HttpLastModified = e.GetDateTimeOffset(nameof(DocumentState.HttpLastModified)),
        LastFetchedVersionId = e.GetString(nameof(DocumentState.LastFetchedVersionId)),
        LastSnapshotId = e.GetString(nameof(DocumentState.LastSnapshotId)),
        LastCheckedAt = e.GetDateTimeOffset(nameof(DocumentState.LastCheckedAt)),
        LastOutcome = e.GetString(nameof(DocumentState.LastOutcome)),
        FailureStreak = e.GetInt32(nameof(DocumentState.FailureStreak)) ?? 0,
        LastFailureKind = Enum.TryParse<FailureKind>(e.GetString(nameof(DocumentState.LastFailureKind)), out var kind) ? kind : FailureKind.None,
        LastFailureReason = e.GetString(nameof(DocumentState.LastFailureReason)),
        LastFailureAt = e.GetDateTimeOffset(nameof(DocumentState.LastFailureAt)),
        LastSuccessAt = e.GetDateTimeOffset(nameof(DocumentState.LastSuccessAt)),
        FailingSince = e.GetDateTimeOffset(nameof(DocumentState.FailingSince)),
        NeedsAttention = e.GetBoolean(nameof(DocumentState.NeedsAttention)) ?? false,
        AttentionReason = e.GetString(nameof(DocumentState.AttentionReason)),
        PendingVersionId = e.GetString(nameof(DocumentState.PendingVersionId)),
        PendingSince = e.GetDateTimeOffset(nameof(DocumentState.PendingSince)),
        UnpublishedVersionId = e.GetString(nameof(DocumentState.UnpublishedVersionId)),
        UnpublishedChangeId = e.GetString(nameof(DocumentState.UnpublishedChangeId)),
        UnpublishedPreviousVersionId = e.GetString(nameof(DocumentState.UnpublishedPreviousVersionId)),
    };
}
