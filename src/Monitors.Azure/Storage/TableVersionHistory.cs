using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>
/// Table <c>Versions</c>: PartitionKey = <c>{platform}~{document}</c>, RowKey = reverse time, so newest first. The same
/// list is kept as a view (<c>versions/{platform}/{document}.json</c>, see <see cref="BlobViews"/>) that the site's
/// document, version and diff pages read in one request; a document without one (recorded before views) is read from
/// the rows.
/// </summary>
public sealed class TableVersionHistory(StorageClients clients) : IVersionHistory
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.Tables.Versions);
    private readonly BlobViews _views = new(clients);

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

        await AddToViewAsync(entry.Document, [entry], cancellationToken);
    }

    /// <summary>Adds many rows (any documents) in table transactions: for bulk loads (the site benchmark's fixture). Rows already there are left as they are.</summary>
    public async Task AddManyAsync(IEnumerable<VersionEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToArray();
        foreach (var chunk in TableBatches.Chunk(list.Select(ToEntity)))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)), cancellationToken);
        }

        await Task.WhenAll(list.GroupBy(e => e.Document).Select(g => AddToViewAsync(g.Key, g.ToArray(), cancellationToken)));
    }

    /// <summary>Merges entries into the document's view, newest first; an entry already there (same row key) stays as it is, as the row does.</summary>
    private Task AddToViewAsync(DocumentKey document, IReadOnlyList<VersionEntry> added, CancellationToken cancellationToken) =>
        _views.UpdateAsync<VersionEntry[]>(ViewName(document), view =>
        {
            var known = (view ?? []).Select(RowKey).ToHashSet(StringComparer.Ordinal);
            return [.. (view ?? []).Concat(added.Where(a => known.Add(RowKey(a)))).OrderBy(RowKey, StringComparer.Ordinal)];
        }, async ct => await RowsAsync(document, ct).ToArrayAsync(ct), cancellationToken);

    private static string ViewName(DocumentKey document) => $"versions/{document.PlatformId}/{document.DocumentId}.json";

    private static string RowKey(VersionEntry entry) => $"{TableKeys.NewestFirst(entry.RecordedAt)}-{entry.VersionId}";

    // Time first for newest-first order; the version id keeps two versions recorded in the same tick apart.
    private static TableEntity ToEntity(VersionEntry entry) => new(TableKeys.DocumentPartition(entry.Document), RowKey(entry))
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
        if (await _views.ReadAsync<VersionEntry[]>(ViewName(document), cancellationToken) is { } view)
        {
            foreach (var entry in view)
            {
                yield return entry;
            }

            yield break;
        }

        await foreach (var entry in RowsAsync(document, cancellationToken))
        {
            yield return entry;
        }
    }

    private async IAsyncEnumerable<VersionEntry> RowsAsync(DocumentKey document, [EnumeratorCancellation] CancellationToken cancellationToken)
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
