namespace Monitors.Core.Alerts;

/// <summary>Table <c>Deliveries</c>: PartitionKey = subscriber, RowKey = delivery key; ETag-guarded.</summary>
public interface IDeliveryStore
{
    Task<Delivery?> GetAsync(string subscriberId, string key, CancellationToken cancellationToken = default);

    /// <summary>Adds the row; returns it with its ETag, or null when a row with that key exists.</summary>
    Task<Delivery?> TryAddAsync(Delivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Replaces the row if it still has <see cref="Delivery.ETag"/>; returns it with the new ETag, or null on a conflict.</summary>
    Task<Delivery?> TryUpdateAsync(Delivery delivery, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Delivery> ListAsync(string subscriberId, CancellationToken cancellationToken = default);
}
