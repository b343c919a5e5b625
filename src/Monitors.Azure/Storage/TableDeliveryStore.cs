using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Monitors.Core.Alerts;
using Monitors.Core.Configuration;

namespace Monitors.Azure.Storage;

/// <summary>Table <c>Deliveries</c>: PartitionKey = subscriber, RowKey = delivery key (<c>alert-{change}</c>, <c>digest-{week}</c>); ETag-guarded.</summary>
public sealed class TableDeliveryStore(StorageClients clients) : IDeliveryStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.Tables.Deliveries);

    public async Task<Delivery?> GetAsync(string subscriberId, string key, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(subscriberId, key, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<Delivery?> TryAddAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            var response = await _table.AddEntityAsync(ToEntity(delivery), cancellationToken);
            return delivery with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async Task<Delivery?> TryUpdateAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            var response = await _table.UpdateEntityAsync(ToEntity(delivery), delivery.ETag is null ? ETag.All : new ETag(delivery.ETag), TableUpdateMode.Replace, cancellationToken);
            return delivery with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<Delivery> ListAsync(string subscriberId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == subscriberId, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    private static TableEntity ToEntity(Delivery d) => new(d.SubscriberId, d.Key)
    {
        [nameof(d.State)] = d.State.ToString(),
        [nameof(d.Attempts)] = d.Attempts,
        [nameof(d.StartedAt)] = d.StartedAt,
        [nameof(d.SentAt)] = d.SentAt,
        [nameof(d.LastError)] = d.LastError,
        [nameof(d.Subject)] = d.Subject,
    };

    private static Delivery FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        Enum.TryParse<DeliveryState>(e.GetString(nameof(Delivery.State)), out var state) ? state : DeliveryState.Failed,
        e.GetInt32(nameof(Delivery.Attempts)) ?? 0,
        e.GetDateTimeOffset(nameof(Delivery.StartedAt)) ?? DateTimeOffset.UnixEpoch,
        e.GetDateTimeOffset(nameof(Delivery.SentAt)),
        e.GetString(nameof(Delivery.LastError)),
        e.GetString(nameof(Delivery.Subject)))
    {
        ETag = e.ETag.ToString(),
    };
}
