using System.Diagnostics;
using System.Globalization;

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
    private Process? _process;
    private string? _location;

    public static int BlobPort { get; } = Port("AZURITE_BLOB_PORT", 10000);
    public static int QueuePort { get; } = Port("AZURITE_QUEUE_PORT", 10001);
    public static int TablePort { get; } = Port("AZURITE_TABLE_PORT", 10002);

    /// <summary>The emulator on the configured ports.</summary>
    internal static AzuriteProcess Emulator { get; } = new(BlobPort, QueuePort, TablePort);

    /// <summary>The connection string of the emulator on the configured ports.</summary>
    public static string ConnectionString => Emulator.ConnectionString;

    public async Task InitializeAsync()
    {
        if (Emulator.AllListening)
        {
            return;
        }

        _location = Directory.CreateTempSubdirectory("azurite-tests-").FullName;
        _process = Emulator.Start(_location);
        // Usually up in 1.5 s; a loaded machine can take far longer to start Node.
        await Emulator.WaitUntilListeningAsync(_process, TimeSpan.FromSeconds(60));
        if (!Emulator.AllListening)
        {
            throw new InvalidOperationException($"Azurite did not start listening on {Emulator.Ports} within 60 s" +
                (_process.HasExited ? $" (it exited with code {_process.ExitCode}; is another process on those ports?)." : "."));
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

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : fallback;
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
