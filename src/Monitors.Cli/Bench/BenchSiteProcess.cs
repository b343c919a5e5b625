using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Monitors.Cli.Bench;

/// <summary>
/// The loopback web of <c>monitors bench</c> (<see cref="BenchSite"/>), run in a child process (<c>monitors bench-site</c>,
/// hidden) so that what the profile measures (working set, GC heap, CPU, allocations) is the checker's alone: in one
/// process, a 1,000-document profile also counted 200 Kestrel listeners, their memory pools and their connections,
/// which grow with the number of hosts and are no part of a check. The parent drives it over standard input and output,
/// one line per command: <c>set VALIDATORS EDITION</c> answers <c>ok</c>, <c>hanging</c> answers the connections the
/// hanging hosts accepted since it was last asked. End of input stops it.
/// </summary>
internal sealed class BenchSiteProcess : IAsyncDisposable
{
    public const string CommandName = "bench-site";

    private readonly Process _process;
    private readonly IReadOnlyList<Uri> _hosts;
    private readonly SemaphoreSlim _talking = new(1, 1);

    private BenchSiteProcess(Process process, IReadOnlyList<Uri> hosts, IReadOnlyList<Uri> hangingHosts)
    {
        _process = process;
        _hosts = hosts;
        HangingHosts = hangingHosts;
    }

    /// <summary>The base URL of each host that never answers.</summary>
    public IReadOnlyList<Uri> HangingHosts { get; }

    /// <summary>The CPU time the child process (the pages' server) has used so far.</summary>
    public TimeSpan ServerCpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The URL of document <paramref name="index"/>: documents 0-4 on the first host, 5-9 on the second, and so on.</summary>
    public Uri Url(int index) => new(_hosts[index / BenchSite.DocumentsPerHost % _hosts.Count], $"doc/{index}");

    /// <summary>A URL on hanging host <paramref name="host"/>.</summary>
    public Uri HangingUrl(int host, int index) => new(HangingHosts[host], $"doc/{index}");

    public static async Task<BenchSiteProcess> StartAsync(int hosts, int hangingHosts, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Muxer())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            typeof(BenchSiteProcess).Assembly.Location, CommandName,
            "--hosts", hosts.ToString(CultureInfo.InvariantCulture),
            "--hanging-hosts", hangingHosts.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new CliException("monitors bench: could not start the process that serves the loopback pages.");
        // Read as it comes, so a child that writes to standard error never blocks on a full pipe; the first lines say why it stopped.
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                if (e.Data is not null && errors.Length < 4000)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync(cancellationToken);
            if (ready is null)
            {
                await process.WaitForExitAsync(cancellationToken);
                string error;
                lock (errors)
                {
                    error = errors.ToString().Trim();
                }

                throw new CliException($"monitors bench: the process that serves the loopback pages stopped before it listened (exit {process.ExitCode}): {error}");
            }

            var urls = JsonSerializer.Deserialize<Ready>(ready, Json)!;
            return new BenchSiteProcess(process, urls.Hosts, urls.Hanging);
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Whether the hosts send ETags (and answer 304), and which edition of the documents they serve.</summary>
    public async Task SetAsync(bool validators, int edition, CancellationToken cancellationToken)
    {
        var answer = await AskAsync($"set {(validators ? 1 : 0)} {edition.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        if (answer != "ok")
        {
            throw new CliException($"monitors bench: the loopback pages' process answered '{answer}' to a change of edition.");
        }
    }

    /// <summary>Connections the hanging hosts accepted since the last call (each is one request that was never answered).</summary>
    public async Task<int> TakeHangingConnectionsAsync(CancellationToken cancellationToken) =>
        int.Parse(await AskAsync("hanging", cancellationToken), CultureInfo.InvariantCulture);

    private async Task<string> AskAsync(string command, CancellationToken cancellationToken)
    {
        await _talking.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteLineAsync(command.AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
            return await _process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new CliException("monitors bench: the process that serves the loopback pages stopped during the profile.");
        }
        finally
        {
            _talking.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // End of input: the child stops its listeners and exits.
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            Stop(_process);
        }

        _process.Dispose();
        _talking.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// The <c>dotnet</c> host to run <c>monitors.dll</c> with: this process's own when it is one (the CLI), else the one the
    /// SDK names (tests run under <c>dotnet test</c>), else the one on the PATH.
    /// </summary>
    private static string Muxer()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Ready(IReadOnlyList<Uri> Hosts, IReadOnlyList<Uri> Hanging);

    /// <summary>The hidden <c>monitors bench-site</c> command: the child's side of the conversation.</summary>
    public static Command CreateCommand()
    {
        var hosts = new Option<int>("--hosts") { Description = "How many answering hosts (five documents each).", DefaultValueFactory = _ => 1 };
        var hanging = new Option<int>("--hanging-hosts") { Description = "How many hosts that accept connections and never answer.", DefaultValueFactory = _ => 0 };
        var command = new Command(CommandName, "Serve the loopback pages of monitors bench, driven over standard input (used by monitors bench).") { hosts, hanging };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var site = await BenchSite.StartAsync(parse.GetValue(hosts), parse.GetValue(hanging), cancellationToken);
            var output = Console.Out;
            await output.WriteLineAsync(JsonSerializer.Serialize(new Ready(site.Hosts, site.HangingHosts), Json));
            await output.FlushAsync(cancellationToken);
            using var input = new StreamReader(Console.OpenStandardInput());
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var answer = parts switch
                {
                    ["set", var validators, var edition] => Set(site, validators == "1", int.Parse(edition, CultureInfo.InvariantCulture)),
                    ["hanging"] => site.TakeHangingConnections().ToString(CultureInfo.InvariantCulture),
                    _ => $"unknown command '{line}'",
                };
                await output.WriteLineAsync(answer);
                await output.FlushAsync(cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Set(BenchSite site, bool validators, int edition)
    {
        site.Validators = validators;
        site.Edition = edition;
        return "ok";
    }
}
