using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Monitors.Core.Configuration;
using Monitors.Core.Extraction;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>Snapshots and versions in Blob Storage: <c>{platform}/{document}/{sha256}</c>, gzip, never overwritten.</summary>
public sealed class BlobArchive(StorageClients clients) : IArchive
{
    private readonly BlobContainerClient _snapshots = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Snapshots);
    private readonly BlobContainerClient _versions = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Versions);

    public async Task<string> SaveSnapshotAsync(DocumentKey document, ReadOnlyMemory<byte> body, string? mediaType, CancellationToken cancellationToken = default)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(body.Span));
        await WriteOnceAsync(_snapshots, BlobName(document, id), body, mediaType ?? "application/octet-stream", cancellationToken);
        return id;
    }

    public async Task<string> SaveVersionAsync(DocumentKey document, string canonicalText, CancellationToken cancellationToken = default)
    {
        var id = ContentHasher.Sha256Hex(canonicalText);
        await WriteOnceAsync(_versions, BlobName(document, id), Encoding.UTF8.GetBytes(canonicalText), "text/markdown; charset=utf-8", cancellationToken);
        return id;
    }

    public async Task<string?> GetVersionAsync(DocumentKey document, string versionId, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _versions.GetBlobClient(BlobName(document, versionId)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var gzip = new GZipStream(response.Value.Content, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    internal static string BlobName(DocumentKey document, string id) => $"{document.PlatformId}/{document.DocumentId}/{id}";

    private static async Task WriteOnceAsync(BlobContainerClient container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var compressed = new MemoryStream();
        // Fastest, not Optimal: a check writes a snapshot and a version of a few hundred KB; Optimal costs several times the
        // CPU of the rest of a first check for blobs about a tenth smaller, and storage is the cheap side of the bill.
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(content, cancellationToken);
        }

        compressed.Position = 0;
        try
        {
            await container.GetBlobClient(name).UploadAsync(compressed, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentEncoding = "gzip" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Content-addressed: the blob that is there already holds these bytes.
        }
    }
}
