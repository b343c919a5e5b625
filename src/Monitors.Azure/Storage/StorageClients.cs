using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Monitors.Core.Configuration;

namespace Monitors.Azure.Storage;

/// <summary>
/// The three Azure Storage service clients, built from the <c>AzureWebJobsStorage</c> setting the Functions host uses too:
/// a connection string locally (default <c>UseDevelopmentStorage=true</c>, i.e. Azurite), or the identity-based
/// <c>AzureWebJobsStorage__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c> (+ <c>__clientId</c>) in Azure.
/// </summary>
public sealed class StorageClients
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public StorageClients(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
    {
        Blobs = blobs;
        Queues = queues;
        Tables = tables;
    }

    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }
    public TableServiceClient Tables { get; }

    public static StorageClients FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AppSettings.Storage);
        var connectionString = section.Value;
        var blobUri = section["blobServiceUri"];
        if (string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrWhiteSpace(blobUri))
        {
            var queueUri = section["queueServiceUri"] ?? throw Missing("queueServiceUri");
            var tableUri = section["tableServiceUri"] ?? throw Missing("tableServiceUri");
            var clientId = section["clientId"];
            TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return new StorageClients(
                new BlobServiceClient(new Uri(blobUri), credential),
                new QueueServiceClient(new Uri(queueUri), credential, QueueOptions()),
                new TableServiceClient(new Uri(tableUri), credential));
        }

        return FromConnectionString(string.IsNullOrWhiteSpace(connectionString) ? LocalEmulator(configuration) : connectionString);
    }

    /// <summary>
    /// Azurite on 127.0.0.1: the well-known development account on the ports named by <c>AZURITE_BLOB_PORT</c>,
    /// <c>AZURITE_QUEUE_PORT</c> and <c>AZURITE_TABLE_PORT</c> (defaults 10000-10002, i.e. <c>UseDevelopmentStorage=true</c>).
    /// </summary>
    public static string LocalEmulator(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var blob = configuration["AZURITE_BLOB_PORT"];
        var queue = configuration["AZURITE_QUEUE_PORT"];
        var table = configuration["AZURITE_TABLE_PORT"];
        if (string.IsNullOrWhiteSpace(blob) && string.IsNullOrWhiteSpace(queue) && string.IsNullOrWhiteSpace(table))
        {
            return DevelopmentStorage;
        }

        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{PortOrDefault(blob, 10000)}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{PortOrDefault(queue, 10001)}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{PortOrDefault(table, 10002)}/devstoreaccount1;";
    }

    private static int PortOrDefault(string? value, int fallback) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : fallback;

    public static StorageClients FromConnectionString(string connectionString) =>
        new(new BlobServiceClient(connectionString), new QueueServiceClient(connectionString, QueueOptions()), new TableServiceClient(connectionString));

    /// <summary>Base64 messages, as the Functions queue trigger expects by default.</summary>
    private static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    private static InvalidOperationException Missing(string name) =>
        new($"{AppSettings.Storage}__blobServiceUri is set but {AppSettings.Storage}__{name} is not. Set all three service URIs, or a connection string in {AppSettings.Storage}.");
}
