using System.Net.Sockets;
using Azure;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>
/// Recognises an Azure Storage outage in what the Azure SDK throws once its (bounded) retries are spent: no response at
/// all (connection refused or reset, DNS, timeout: status 0, <see cref="HttpRequestException"/>, the SDK's
/// "Retry failed after N tries" <see cref="AggregateException"/>), or a 5xx/408 from the service. A 4xx is an answer,
/// not an outage, and stays what it is.
/// </summary>
public sealed class AzureStorageFaults(StorageClients clients) : IStorageFaultClassifier
{
    public StorageUnavailableException? AsUnavailable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return IsOutage(exception) ? new StorageUnavailableException(Describe(clients, exception), exception) : null;
    }

    /// <summary>True for the exceptions of a store that did not answer (or answered 5xx/408), false for everything else.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        StorageUnavailableException => true,
        RequestFailedException r => r.Status is 0 or 408 or >= 500,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsOutage),
        // A regular expression that ran out of time is the check's own work, not storage (it is a TimeoutException).
        System.Text.RegularExpressions.RegexMatchTimeoutException => false,
        HttpRequestException or SocketException or TimeoutException => true,
        // The SDK's NetworkTimeout surfaces as a cancellation ("…exceeded the configured timeout…"), not the caller's.
        OperationCanceledException c => c.InnerException is { } inner
            ? IsOutage(inner)
            : c.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase),
        HttpIOException => true,
        IOException io => io.InnerException is SocketException,
        _ => false,
    };

    /// <summary>
    /// One sentence: which store stopped answering, why, and what to do. Which service (blob, queue or table) is named
    /// when the exception says which endpoint it could not reach.
    /// </summary>
    public static string Describe(StorageClients clients, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(exception);
        var endpoints = new (string Service, Uri Uri)[] { ("Blob", clients.Blobs.Uri), ("Queue", clients.Queues.Uri), ("Table", clients.Tables.Uri) };
        var text = Flatten(exception);
        var failing = endpoints.FirstOrDefault(e => text.Contains(e.Uri.Authority, StringComparison.OrdinalIgnoreCase));
        var (service, uri) = failing.Uri is null ? ("", clients.Blobs.Uri) : (failing.Service + " ", failing.Uri);
        var local = uri.IsLoopback;
        var store = local
            ? $"Azurite (the local storage emulator) {service}at {uri.Authority}"
            : $"Azure Storage {service}at {uri.Host}";
        var fix = local
            ? "start it again on the same ports and data folder (./run-local.sh or `npm run azurite`) and run the same command"
            : "check the storage account and the network, then run the same command";
        return $"{store} stopped answering ({Reason(exception)}); {fix}: it resumes where this run stopped.";
    }

    private static string Reason(Exception exception)
    {
        var root = exception;
        while (root is AggregateException { InnerExceptions.Count: > 0 } a)
        {
            root = a.InnerExceptions[^1];
        }

        var message = root is RequestFailedException { Status: > 0 } r ? $"HTTP {r.Status}" : root.GetBaseException().Message;
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 120 ? line : line[..119] + "…";
    }

    private static string Flatten(Exception exception)
    {
        var parts = new List<string>();
        var pending = new Stack<Exception>([exception]);
        while (pending.Count > 0 && parts.Count < 32)
        {
            var e = pending.Pop();
            parts.Add(e.Message);
            if (e is AggregateException a)
            {
                foreach (var inner in a.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return string.Join('\n', parts);
    }
}
