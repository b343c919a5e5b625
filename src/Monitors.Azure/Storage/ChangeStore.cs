using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>
/// Change records: the full JSON in Blob <c>changes</c> (<c>{platform}/{document}/{changeId}.json</c>), a summary row per
/// platform in Table <c>Changes</c> (PartitionKey = platform, RowKey = reverse time + id), and an id index row
/// (PartitionKey <c>~id</c>) so a record can be found by its id alone.
/// </summary>
public sealed class ChangeStore(StorageClients clients) : IChangeStore
{
    private const string IdIndexPartition = "~id";
    private static readonly JsonSerializerOptions Json = ChangeRecordJson.Options;

    private readonly BlobContainerClient _blobs = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Changes);
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.Tables.Changes);

    public async Task SaveAsync(ChangeRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var blobName = BlobName(record);
        try
        {
            await _blobs.GetBlobClient(blobName).UploadAsync(
                BinaryData.FromObjectAsJson(record, Json),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Same id, same (document, previous, new) versions: already stored by an earlier attempt.
        }

        var summary = new TableEntity(record.PlatformId, $"{TableKeys.NewestFirst(record.DetectedAt)}-{record.Id}")
        {
            ["ChangeId"] = record.Id,
            ["DocumentId"] = record.DocumentId,
            ["DocumentTitle"] = record.DocumentTitle,
            ["DetectedAt"] = record.DetectedAt,
            ["Headline"] = record.Headline,
            ["Severity"] = record.Severity.ToString(),
            ["Topics"] = string.Join(',', record.Topics.Select(t => t.Id)),
            ["BlobName"] = blobName,
        };
        var index = new TableEntity(IdIndexPartition, record.Id) { ["BlobName"] = blobName, ["PlatformId"] = record.PlatformId };
        await _table.UpsertEntityAsync(summary, TableUpdateMode.Replace, cancellationToken);
        await _table.UpsertEntityAsync(index, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<ChangeRecord?> GetAsync(string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        if (changeId.IndexOfAny(['/', '\\', '#', '?']) >= 0)
        {
            return null;
        }

        var index = await _table.GetEntityIfExistsAsync<TableEntity>(IdIndexPartition, changeId, cancellationToken: cancellationToken);
        if (!index.HasValue)
        {
            return null;
        }

        try
        {
            var content = await _blobs.GetBlobClient(index.Value!.GetString("BlobName")).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ChangeRecord>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<ChangeListing> ListAsync(string platformId, DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(platformId);
        var filter = since is { } from
            ? TableClient.CreateQueryFilter($"PartitionKey eq {platformId} and RowKey le {TableKeys.NewestFirst(from) + "~"}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {platformId}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new ChangeListing(
                e.GetString("ChangeId"),
                e.PartitionKey,
                e.GetString("DocumentId"),
                e.GetString("DocumentTitle"),
                e.GetDateTimeOffset("DetectedAt") ?? TableKeys.FromNewestFirst(e.RowKey),
                e.GetString("Headline"),
                Enum.TryParse<Severity>(e.GetString("Severity"), out var severity) ? severity : Severity.Low,
                (e.GetString("Topics") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private static string BlobName(ChangeRecord record) => $"{record.PlatformId}/{record.DocumentId}/{record.Id}.json";
}
