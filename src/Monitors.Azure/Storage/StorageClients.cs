using System.Globalization;
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

    /// <param name="configuration">The app's settings.</param>
    /// <param name="configure">
    /// Applied to each client's options after the retry settings, e.g. to add an <see cref="HttpPipelinePolicy"/> that counts
    /// storage transactions (<c>monitors bench</c>).
    /// </param>
    public static StorageClients FromConfiguration(IConfiguration configuration, Action<string, ClientOptions>? configure = null)
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
            var retry = StorageRetry.FromConfiguration(configuration);
            return new StorageClients(
                new BlobServiceClient(new Uri(blobUri), credential, Configure(retry.Apply(new BlobClientOptions()), Services.Blob, configure)),
                new QueueServiceClient(new Uri(queueUri), credential, Configure(retry.Apply(QueueOptions()), Services.Queue, configure)),
                new TableServiceClient(new Uri(tableUri), credential, Configure(retry.Apply(new TableClientOptions()), Services.Table, configure)));
        }

        return FromConnectionString(string.IsNullOrWhiteSpace(connectionString) ? LocalEmulator(configuration) : connectionString, StorageRetry.FromConfiguration(configuration), configure);
    }

    /// <summary>The service names passed to the <c>configure</c> callbacks.</summary>
    public static class Services
    {
        public const string Blob = "blob";
        public const string Queue = "queue";
        public const string Table = "table";
    }

    private static T Configure<T>(T options, string service, Action<string, ClientOptions>? configure) where T : ClientOptions
    {
        configure?.Invoke(service, options);
        return options;
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

    public static StorageClients FromConnectionString(string connectionString, StorageRetry? retry = null, Action<string, ClientOptions>? configure = null)
    {
        retry ??= StorageRetry.SdkDefaults;
        return new(
            new BlobServiceClient(connectionString, Configure(retry.Apply(new BlobClientOptions()), Services.Blob, configure)),
            new QueueServiceClient(connectionString, Configure(retry.Apply(QueueOptions()), Services.Queue, configure)),
            new TableServiceClient(connectionString, Configure(retry.Apply(new TableClientOptions()), Services.Table, configure)));
    }

    /// <summary>Base64 messages, as the Functions queue trigger expects by default.</summary>
    private static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    private static InvalidOperationException Missing(string name) =>
        new($"{AppSettings.Storage}__blobServiceUri is set but {AppSettings.Storage}__{name} is not. Set all three service URIs, or a connection string in {AppSettings.Storage}.");
}

/// <summary>
/// The Azure SDK retry policy of the storage clients, from settings <c>Monitors:Storage:MaxRetries</c>,
/// <c>Monitors:Storage:RetryDelay</c>, <c>Monitors:Storage:MaxRetryDelay</c> and <c>Monitors:Storage:NetworkTimeout</c>
/// (unset: the SDK's defaults, as the Functions app uses them). The CLI bounds them so that an outage is noticed in
/// seconds (<see cref="Interactive"/>).
/// </summary>
public sealed record StorageRetry(int? MaxRetries, TimeSpan? Delay, TimeSpan? MaxDelay, TimeSpan? NetworkTimeout)
{
    public const string Section = "Monitors:Storage";

    public static StorageRetry SdkDefaults { get; } = new(null, null, null, null);

    /// <summary>For a person at a terminal: 2 retries 0.2 s and 0.4 s apart, 10 s per try. A stopped emulator is reported within a second.</summary>
    public static StorageRetry Interactive { get; } = new(2, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    public static StorageRetry FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new StorageRetry(
            Read<int>(section, "MaxRetries", s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 10 ? n : null, "a whole number from 0 to 10"),
            Read<TimeSpan>(section, "RetryDelay", ParseSpan, "a time span such as 00:00:00.200"),
            Read<TimeSpan>(section, "MaxRetryDelay", ParseSpan, "a time span such as 00:00:01"),
            Read<TimeSpan>(section, "NetworkTimeout", ParseSpan, "a time span such as 00:00:10"));
    }

    internal T Apply<T>(T options) where T : ClientOptions
    {
        if (MaxRetries is { } retries)
        {
            options.Retry.MaxRetries = retries;
        }

        if (Delay is { } delay)
        {
            options.Retry.Delay = delay;
        }

        if (MaxDelay is { } maxDelay)
        {
            options.Retry.MaxDelay = maxDelay;
        }

        if (NetworkTimeout is { } timeout)
        {
            options.Retry.NetworkTimeout = timeout;
        }

        return options;
    }

    private static TimeSpan? ParseSpan(string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero && span <= TimeSpan.FromMinutes(10) ? span : null;

    private static T? Read<T>(IConfigurationSection section, string name, Func<string, T?> parse, string expected) where T : struct
    {
        var value = section[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return parse(value.Trim()) ?? throw new InvalidOperationException(
            $"Setting {Section.Replace(":", "__", StringComparison.Ordinal)}__{name} is '{value}': expected {expected}.");
    }
}
