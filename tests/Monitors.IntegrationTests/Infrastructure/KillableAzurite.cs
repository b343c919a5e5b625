using System.Diagnostics;
using System.Globalization;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>
/// An Azurite of the fault-injection tests' own, which they stop with SIGKILL or SIGTERM in the middle of a run and start
/// again on the same data folder. Its ports are the test suite's Azurite ports + 5 (<c>AZURITE_BLOB_PORT</c> + 5, + 6,
/// + 7; 10005-10007 by default), so it never disturbs the emulator the other tests share.
/// </summary>
public sealed class KillableAzurite : IAsyncDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("azurite-faults-").FullName;
    private Process? _process;

    public static int BlobPort { get; } = AzuriteFixture.BlobPort + 5;
    public static int QueuePort { get; } = AzuriteFixture.BlobPort + 6;
    public static int TablePort { get; } = AzuriteFixture.BlobPort + 7;

    private static AzuriteProcess Emulator { get; } = new(BlobPort, QueuePort, TablePort);

    public static string ConnectionString => Emulator.ConnectionString;

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<KillableAzurite> StartAsync()
    {
        var azurite = new KillableAzurite();
        await azurite.StartProcessAsync();
        return azurite;
    }

    /// <summary>Starts it (again) on the same data folder.</summary>
    public async Task StartProcessAsync()
    {
        if (IsRunning)
        {
            return;
        }

        if (Emulator.AnyListening)
        {
            throw new InvalidOperationException(
                $"Something already listens on {Emulator.Ports}, the fault-injection Azurite's ports (AZURITE_BLOB_PORT + 5..7). Free them or set other AZURITE_*_PORT values.");
        }

        _process?.Dispose();
        _process = Emulator.Start(_location);
        // A machine busy with other builds starts node slowly: wait up to three minutes.
        await Emulator.WaitUntilListeningAsync(_process, TimeSpan.FromMinutes(3));
        if (!Emulator.AllListening && _process.HasExited)
        {
            throw new InvalidOperationException($"Azurite exited at start: {await _process.StandardError.ReadToEndAsync()}");
        }

        if (!Emulator.AllListening)
        {
            throw new InvalidOperationException($"Azurite did not listen on {Emulator.Ports} within 3 minutes.");
        }
    }

    /// <summary>Stops it at once: SIGKILL (no chance to save anything), or SIGTERM (Azurite's own shutdown). Returns when the ports are closed.</summary>
    public void Stop(Signal signal)
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            return;
        }

        if (signal == Signal.Kill)
        {
            process.Kill();
        }
        else
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            process.WaitForExit();
        }

        for (var i = 0; i < 100 && Emulator.AnyListening; i++)
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Azurite keeps its metadata (LokiJS) in memory and saves it every 5 s: a SIGKILL loses what the last seconds wrote,
    /// as a crash of any write-back store would. Tests wait this long after their set-up so that the set-up is on disk
    /// and only the run under test is at risk.
    /// </summary>
    public static Task SettleAsync() => Task.Delay(TimeSpan.FromSeconds(6));

    public async ValueTask DisposeAsync()
    {
        Stop(Signal.Kill);
        _process?.Dispose();
        await Task.Yield();
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public enum Signal
{
    Kill,
    Term,
}
