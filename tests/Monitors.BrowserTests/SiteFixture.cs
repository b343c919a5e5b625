using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitors.BrowserTests;

/// <summary>
/// What a local user has after <c>./run-local.sh demo</c> and <c>./run-local.sh serve</c>: Azurite, the demo's dataset,
/// and <c>monitors serve</c> on a free loopback port — each CLI command run as its own process, as a user runs it — plus
/// the Debian Chromium driven by Playwright (never a downloaded browser). State of the run (local catalog, signing key,
/// outbox) lives in a temporary folder, so the developer's own <c>.monitors/</c> is never touched. Azurite is one of its
/// own on free ports: <c>serve</c>'s queue workers must not take the messages of the integration tests running beside.
/// </summary>
public sealed partial class SiteFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly OwnAzurite _azurite = new();
    private readonly StringBuilder _serveOutput = new();
    private Process? _serve;
    private IPlaywright? _playwright;

    /// <summary>The state folder of this run: local catalog, signing key, outbox.</summary>
    public string State { get; } = Directory.CreateTempSubdirectory("monitors-browser-").FullName;

    /// <summary>Suffix of the demo's platform ids in this run (other test projects may run the demo on the same Azurite).</summary>
    public string Suffix { get; } = "b" + Guid.NewGuid().ToString("N")[..6];

    public Uri BaseUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The demo's change records: id → the platform name printed beside it.</summary>
    public IReadOnlyDictionary<string, string> Changes { get; private set; } = new Dictionary<string, string>();

    public string DemoOutput { get; private set; } = string.Empty;

    public string Outbox => Path.Combine(State, "outbox");

    public string PlatformId(string demoId) => $"{demoId}-{Suffix}";

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");

        var (exit, output) = await RunCliAsync(["demo", "--id-suffix", Suffix], TimeSpan.FromMinutes(5));
        DemoOutput = output;
        if (exit != 0)
        {
            throw new InvalidOperationException($"`monitors demo` exited {exit}:\n{output}");
        }

        Changes = ChangeRow().Matches(output).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["platform"].Value.Trim());
        _serve = Process.Start(CliProcess(["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--poll-seconds", "2"]))!;
        _serve.OutputDataReceived += (_, e) => { lock (_serveOutput) { _serveOutput.AppendLine(e.Data); } };
        _serve.ErrorDataReceived += (_, e) => { lock (_serveOutput) { _serveOutput.AppendLine(e.Data); } };
        _serve.BeginOutputReadLine();
        _serve.BeginErrorReadLine();
        await WaitForServeAsync();

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with `apt-get install -y chromium` (./test.sh does).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_serve is { HasExited: false })
        {
            _serve.Kill(entireProcessTree: true);
            await _serve.WaitForExitAsync();
        }

        _serve?.Dispose();
        await _azurite.DisposeAsync();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { }
    }

    /// <summary>What <c>monitors serve</c> printed so far (for failure messages).</summary>
    public string ServeOutput()
    {
        lock (_serveOutput)
        {
            return _serveOutput.ToString();
        }
    }

    /// <summary>Runs a <c>monitors</c> command with this run's settings and returns its exit code and output.</summary>
    public async Task<(int Exit, string Output)> RunCliAsync(IReadOnlyList<string> args, TimeSpan timeout)
    {
        using var process = Process.Start(CliProcess(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`monitors {string.Join(' ', args)}` did not end within {timeout}:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private ProcessStartInfo CliProcess(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = State,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AzureWebJobsStorage"] = _azurite.ConnectionString;
        start.Environment["Monitors__Catalog__Path"] = RepositoryPaths.Catalog;
        start.Environment["Monitors__Catalog__LocalPath"] = Path.Combine(State, "catalog");
        start.Environment["Monitors__Tokens__LocalKeyFile"] = Path.Combine(State, "signing-key");
        start.Environment["Monitors__Email__OutboxDirectory"] = Outbox;
        start.Environment["Monitors__PublicBaseUrl"] = BaseUrl.ToString().TrimEnd('/');
        start.Environment["Monitors__Email__SendGridApiKey"] = string.Empty;
        start.Environment["Monitors__Tokens__SigningKey"] = string.Empty;
        return start;
    }

    /// <summary>The CLI built beside these tests, in the same configuration.</summary>
    private static string CliAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Parent?.Name ?? "Debug";
        var candidates = new[]
        {
            Path.Combine(RepositoryPaths.Root, "src", "Monitors.Cli", "bin", configuration, here.Name, "monitors.dll"),
            Path.Combine(AppContext.BaseDirectory, "monitors.dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"The CLI is not built: none of {string.Join(", ", candidates)} exists. Build the solution first.");
    }

    private async Task WaitForServeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_serve!.HasExited)
            {
                throw new InvalidOperationException($"`monitors serve` exited {_serve.ExitCode}:\n{ServeOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "changes/none"));
                return; // any HTTP answer: it is serving
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"`monitors serve` did not answer on {BaseUrl} within 2 minutes:\n{ServeOutput()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A row of the demo's "Change records found" table: the id, then the platform's name.</summary>
    [GeneratedRegex(@"│ (?<id>\d{8}-[0-9a-f]{16}) │ (?<platform>[^│]+)│")]
    private static partial Regex ChangeRow();
}

/// <summary>The repository's Azurite (node_modules) on three free loopback ports, data in a temporary folder.</summary>
internal sealed class OwnAzurite : IAsyncDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("azurite-browser-").FullName;
    private Process? _process;
    private AzuriteProcess? _emulator;

    public string ConnectionString => _emulator!.ConnectionString;

    public async Task InitializeAsync()
    {
        // Three distinct free ports, held together until Azurite is told them.
        var listeners = Enumerable.Range(0, 3).Select(_ => { var l = new TcpListener(IPAddress.Loopback, 0); l.Start(); return l; }).ToArray();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners)
        {
            l.Stop();
        }

        _emulator = new AzuriteProcess(ports[0], ports[1], ports[2]);
        _process = _emulator.Start(_location);
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await _emulator.WaitUntilListeningAsync(_process, TimeSpan.FromSeconds(60)); // Node starts slowly on a loaded machine
        if (!_emulator.AllListening)
        {
            throw new InvalidOperationException($"Azurite did not start on {_emulator.Ports} (exited: {_process.HasExited}).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "Site";
}
