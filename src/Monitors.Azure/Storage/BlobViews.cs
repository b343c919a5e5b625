using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Monitors.Core.Configuration;

namespace Monitors.Azure.Storage;

/// <summary>
/// Materialised views (container <c>views</c>): small JSON documents, one per page-sized read (a document's clauses, a
/// topic's clauses, a document's versions, the newest change records of the site, a platform, a document), written by
/// the publish step that writes the table rows. A page reads a view by name in one request, whose cost does not depend
/// on how many rows the tables hold (a table query does on Azurite, which scans the whole table for any filter). Views
/// several writers share are updated read-modify-write under the blob's ETag, so concurrent publishes never lose an
/// entry.
/// </summary>
internal sealed class BlobViews(StorageClients clients)
{
    private const int MaxAttempts = 50;

    /// <summary>Shards kept in <see cref="ShardCache"/>: a topic shard is a few KB (5 clauses × 400 characters per document).</summary>
    private const int MaxCachedShards = 20_000;

    /// <summary>Shards already read, by account, container and name, with the ETag they were read at; shared by every instance in the process.</summary>
    private static readonly ConcurrentDictionary<string, (string ETag, object Value)> ShardCache = new(StringComparer.Ordinal);

    /// <summary>Per stamp (one per topic), the shards read under its ETag: a process holds one entry per topic it served.</summary>
    private static readonly ConcurrentDictionary<string, (string Stamp, object Shards)> StampedCache = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Views);

    /// <summary>The view, or null when it was never written (data recorded before views existed: the reader falls back to the table).</summary>
    public async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken)
        where T : class => (await ReadWithETagAsync<T>(name, cancellationToken)).Value;

    /// <summary>The view's ETag without its content, or null when there is none: tells a reader whether its copy is current.</summary>
    public async Task<string?> StampAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the view whole (a view with one writer at a time, such as a document's own clauses).</summary>
    public Task WriteAsync<T>(string name, T value, CancellationToken cancellationToken) =>
        _container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(value, Json), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the view and writes the result only if nobody wrote the view in between;
    /// otherwise reads it again and retries. <paramref name="change"/> returning null deletes it. When there is no view
    /// yet, <paramref name="seed"/> reads what the rows already hold (data recorded before views), so the first view of
    /// an old document starts complete.
    /// </summary>
    public async Task UpdateAsync<T>(string name, Func<T?, T?> change, Func<CancellationToken, Task<T?>> seed, CancellationToken cancellationToken)
        where T : class
    {
        var blob = _container.GetBlobClient(name);
        T? seeded = null;
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await ReadWithETagAsync<T>(name, cancellationToken);
            if (etag is null)
            {
                current = seeded ??= await seed(cancellationToken);
            }

            var next = change(current);
            try
            {
                if (next is null)
                {
                    if (etag is { } existing)
                    {
                        await blob.DeleteAsync(conditions: new BlobRequestConditions { IfMatch = existing }, cancellationToken: cancellationToken);
                    }

                    return;
                }

                var conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All };
                await blob.UploadAsync(BinaryData.FromObjectAsJson(next, Json), new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404 && attempt < MaxAttempts)
            {
                // Another publish wrote the view first: apply the change to what it wrote. A short random pause spreads
                // writers that collide again and again (many documents publishing into one topic at once).
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Every view whose name starts with <paramref name="prefix"/> (the shards of one view), in name order: one List Blobs
    /// request for their names and ETags, then only the shards this process has not read at that ETag (downloaded in
    /// parallel); the others come from a process-wide cache keyed by blob and ETag, so a warm read costs one request
    /// plus the shards that changed. Empty when there is none.
    /// </summary>
    public async Task<IReadOnlyList<T>> ReadShardsAsync<T>(string prefix, CancellationToken cancellationToken)
        where T : class
    {
        var listed = new List<(string Name, string ETag)>();
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            listed.Add((item.Name, Unquoted(item.Properties.ETag)));
        }

        var shards = await Task.WhenAll(listed.Select(async shard =>
        {
            var key = $"{_container.Uri}/{shard.Name}";
            if (shard.ETag.Length > 0 && ShardCache.TryGetValue(key, out var cached) && cached.ETag == shard.ETag && cached.Value is T hit)
            {
                return hit;
            }

            // A shard deleted since it was listed (its last document left the topic) reads as null and is left out.
            var (value, etag) = await ReadWithETagAsync<T>(shard.Name, cancellationToken);
            if (value is not null && etag is { } read)
            {
                if (ShardCache.Count >= MaxCachedShards)
                {
                    ShardCache.Clear(); // a crude bound: refilling costs one read per shard, once
                }

                ShardCache[key] = (Unquoted(read), value);
            }

            return value;
        }));
        return shards.OfType<T>().ToArray();
    }

    /// <summary>
    /// The shards under <paramref name="prefix"/> as <see cref="ReadShardsAsync{T}"/> reads them, behind a stamp: a tiny
    /// blob every writer rewrites after its shard (<see cref="TouchAsync"/>). While the stamp's ETag is the one this
    /// process last read the shards under, the shards it read then are returned with one request (a point read, whatever
    /// the number of shards or of blobs in the container); once a writer touched it, the shards are listed again. A writer
    /// touches after its shard is written, so a reader that sees a stamp sees every shard written before it; a write it
    /// missed touches the stamp again afterwards.
    /// </summary>
    public async Task<IReadOnlyList<T>> ReadStampedShardsAsync<T>(string prefix, string stampName, CancellationToken cancellationToken)
        where T : class
    {
        var stamp = await StampAsync(stampName, cancellationToken);
        if (stamp is null)
        {
            // No shard was written under it since stamps exist (a writer touches the stamp after every shard): nothing to
            // list. A listing costs a scan of the container on Azurite, for every request about an empty topic.
            return [];
        }

        var key = $"{_container.Uri}/{stampName}";
        if (StampedCache.TryGetValue(key, out var cached) && cached.Stamp == stamp && cached.Shards is IReadOnlyList<T> hit)
        {
            return hit;
        }

        var shards = await ReadShardsAsync<T>(prefix, cancellationToken);
        StampedCache[key] = (stamp, shards);
        return shards;
    }

    /// <summary>Rewrites the stamp <paramref name="stampName"/> (a new ETag): readers of <see cref="ReadStampedShardsAsync{T}"/> list the shards again.</summary>
    public Task TouchAsync(string stampName, CancellationToken cancellationToken) =>
        _container.GetBlobClient(stampName).UploadAsync(BinaryData.FromString(Guid.NewGuid().ToString("n")), overwrite: true, cancellationToken);

    /// <summary>An ETag as a listing and a download both give it: the service quotes it in a header, not always in a listing.</summary>
    private static string Unquoted(ETag? etag) => etag?.ToString().Trim('"') ?? string.Empty;

    private async Task<(T? Value, ETag? ETag)> ReadWithETagAsync<T>(string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var response = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return (response.Value.Content.ToObjectFromJson<T>(Json), response.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
    }
}
