using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Storage;
using Monitors.Cli.Bench;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// <c>monitors bench</c>: the per-check profile. Serves N generated ~100 KB legal documents from loopback hosts and runs
/// whole check cycles through the real queue, checker and storage (Azurite): a first run, an unchanged run with no
/// validators (every check downloads and extracts), an unchanged run that learns ETags, an unchanged run the server
/// answers with 304, and a run where one clause of every document changed. Reports per run: wall time, documents per
/// second, CPU time, allocated bytes, peak working set, the time in each stage and the storage transactions per check by
/// kind, counted on the SDK clients' pipelines.
/// </summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static Command Create(CliHost host)
    {
        var documents = new Option<int>("--documents", "-n") { Description = "How many documents the loopback hosts serve (five per host).", DefaultValueFactory = _ => 100 };
        documents.Validators.Add(result =>
        {
            if (result.GetValue(documents) is < 1 or > 100_000)
            {
                result.AddError("--documents must be from 1 to 100000.");
            }
        });
        var hanging = new Option<int>("--hanging-hosts") { Description = "Also declare one document on each of this many hosts that accept connections and never answer.", DefaultValueFactory = _ => 0 };
        hanging.Validators.Add(result =>
        {
            if (result.GetValue(hanging) is < 0 or > 1000)
            {
                result.AddError("--hanging-hosts must be from 0 to 1000.");
            }
        });
        var phases = new Option<string?>("--runs") { Description = "Comma-separated runs to time, in order (default: first,unchanged,etag,304,changed,site; 'site' times the site queue after the first and changed runs)." };
        var json = new Option<bool>("--json") { Description = "Print the profile as JSON on standard output instead of the table." };
        var command = new Command("bench", "Profile check cycles over generated loopback pages on Azurite: time, CPU, memory and storage transactions per check.") { documents, hanging, phases, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var selected = ParseRuns(parse.GetValue(phases));
            var profile = await RunAsync(host, parse.GetValue(documents), parse.GetValue(hanging), selected, cancellationToken);
            if (parse.GetValue(json))
            {
                host.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(profile, ReportJson));
            }
            else
            {
                Print(host.Console, profile);
            }

            return profile.Runs.All(r => r.AsExpected) ? ExitCodes.Ok : ExitCodes.SomeFailed;
        });
        return command;
    }

    /// <summary>The runs of a profile, in the order they must happen (each one's state is what the one before left).</summary>
    internal enum BenchRun
    {
        First,
        Unchanged,
        ETag,
        NotModified,
        Changed,

        /// <summary>Not a check run: the site queue after the first and the changed runs (the versions they published).</summary>
        Site,
    }

    private static IReadOnlyList<BenchRun> ParseRuns(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Enum.GetValues<BenchRun>();
        }

        var runs = new List<BenchRun>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            runs.Add(name.ToLowerInvariant() switch
            {
                "first" => BenchRun.First,
                "unchanged" => BenchRun.Unchanged,
                "etag" => BenchRun.ETag,
                "304" => BenchRun.NotModified,
                "changed" => BenchRun.Changed,
                "site" => BenchRun.Site,
                _ => throw new CliException($"--runs: unknown run '{name}'. Use first, unchanged, etag, 304, changed and site, e.g. --runs first,unchanged."),
            });
        }

        // Every later run needs the first run's versions; a 304 needs the ETags a run with validators taught the checker
        // (without it, the "304" run would be the one that downloads every page to learn them).
        runs.Add(BenchRun.First);
        if (runs.Contains(BenchRun.NotModified))
        {
            runs.Add(BenchRun.ETag);
        }

        return runs.Distinct().Order().ToArray();
    }

    public static async Task<BenchProfile> RunAsync(CliHost host, int documents, int hangingHosts, IReadOnlyList<BenchRun> runs, CancellationToken cancellationToken)
    {
        var hosts = (documents + BenchSite.DocumentsPerHost - 1) / BenchSite.DocumentsPerHost;
        await using var site = await BenchSiteProcess.StartAsync(hosts, hangingHosts, cancellationToken);
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        var select = new ContentSelector[] { new CssSelector("main article") };
        var remove = new ContentSelector[] { new CssSelector(".cookie-banner") };
        var platforms = Enumerable.Range(0, hosts).Select(p => new Platform(
            $"bench-{id}-{p:D5}",
            $"Bench platform {p}",
            null,
            Enumerable.Range(p * BenchSite.DocumentsPerHost, Math.Min(BenchSite.DocumentsPerHost, documents - p * BenchSite.DocumentsPerHost))
                .Select(i => new DocumentDeclaration($"terms-{i % BenchSite.DocumentsPerHost}", $"Terms {i}", "Terms of Service", site.Url(i), select, remove))
                .ToArray()))
            .Concat(Enumerable.Range(0, hangingHosts).Select(h => new Platform(
                $"bench-{id}-hanging-{h:D4}",
                $"Hanging host {h}",
                null,
                [new DocumentDeclaration("terms", $"Hanging {h}", "Terms of Service", site.HangingUrl(h, h), select, remove)])))
            .ToArray();

        var transactions = new StorageTransactions();
        var stages = new StageTimes();
        HangingWaits? hangingWaits = null;
        using var app = host.Build(
            services =>
            {
                services.AddSingleton(new PlatformCatalog(platforms));
                services.AddSingleton(sp => StorageClients.FromConfiguration(sp.GetRequiredService<IConfiguration>(), transactions.Attach));
                services.AddSingleton<IDocumentFetcher>(sp => new TimedFetcher(ActivatorUtilities.CreateInstance<HttpDocumentFetcher>(sp), stages, hangingWaits!));
                services.AddSingleton<IDocumentExtractor>(sp => new TimedExtractor(ActivatorUtilities.CreateInstance<HtmlDocumentExtractor>(sp), stages));
            },
            new Dictionary<string, string?>
            {
                ["Monitors:Fetch:AllowLoopback"] = "true",
                // A changed clause is recorded at once: the changed run times one check per document, not two.
                [CheckOptions.Section + ":" + nameof(CheckOptions.ConfirmDelay)] = "00:00:00",
            });
        await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
        var fetchOptions = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FetchOptions>>().Value;
        hangingWaits = new HangingWaits(site.HangingHosts.Select(u => u.Authority).ToHashSet(StringComparer.OrdinalIgnoreCase), fetchOptions.Timeout);
        var emulator = EmulatorCpu.Find(app.Services.GetRequiredService<StorageClients>());
        transactions.Take();
        stages.Take();

        var results = new List<BenchRunResult>();
        var measureSite = runs.Contains(BenchRun.Site);
        foreach (var run in runs.Where(r => r != BenchRun.Site))
        {
            await site.SetAsync(validators: run is BenchRun.ETag or BenchRun.NotModified, edition: run == BenchRun.Changed ? 1 : 0, cancellationToken);
            var serverCpu = site.ServerCpu;
            var result = await MeasureAsync(app.Services, host, run, documents, hangingHosts, transactions, stages, emulator, cancellationToken);
            var (waits, rounds) = hangingWaits.Take();
            results.Add(result with
            {
                HangingConnections = await site.TakeHangingConnectionsAsync(cancellationToken),
                HangingWaits = waits,
                TimeoutRounds = rounds,
                ServerCpuSeconds = Math.Round((site.ServerCpu - serverCpu).TotalSeconds, 2),
            });
            if (measureSite && run is BenchRun.First or BenchRun.Changed)
            {
                // The versions this run published reach the site through the site queue (the UpdateSite function):
                // measured apart, as they are billed apart.
                results.Add(await MeasureSiteAsync(app.Services, run, documents, transactions, stages, emulator, cancellationToken));
            }
        }

        return new BenchProfile(documents, hangingHosts, hosts, Environment.ProcessorCount, System.Runtime.GCSettings.IsServerGC ? "server" : "workstation", results)
        {
            EmulatorProcesses = emulator.Processes,
        };
    }

    private static async Task<BenchRunResult> MeasureAsync(
        IServiceProvider services, CliHost host, BenchRun run, int documents, int hangingHosts, StorageTransactions transactions, StageTimes stages, EmulatorCpu emulator, CancellationToken cancellationToken)
    {
        var expected = run switch
        {
            BenchRun.First => CheckOutcome.FirstSeen,
            BenchRun.Changed => CheckOutcome.Changed,
            _ => CheckOutcome.Unchanged,
        };
        return await MeasureAsync(Name(run), expected, transactions, stages, emulator, async () =>
        {
            // Counts only, as a scheduled cycle keeps: the profile measures a run that holds nothing of a document after its check.
            var checkRun = await CheckRun.RunAsync(services, host.Error, null, null, CheckReason.Manual, showProgress: false, cancellationToken, updateSite: false, keepResults: false);
            var outcomes = checkRun.Outcomes.OrderBy(o => o.Key).ToDictionary(o => o.Key.ToString(), o => o.Value, StringComparer.Ordinal);
            var asExpected = checkRun.Unfinished == 0
                && checkRun.Outcomes.GetValueOrDefault(expected) == documents
                && checkRun.Outcomes.GetValueOrDefault(CheckOutcome.Failed) == hangingHosts;
            return (checkRun.Checked, outcomes, asExpected);
        });
    }

    /// <summary>The site queue after a run that published a version of every document: one update per version.</summary>
    private static Task<BenchRunResult> MeasureSiteAsync(
        IServiceProvider services, BenchRun after, int documents, StorageTransactions transactions, StageTimes stages, EmulatorCpu emulator, CancellationToken cancellationToken) =>
        MeasureAsync($"site read models (after {(after == BenchRun.First ? "first" : "changed")})", after == BenchRun.First ? CheckOutcome.FirstSeen : CheckOutcome.Changed, transactions, stages, emulator, async () =>
        {
            var handled = await CheckRun.UpdateSiteAsync(services, cancellationToken);
            // At least one per document: the handler also takes any other writer's messages left on a shared queue.
            return (handled, new Dictionary<string, int>(StringComparer.Ordinal) { ["versions"] = handled }, handled >= documents);
        });

    /// <summary>Times one piece of work (a check run, the site queue) and what it cost: CPU, allocations, memory, storage per item.</summary>
    private static async Task<BenchRunResult> MeasureAsync(
        string name, CheckOutcome expected, StorageTransactions transactions, StageTimes stages, EmulatorCpu emulator, Func<Task<(int Items, IReadOnlyDictionary<string, int> Outcomes, bool AsExpected)>> work)
    {
        // Start each run from a collected heap, so its peak is its own and not the garbage of the run before.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var emulatorBefore = emulator.Total;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var startWorkingSet = Environment.WorkingSet;
        var stopwatch = Stopwatch.StartNew();
        (int Items, IReadOnlyDictionary<string, int> Outcomes, bool AsExpected) done;
        long peak;
        long peakHeap;
        long peakCommitted;
        await using (var sampler = new WorkingSetSampler())
        {
            done = await work();
            peak = sampler.Peak;
            peakHeap = sampler.PeakHeap;
            peakCommitted = sampler.PeakCommitted;
        }

        var wall = stopwatch.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var emulatorCpu = emulator.Total - emulatorBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var items = Math.Max(1, done.Items);
        var storage = transactions.Take()
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(t => t.Key, t => new BenchTransactions(Math.Round((double)t.Value.Count / items, 3), t.Value.Count, Math.Round(t.Value.Milliseconds / Math.Max(1, t.Value.Count), 2)), StringComparer.Ordinal);
        var stageTimes = stages.Take().ToDictionary(s => s.Key, s => Math.Round(s.Value / items, 2), StringComparer.Ordinal);
        stageTimes["storage"] = Math.Round(storage.Values.Sum(s => s.Total * s.MillisecondsEach) / items, 2);
        var gen2 = GC.CollectionCount(2) - gen2Before;

        // What the process still holds once the run is over and its garbage collected: whatever grows here with the
        // number of documents is state kept per document after its check (a cache, a list of results, a pool).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var retained = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new BenchRunResult(
            name,
            expected,
            done.AsExpected,
            done.Outcomes,
            done.Items,
            Math.Round(wall.TotalSeconds, 2),
            Math.Round(done.Items / Math.Max(wall.TotalSeconds, 0.001), 1),
            Math.Round(cpu.TotalSeconds, 2),
            Math.Round(cpu.TotalMilliseconds / items, 2),
            allocated,
            allocated / items,
            startWorkingSet,
            peak,
            gen2,
            stageTimes,
            storage)
        {
            PeakGcHeapBytes = peakHeap,
            PeakGcCommittedBytes = peakCommitted,
            RetainedGcHeapBytes = retained.HeapSizeBytes,
            RetainedLargeObjectBytes = retained.GenerationInfo[3].SizeAfterBytes,
            WorkingSetAfterBytes = Environment.WorkingSet,
            EmulatorCpuSeconds = emulatorCpu is { } e ? Math.Round(e.TotalSeconds, 2) : null,
        };
    }

    private static string Name(BenchRun run) => run switch
    {
        BenchRun.First => "first",
        BenchRun.Unchanged => "unchanged (no validators)",
        BenchRun.ETag => "unchanged (ETag learned)",
        BenchRun.NotModified => "unchanged (304)",
        _ => "changed (one clause)",
    };

    private static void Print(IAnsiConsole console, BenchProfile profile)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Check profile: {profile.Documents} documents on {profile.Hosts} loopback hosts{(profile.HangingHosts > 0 ? $" + {profile.HangingHosts} hanging hosts" : string.Empty)}, {profile.Processors} cores, {profile.Gc} GC");
        table.AddColumn("");
        foreach (var run in profile.Runs)
        {
            table.AddColumn(new TableColumn(Markup.Escape(run.Run)).RightAligned());
        }

        void Row(string name, Func<BenchRunResult, string> value) => table.AddRow(new[] { name }.Concat(profile.Runs.Select(value)).ToArray());

        Row("outcomes", r => Markup.Escape(string.Join(", ", r.Outcomes.Select(o => $"{o.Value} {o.Key}"))) + (r.AsExpected ? string.Empty : " [red](unexpected)[/]"));
        Row("wall time (s)", r => F(r.WallSeconds, "0.00"));
        Row("docs/s", r => F(r.DocumentsPerSecond, "0.0"));
        Row("CPU time (s)", r => F(r.CpuSeconds, "0.00"));
        Row("CPU per check (ms)", r => F(r.CpuMillisecondsPerCheck, "0.0"));
        Row("CPU of the pages' server (s)", r => F(r.ServerCpuSeconds, "0.00"));
        if (profile.EmulatorProcesses > 0)
        {
            Row("CPU of the storage emulator (s)", r => r.EmulatorCpuSeconds is { } s ? F(s, "0.00") : "-");
            Row("CPU of the storage emulator per check (ms)", r => r.EmulatorCpuSeconds is { } s ? F(s * 1000 / Math.Max(1, r.Checks), "0.0") : "-");
        }

        Row("allocated (MB)", r => F(r.AllocatedBytes / 1048576.0, "0.0"));
        Row("allocated per check (KB)", r => F(r.AllocatedBytesPerCheck / 1024.0, "0"));
        Row("working set at start (MB)", r => F(r.StartWorkingSetBytes / 1048576.0, "0.0"));
        Row("peak working set (MB)", r => F(r.PeakWorkingSetBytes / 1048576.0, "0.0"));
        Row("peak GC heap / committed (MB)", r => $"{F(r.PeakGcHeapBytes / 1048576.0, "0.0")} / {F(r.PeakGcCommittedBytes / 1048576.0, "0.0")}");
        Row("after the run, collected: GC heap / LOH (MB)", r => $"{F(r.RetainedGcHeapBytes / 1048576.0, "0.0")} / {F(r.RetainedLargeObjectBytes / 1048576.0, "0.0")}");
        Row("working set after the run (MB)", r => F(r.WorkingSetAfterBytes / 1048576.0, "0.0"));
        Row("gen 2 collections", r => r.Gen2Collections.ToString(CultureInfo.InvariantCulture));
        if (profile.HangingHosts > 0)
        {
            Row("requests to hanging hosts", r => r.HangingConnections.ToString(CultureInfo.InvariantCulture));
            Row("waits on hanging hosts / timeouts in a row", r => $"{r.HangingWaits} / {r.TimeoutRounds}");
        }

        foreach (var stage in profile.Runs.SelectMany(r => r.StageMillisecondsPerCheck.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Row($"{stage} (ms per check, summed over concurrent checks)", r => r.StageMillisecondsPerCheck.TryGetValue(stage, out var ms) ? F(ms, "0.0") : "-");
        }

        foreach (var kind in profile.Runs.SelectMany(r => r.StoragePerCheck.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Row($"{kind} per check", r => r.StoragePerCheck.TryGetValue(kind, out var t) ? F(t.PerCheck, "0.00") : "0");
        }

        console.Write(table);
        console.MarkupLine("CPU, allocations and memory are the checker's process: the checks and the storage clients. The loopback pages are served by a child process (its CPU shown apart), so its listeners and connections are not counted as the checker's.");
        if (profile.EmulatorProcesses > 0)
        {
            console.MarkupLine($"Storage is an emulator on this machine ({profile.EmulatorProcesses} process(es)): it shares the {profile.Processors} cores with the checker, so its CPU (shown apart) bounds the documents per second; in Azure, storage is a service billed per transaction.");
        }
        if (profile.Runs.Any(r => !r.AsExpected))
        {
            console.MarkupLine("[red]Some runs did not end with every document in the expected outcome.[/]");
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

internal sealed record BenchProfile(int Documents, int HangingHosts, int Hosts, int Processors, string Gc, IReadOnlyList<BenchRunResult> Runs)
{
    /// <summary>How many local processes serve the storage endpoints (Azurite: one, or one per service); 0 for remote storage.</summary>
    public int EmulatorProcesses { get; init; }
}

internal sealed record BenchRunResult(
    string Run,
    CheckOutcome Expected,
    bool AsExpected,
    IReadOnlyDictionary<string, int> Outcomes,
    int Checks,
    double WallSeconds,
    double DocumentsPerSecond,
    double CpuSeconds,
    double CpuMillisecondsPerCheck,
    long AllocatedBytes,
    long AllocatedBytesPerCheck,
    long StartWorkingSetBytes,
    long PeakWorkingSetBytes,
    int Gen2Collections,
    IReadOnlyDictionary<string, double> StageMillisecondsPerCheck,
    IReadOnlyDictionary<string, BenchTransactions> StoragePerCheck)
{
    /// <summary>Requests the hanging hosts received (one per hanging document when timeouts are not retried).</summary>
    public int HangingConnections { get; init; }

    /// <summary>The CPU time of the process that served the pages during the run: not part of <see cref="CpuSeconds"/>.</summary>
    public double ServerCpuSeconds { get; init; }

    /// <summary>
    /// The CPU time of the local storage emulator during the run (Azurite sharing this machine's cores), not part of
    /// <see cref="CpuSeconds"/>; null when storage is not a process on this machine.
    /// </summary>
    public double? EmulatorCpuSeconds { get; init; }

    /// <summary>The highest managed heap seen during the run (live objects and garbage not yet collected).</summary>
    public long PeakGcHeapBytes { get; init; }

    /// <summary>The highest memory the GC had committed during the run: the managed part of the working set.</summary>
    public long PeakGcCommittedBytes { get; init; }

    /// <summary>The managed heap after the run, fully collected: what the process keeps once the run is over.</summary>
    public long RetainedGcHeapBytes { get; init; }

    /// <summary>The large object heap (objects of 85,000 bytes or more) after the run, fully collected.</summary>
    public long RetainedLargeObjectBytes { get; init; }

    /// <summary>The working set after the run, its garbage collected.</summary>
    public long WorkingSetAfterBytes { get; init; }

    /// <summary>Fetches that waited on a hanging host (at least half the fetch timeout).</summary>
    public int HangingWaits { get; init; }

    /// <summary>How many timeouts the run spent one after another: waits that overlap count once.</summary>
    public int TimeoutRounds { get; init; }
}

internal sealed record BenchTransactions(double PerCheck, long Total, double MillisecondsEach);
