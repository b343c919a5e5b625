using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Monitors.Azure.Storage;
using Monitors.Core.Catalog;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;

namespace Monitors.Cli.Bench;

/// <summary>
/// Counts every storage request the SDK clients send (retries included: each is billed), by kind, with the time it took.
/// Added to the clients of <c>monitors bench</c> as an <see cref="HttpPipelinePolicy"/>, so the counts are the
/// requests that really left the process, not an estimate.
/// </summary>
internal sealed class StorageTransactions
{
    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    public void Attach(string service, ClientOptions options) => options.AddPolicy(new CountingPolicy(this, service), HttpPipelinePosition.PerRetry);

    /// <summary>Counts and total milliseconds by kind ("table read", "blob write", …) since the last call, then starts again.</summary>
    public IReadOnlyDictionary<string, (long Count, double Milliseconds)> Take() =>
        _tallies.Select(t => (t.Key, Taken: t.Value.Take())).Where(t => t.Taken.Item1 > 0).ToDictionary(t => t.Key, t => t.Taken, StringComparer.Ordinal);

    /// <summary>The kind a request is billed as: the service and whether it reads, writes or deletes.</summary>
    internal static string Kind(string service, RequestMethod method)
    {
        var verb = method.Method switch
        {
            "GET" or "HEAD" => service == "queue" ? "get" : "read",
            "DELETE" => "delete",
            "PUT" when service == "queue" => "update",
            "POST" when service == "queue" => "put",
            _ => "write",
        };
        return $"{service} {verb}";
    }

    /// <summary>
    /// The kind of a request to <paramref name="uri"/>: requests to the site's views (container <c>views</c>) are billed as
    /// blob operations but counted apart ("view write"), so the profile shows what the site adds to a publish.
    /// </summary>
    internal static string Kind(string service, RequestMethod method, Uri uri) =>
        service == "blob" && uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Take(2).Contains(Monitors.Core.Configuration.StorageNames.Containers.Views, StringComparer.Ordinal)
            ? Kind("view", method)
            : Kind(service, method);

    private void Record(string kind, long elapsedTicks) => _tallies.GetOrAdd(kind, _ => new Tally()).Add(elapsedTicks);

    private sealed class Tally
    {
        private long _count;
        private long _ticks;

        public void Add(long ticks)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _ticks, ticks);
        }

        public (long, double) Take() => (Interlocked.Exchange(ref _count, 0), Stopwatch.GetElapsedTime(0, Interlocked.Exchange(ref _ticks, 0)).TotalMilliseconds);
    }

    private sealed class CountingPolicy(StorageTransactions owner, string service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                ProcessNext(message, pipeline);
            }
            finally
            {
                owner.Record(Kind(service, message.Request.Method, message.Request.Uri.ToUri()), Stopwatch.GetTimestamp() - started);
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                owner.Record(Kind(service, message.Request.Method, message.Request.Uri.ToUri()), Stopwatch.GetTimestamp() - started);
            }
        }
    }
}

/// <summary>Time spent in each stage of the checks (summed over concurrent checks, so it can exceed the wall time).</summary>
internal sealed class StageTimes
{
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    public void Add(string stage, long startedTimestamp) => _ticks.AddOrUpdate(stage, Stopwatch.GetTimestamp() - startedTimestamp, (_, t) => t + Stopwatch.GetTimestamp() - startedTimestamp);

    public IReadOnlyDictionary<string, double> Take()
    {
        var taken = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var stage in _ticks.Keys)
        {
            if (_ticks.TryRemove(stage, out var ticks))
            {
                taken[stage] = Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds;
            }
        }

        return taken;
    }
}

/// <summary>The real fetcher, timed; fetches from hanging hosts also recorded one by one (<see cref="HangingWaits"/>).</summary>
internal sealed class TimedFetcher(IDocumentFetcher inner, StageTimes stages, HangingWaits hanging) : IDocumentFetcher
{
    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.FetchAsync(request, cancellationToken);
        }
        finally
        {
            stages.Add("fetch", started);
            hanging.Record(request.Url, started, Stopwatch.GetTimestamp());
        }
    }
}

/// <summary>
/// How the waits on hanging hosts lined up in a run. A wait is a fetch from a hanging host that lasted at least half the
/// fetch timeout (a fetch failed at once, without a request, is no wait). Waits that overlap cost the run one timeout
/// between them; a wait that starts only after the earlier ones ended adds another. <see cref="Take"/> returns how many
/// waits there were and how many such rounds they formed: the number of timeouts the run spent one after another.
/// </summary>
internal sealed class HangingWaits(IReadOnlySet<string> hangingAuthorities, TimeSpan timeout)
{
    private readonly ConcurrentQueue<(long Start, long End)> _waits = new();

    public void Record(Uri url, long start, long end)
    {
        if (hangingAuthorities.Contains(url.Authority) && Stopwatch.GetElapsedTime(start, end) >= timeout / 2)
        {
            _waits.Enqueue((start, end));
        }
    }

    public (int Waits, int Rounds) Take()
    {
        var waits = new List<(long Start, long End)>();
        while (_waits.TryDequeue(out var wait))
        {
            waits.Add(wait);
        }

        var rounds = 0;
        var roundEnd = long.MinValue;
        foreach (var (start, end) in waits.OrderBy(w => w.Start))
        {
            if (start >= roundEnd)
            {
                rounds++;
                roundEnd = end;
            }
        }

        return (waits.Count, rounds);
    }
}

/// <summary>The real extractor, timed.</summary>
internal sealed class TimedExtractor(IDocumentExtractor inner, StageTimes stages) : IDocumentExtractor
{
    public ExtractionResult Extract(string html, Uri baseUrl, IReadOnlyList<ContentSelector> select, IReadOnlyList<ContentSelector> remove)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return inner.Extract(html, baseUrl, select, remove);
        }
        finally
        {
            stages.Add("extract", started);
        }
    }
}

/// <summary>The highest working set, managed heap and GC-committed memory seen while a phase runs, sampled every few milliseconds.</summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;
    private long _peakHeap;
    private long _peakCommitted;

    public WorkingSetSampler()
    {
        _peak = Environment.WorkingSet;
        _peakHeap = GC.GetTotalMemory(forceFullCollection: false);
        _peakCommitted = GC.GetGCMemoryInfo().TotalCommittedBytes;
        _sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    Sample();
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public long Peak
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    /// <summary>The highest managed heap seen (live objects and garbage not yet collected).</summary>
    public long PeakHeap
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peakHeap);
        }
    }

    /// <summary>The highest memory the GC had committed (as of its last collection).</summary>
    public long PeakCommitted
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peakCommitted);
        }
    }

    private void Sample()
    {
        Raise(ref _peak, Environment.WorkingSet);
        Raise(ref _peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        Raise(ref _peakCommitted, GC.GetGCMemoryInfo().TotalCommittedBytes);
    }

    private static void Raise(ref long peak, long now)
    {
        long seen;
        while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}

/// <summary>
/// The CPU time of the local processes that serve the storage endpoints, when storage is an emulator on this machine
/// (Azurite on loopback ports). On a machine where the checker and the emulator share the cores, the emulator's share
/// bounds the documents per second the profile can show, and it is no part of what the checker costs in Azure (where
/// storage is a service, billed per transaction). Found once, by the listening sockets of the endpoints' ports
/// (<c>/proc/net/tcp</c> and the processes' socket descriptors), so Linux only; elsewhere, or for remote storage, there
/// is nothing to measure and <see cref="Total"/> is null.
/// </summary>
internal sealed class EmulatorCpu
{
    private static readonly string[] SocketTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    private readonly IReadOnlyList<Process> _processes;

    private EmulatorCpu(IReadOnlyList<Process> processes) => _processes = processes;

    /// <summary>How many processes serve the endpoints (Azurite runs one, or one per service).</summary>
    public int Processes => _processes.Count;

    /// <summary>The emulator processes' CPU time so far; null when none was found or one has exited.</summary>
    public TimeSpan? Total
    {
        get
        {
            if (_processes.Count == 0)
            {
                return null;
            }

            var total = TimeSpan.Zero;
            foreach (var process in _processes)
            {
                try
                {
                    process.Refresh();
                    total += process.TotalProcessorTime;
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    return null;
                }
            }

            return total;
        }
    }

    /// <summary>The emulator serving these clients' blob, queue and table endpoints.</summary>
    public static EmulatorCpu Find(StorageClients clients) => Find([clients.Blobs.Uri, clients.Queues.Uri, clients.Tables.Uri]);

    public static EmulatorCpu Find(IEnumerable<Uri> endpoints)
    {
        var ports = endpoints.Where(u => u.IsLoopback).Select(u => u.Port).ToHashSet();
        if (!OperatingSystem.IsLinux() || ports.Count == 0)
        {
            return new EmulatorCpu([]);
        }

        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in SocketTables.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode: a listening socket is state 0A.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "0A"
                    && int.TryParse(fields[1].AsSpan(fields[1].LastIndexOf(':') + 1), System.Globalization.NumberStyles.HexNumber, null, out var port)
                    && ports.Contains(port))
                {
                    sockets.Add($"socket:[{fields[9]}]");
                }
            }
        }

        var processes = new List<Process>();
        if (sockets.Count > 0)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
                {
                    continue;
                }

                try
                {
                    if (Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && sockets.Contains(target)))
                    {
                        processes.Add(Process.GetProcessById(pid));
                    }
                }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException)
                {
                    // Another user's process, or one that exited while we looked: not ours to measure.
                }
            }
        }

        return new EmulatorCpu(processes);
    }
}
