using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Monitors.Azure.Storage;
using Monitors.Core.Configuration;
using Monitors.Core.Email;

namespace Monitors.Azure.Email;

/// <summary>One email the outbox wrote.</summary>
/// <param name="Name">The blob name without extension; <c>{Name}.eml</c> and <c>{Name}.html</c> exist.</param>
/// <param name="LocalPath">The <c>.eml</c> in <see cref="EmailOptions.OutboxDirectory"/>, when that is set and the file is there.</param>
public sealed record OutboxEntry(string Name, DateTimeOffset WrittenAt, string To, string Subject, string Key, string? LocalPath);

/// <summary>Lists what <see cref="OutboxEmailSender"/> wrote to the blob container <c>outbox</c>, newest first (for <c>monitors outbox</c> and the demo).</summary>
public sealed class OutboxReader(StorageClients clients, IOptions<EmailOptions> options)
{
    private readonly BlobContainerClient _outbox = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Outbox);

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(DateTimeOffset? since = null, int max = 50, CancellationToken cancellationToken = default)
    {
        var entries = new List<OutboxEntry>();
        var directory = options.Value.OutboxDirectory;
        await foreach (var blob in _outbox.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (!blob.Name.EndsWith(".eml", StringComparison.Ordinal))
            {
                continue;
            }

            var writtenAt = blob.Properties.CreatedOn ?? blob.Properties.LastModified ?? DateTimeOffset.MinValue;
            if (since is { } from && writtenAt < from)
            {
                continue;
            }

            var name = blob.Name[..^".eml".Length];
            var local = string.IsNullOrEmpty(directory) ? null : Path.Combine(directory, blob.Name);
            entries.Add(new OutboxEntry(
                name,
                writtenAt,
                Meta(blob, "to"),
                Meta(blob, "subject"),
                Meta(blob, "key"),
                local is not null && File.Exists(local) ? local : null));
        }

        // Blob names start with the (possibly simulated) send time; the creation time orders real writes.
        return entries.OrderByDescending(e => e.WrittenAt).ThenByDescending(e => e.Name, StringComparer.Ordinal).Take(max).ToArray();
    }

    private static string Meta(BlobItem blob, string key) =>
        blob.Metadata is not null && blob.Metadata.TryGetValue(key, out var value) ? Uri.UnescapeDataString(value) : string.Empty;
}
