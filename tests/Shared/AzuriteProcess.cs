using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Monitors.Testing;

/// <summary>
/// The three ports of one Azurite on 127.0.0.1 and how to start the repository's own copy (node_modules) on them: the one
/// launcher behind the integration tests' shared emulator (<c>AzuriteFixture</c>), the fault-injection tests' own
/// (<c>KillableAzurite</c>) and the browser tests' (<c>OwnAzurite</c>). Each test project links this file.
/// </summary>
internal sealed record AzuriteProcess(int BlobPort, int QueuePort, int TablePort)
{
    // Azurite's well-known development account key (public; the emulator accepts nothing else).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public string Ports => $"127.0.0.1:{BlobPort}/{QueuePort}/{TablePort}";

    public bool AllListening => IsListening(BlobPort) && IsListening(QueuePort) && IsListening(TablePort);

    public bool AnyListening => IsListening(BlobPort) || IsListening(QueuePort) || IsListening(TablePort);

    /// <summary>Starts Azurite on these ports with its data in <paramref name="location"/>; it does not wait for it to listen.</summary>
    public Process Start(string location)
    {
        var root = RepositoryPaths.Root;
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not running and {azurite} does not exist. Run `npm ci` in {root} (or `./test.sh`).");
        }

        return Process.Start(new ProcessStartInfo(azurite,
            ["--silent", "--location", location,
             "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
             "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
             "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
             "--skipApiVersionCheck", "--disableTelemetry"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {azurite}.");
    }

    /// <summary>Waits until all three ports listen, <paramref name="process"/> exits, or <paramref name="timeout"/> passes.</summary>
    public async Task WaitUntilListeningAsync(Process process, TimeSpan timeout)
    {
        for (var waited = TimeSpan.Zero; waited < timeout && !AllListening && !process.HasExited; waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(100);
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
