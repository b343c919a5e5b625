using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>Table <c>Versions</c>: PartitionKey = <c>{platform}~{document}</c>, RowKey = reverse time, so newest first.</summary>
public sealed class TableVersionHistory(StorageClients clients) : IVersionHistory
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.Tables.Versions);

    public async Task AddAsync(VersionEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entity = ToEntity(entry);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Published already (a retried check): the row is the same.
        }
    }

    /// <summary>Adds many rows (any documents) in table transactions: for bulk loads (the site benchmark's fixture). Rows already there are left as they are.</summary>
    public async Task AddManyAsync(IEnumerable<VersionEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var chunk in TableBatches.Chunk(entries.Select(ToEntity)))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)), cancellationToken);
        }
    }

    // Time first for newest-first order; the version id keeps two versions recorded in the same tick apart.
    private static TableEntity ToEntity(VersionEntry entry) => new(TableKeys.DocumentPartition(entry.Document), $"{TableKeys.NewestFirst(entry.RecordedAt)}-{entry.VersionId}")
    {
        ["PlatformId"] = entry.Document.PlatformId,
        ["DocumentId"] = entry.Document.DocumentId,
        [nameof(entry.VersionId)] = entry.VersionId,
        [nameof(entry.RecordedAt)] = entry.RecordedAt,
        [nameof(entry.Kind)] = entry.Kind.ToString(),
        [nameof(entry.SnapshotId)] = entry.SnapshotId,
        [nameof(entry.ChangeId)] = entry.ChangeId,
        [nameof(entry.Length)] = entry.Length,
    };

    public async IAsyncEnumerable<VersionEntry> ListAsync(DocumentKey document, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.DocumentPartition(document);
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            yield return new VersionEntry(
                document,
                e.GetString(nameof(VersionEntry.VersionId)),
                e.GetDateTimeOffset(nameof(VersionEntry.RecordedAt)) ?? TableKeys.FromNewestFirst(e.RowKey),
                Enum.Parse<VersionKind>(e.GetString(nameof(VersionEntry.Kind))),
                e.GetString(nameof(VersionEntry.SnapshotId)),
                e.GetString(nameof(VersionEntry.ChangeId)),
                e.GetInt32(nameof(VersionEntry.Length)) ?? 0);
        }
    }
}
