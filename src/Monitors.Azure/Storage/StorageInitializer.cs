using Monitors.Core.Configuration;

namespace Monitors.Azure.Storage;

/// <summary>Creates every container, queue (with its poison queue) and table the app uses, where missing. In Azure, <c>infra/</c> creates them.</summary>
public sealed class StorageInitializer(StorageClients clients)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var tasks = new List<Task>();
        tasks.AddRange(StorageNames.Containers.All.Select(c => clients.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        tasks.AddRange(StorageNames.Queues.All.SelectMany(q => new[] { q, StorageNames.Queues.PoisonOf(q) })
            .Select(q => clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        tasks.AddRange(StorageNames.Tables.All.Select(t => clients.Tables.GetTableClient(t).CreateIfNotExistsAsync(cancellationToken)));
        await Task.WhenAll(tasks);
    }
}
