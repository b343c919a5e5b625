using System.Diagnostics;
using System.Net.Sockets;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>
/// Makes sure Azurite (the Azure Storage emulator, pinned in package.json) is listening on 127.0.0.1:10000-10002.
/// `.ci/run` starts it before the tests; when it is not running (a developer's `dotnet test`), this starts the repo's
/// own copy from node_modules with a throw-away data folder, and stops it when the tests end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionString = "UseDevelopmentStorage=true";
    private Process? _process;
    private string? _location;

    public async Task InitializeAsync()
    {
        if (IsListening(10000) && IsListening(10001) && IsListening(10002))
        {
            return;
        }

        var root = RepositoryPaths.Root;
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not running and {azurite} does not exist. Run `npm ci` in {root} (or `bash .ci/run`).");
        }

        _location = Directory.CreateTempSubdirectory("azurite-tests-").FullName;
        _process = Process.Start(new ProcessStartInfo(azurite,
            ["--silent", "--location", _location, "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1", "--skipApiVersionCheck", "--disableTelemetry"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        for (var i = 0; i < 100 && !(IsListening(10000) && IsListening(10001) && IsListening(10002)); i++)
        {
            await Task.Delay(100);
        }

        if (!IsListening(10002))
        {
            throw new InvalidOperationException("Azurite did not start listening on 127.0.0.1:10000-10002 within 10 s.");
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
