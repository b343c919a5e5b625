using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>
/// Makes sure Azurite (the Azure Storage emulator, pinned in package.json) is listening on the ports named by
/// <c>AZURITE_BLOB_PORT</c>, <c>AZURITE_QUEUE_PORT</c> and <c>AZURITE_TABLE_PORT</c> (defaults 10000-10002), and gives
/// the connection string for them. `./test.sh` starts a throw-away Azurite of its own on free ports and passes them
/// down; when nothing listens (a developer's `dotnet test`), this starts the repo's own copy from node_modules with a
/// throw-away data folder, and stops it when the tests end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;
    private string? _location;

    public static int BlobPort { get; } = Port("AZURITE_BLOB_PORT", 10000);
    public static int QueuePort { get; } = Port("AZURITE_QUEUE_PORT", 10001);
    public static int TablePort { get; } = Port("AZURITE_TABLE_PORT", 10002);

    /// <summary>The connection string of the emulator on the configured ports.</summary>
    public static string ConnectionString { get; } =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public async Task InitializeAsync()
    {
        if (AllListening())
        {
            return;
        }

        var root = RepositoryPaths.Root;
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not running and {azurite} does not exist. Run `npm ci` in {root} (or `./test.sh`).");
        }

        _location = Directory.CreateTempSubdirectory("azurite-tests-").FullName;
        _process = Process.Start(new ProcessStartInfo(azurite,
            ["--silent", "--location", _location,
             "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
             "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
             "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
             "--skipApiVersionCheck", "--disableTelemetry"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        // Usually up in 1.5 s; a loaded machine can take far longer to start Node.
        for (var i = 0; i < 600 && !AllListening() && !_process!.HasExited; i++)
        {
            await Task.Delay(100);
        }

        if (!AllListening())
        {
            throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1:{BlobPort}/{QueuePort}/{TablePort} within 60 s" +
                (_process!.HasExited ? $" (it exited with code {_process!.ExitCode}; is another process on those ports?)." : "."));
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_location is not null)
        {
            try { Directory.Delete(_location, recursive: true); } catch (IOException) { }
        }
    }

    private static bool AllListening() => IsListening(BlobPort) && IsListening(QueuePort) && IsListening(TablePort);

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : fallback;

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

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
