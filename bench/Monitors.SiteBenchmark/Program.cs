using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Monitors.SiteBenchmark;

// The page benchmark (issue 10): builds (or reuses) a fixture of platforms × documents × versions on Azurite through the
// real pipeline, starts `monitors serve` over it, requests every page type many times and prints p50/p95/max per page
// against the targets (p95 ≤ 50 ms per page, ≤ 100 ms for a search over ≥ 10,000 change records).
//
//   dotnet run -c Release --project bench/Monitors.SiteBenchmark -- [--platforms 350] [--documents 5] [--versions 100]
//       [--samples 200] [--parallelism 8] [--fixture DIR]
//
// Azurite: the one on AZURITE_BLOB_PORT/QUEUE/TABLE (defaults 10000-10002), e.g. the one ./run-local.sh keeps running.

var options = Options.Parse(args);
var size = new FixtureSize(options.Int("platforms", 350), options.Int("documents", 5), options.Int("versions", 100));
var samples = options.Int("samples", 200);
var fixtureFolder = Path.GetFullPath(options.String("fixture", Path.Combine(RepositoryPaths.Root, "TestResults", "site-bench", $"{size.Platforms}x{size.Documents}x{size.Versions}")));
var connection = Storage.ConnectionString();
if (!Storage.Listening())
{
    Console.Error.WriteLine($"No Azurite on 127.0.0.1:{Storage.BlobPort}/{Storage.QueuePort}/{Storage.TablePort}. Start it (./run-local.sh starts one; or set AZURITE_*_PORT) and run again.");
    return 3;
}

Console.WriteLine($"Site benchmark: fixture {size} ({size.VersionCount:N0} versions, {size.ChangeCount:N0} change records) in {fixtureFolder}");
var manifest = await Fixture.EnsureAsync(fixtureFolder, size, connection, options.Int("parallelism", 8), Console.Out);

var port = FreePort();
var baseUrl = new Uri($"http://127.0.0.1:{port}/");
using var serve = Serve.Start(port, connection, fixtureFolder);
try
{
    using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    await Serve.WaitAsync(http, serve);
    var platforms = Fixture.Platforms(manifest);
    var random = new Random(42);
    string Platform() => platforms[random.Next(platforms.Count)].Id;
    string Document(string p) => $"platforms/{p}/documents/doc-{random.Next(1, size.Documents + 1)}";

    // Links the site itself prints (versions, diffs, clauses, changes) are found on its pages, so the benchmark follows
    // whatever URL scheme the pages use.
    var documentPages = Enumerable.Range(0, 20).Select(_ => Document(Platform())).ToArray();
    var links = await Links.CollectAsync(http, documentPages.Append("").Append("platforms/" + Platform()));
    // Diffs are linked from change pages (and versions from them): follow a few.
    links = [.. links, .. await Links.CollectAsync(http, links.Where(l => l.StartsWith("changes/", StringComparison.Ordinal)).Distinct().Take(20))];

    // Topics the fixture's current versions carry (their comparison lists platforms) and topics none carries: two rows.
    var carried = new List<(string Topic, int Pages)>();
    var uncarried = new List<string>();
    foreach (var topic in Words.Topics)
    {
        var html = await http.GetStringAsync("topics/" + topic);
        var count = Regex.Match(html, "How (\\d+) platform");
        var pages = Regex.Match(html, "page 1 of (\\d+)");
        if (count.Success && count.Groups[1].Value != "0")
        {
            carried.Add((topic, pages.Success ? int.Parse(pages.Groups[1].Value, CultureInfo.InvariantCulture) : 1));
        }
        else
        {
            uncarried.Add(topic);
        }
    }

    var pageTypes = new List<(string Name, Func<string> Url, double TargetMs)>
    {
        ("home", () => "", 50),
        ("platforms index", () => "platforms", 50),
        ("platform", () => "platforms/" + Platform(), 50),
        ("document", () => Document(Platform()), 50),
        ("version", Pick(links, "/versions/", random), 50),
        ("diff", Pick(links, "/diff?", random), 50),
        ("change", Pick(links, "changes/", random), 50),
        ($"topic, carried ({string.Join(", ", carried.Select(c => $"{c.Topic}: {c.Pages} pages of platforms"))}; page 1)", () => carried.Count == 0 ? "missing/topic" : "topics/" + carried[random.Next(carried.Count)].Topic, 50),
        ("topic, carried (any page of its platforms)", () =>
        {
            if (carried.Count == 0)
            {
                return "missing/topic";
            }

            var (topic, pages) = carried[random.Next(carried.Count)];
            return $"topics/{topic}?page={random.Next(1, pages + 1)}";
        }, 50),
        ($"topic, none carries it ({string.Join(", ", uncarried)})", () => uncarried.Count == 0 ? "missing/topic" : "topics/" + uncarried[random.Next(uncarried.Count)], 50),
        ("provision", Pick(links, "/clauses/", random), 50),
        ("feed (site)", () => "feeds/changes.atom", 50),
        ("feed (platform)", () => $"platforms/{Platform()}/feed.atom", 50),
        ("search: keyword", () => "search?q=" + Words.Keywords[random.Next(Words.Keywords.Length)], 100),
        ("search: topic + severity + dates", () => $"search?topic=data-retention&severity=medium&from={DateTime.UtcNow.AddDays(-30):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}", 100),
        ("search: platform + keyword", () => $"search?platform={Platform()}&q=models", 100),
    };

    // The search index is filled by the first search of a process (a read of every change record's search fields): timed
    // apart, with a patient client, since it grows with the records and happens once per instance, not per request.
    using (var patient = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(30) })
    {
        var load = Stopwatch.StartNew();
        using var first = await patient.GetAsync("search?q=" + Words.Keywords[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Search index filled by the first search: {load.Elapsed.TotalSeconds:N1} s (HTTP {(int)first.StatusCode}) over {size.ChangeCount:N0} change records."));
    }

    Console.WriteLine();
    Console.WriteLine($"Server time per request (loopback HTTP, {samples} requests per page after 5 warm-up; fixture {size}; {size.ChangeCount:N0} change records):");
    Console.WriteLine();
    Console.WriteLine("| page | status | p50 ms | p95 ms | max ms | target p95 | |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
    var failed = 0;
    foreach (var (name, url, target) in pageTypes)
    {
        var result = await Measure.RunAsync(http, url, samples);
        var ok = result.Status == 200 && result.P95 <= target;
        failed += ok ? 0 : 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {result.StatusText} | {result.P50:N1} | {result.P95:N1} | {result.Max:N1} | ≤ {target:N0} | {(ok ? "ok" : "MISSED")} |"));
    }

    Console.WriteLine();
    Console.WriteLine(failed == 0 ? "Every page met its target." : $"{failed} page type(s) missed the target or did not answer 200.");
    return failed == 0 ? 0 : 1;
}
finally
{
    if (!serve.HasExited)
    {
        serve.Kill(entireProcessTree: true);
        await serve.WaitForExitAsync();
    }
}

static Func<string> Pick(IReadOnlyList<string> links, string marker, Random random)
{
    // Links are relative to the site root (no leading slash): "changes/…" is a change page, "…/diff?…" a diff.
    var matching = links.Where(l => marker.StartsWith('/') ? l.Contains(marker, StringComparison.Ordinal) : l.StartsWith(marker, StringComparison.Ordinal)).Distinct().ToArray();
    return () => matching.Length == 0 ? "missing" + marker : matching[random.Next(matching.Length)];
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

namespace Monitors.SiteBenchmark
{
    internal static class Words
    {
        public static readonly string[] Topics = ["ai-training", "data-retention", "subprocessors-transfers", "arbitration", "liability-indemnity"];
        public static readonly string[] Keywords = ["arbitration", "retain", "sub-processors", "liability", "advertising"];
        public static readonly string[] Configurations = ["Release", "Debug"];
    }

    internal sealed record Options(IReadOnlyDictionary<string, string> Values)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected '{args[i]}': options are --name value.");
                }

                values[args[i][2..]] = args[i + 1];
            }

            return new Options(values);
        }

        public int Int(string name, int fallback) =>
            Values.TryGetValue(name, out var v) ? (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} '{v}' is not a positive whole number.")) : fallback;

        public string String(string name, string fallback) => Values.TryGetValue(name, out var v) ? v : fallback;
    }

    internal static class Storage
    {
        public static int BlobPort { get; } = Port("AZURITE_BLOB_PORT", 10000);
        public static int QueuePort { get; } = Port("AZURITE_QUEUE_PORT", 10001);
        public static int TablePort { get; } = Port("AZURITE_TABLE_PORT", 10002);

        /// <summary>Azurite's well-known development account on the configured ports.</summary>
        public static string ConnectionString() =>
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

        public static bool Listening() => new[] { BlobPort, QueuePort, TablePort }.All(p =>
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, p);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        });

        private static int Port(string variable, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : fallback;
    }

    /// <summary><c>monitors serve</c> over the fixture: its declarations as the local catalog.</summary>
    internal static class Serve
    {
        public static Process Start(int port, string connectionString, string fixtureFolder)
        {
            var cli = Words.Configurations
                .Select(c => Path.Combine(RepositoryPaths.Root, "src", "Monitors.Cli", "bin", c, "net10.0", "monitors.dll"))
                .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                ?? throw new FileNotFoundException("The CLI is not built: dotnet build src/Monitors.Cli -c Release");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = fixtureFolder };
            start.ArgumentList.Add(cli);
            start.ArgumentList.Add("serve");
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--poll-seconds");
            start.ArgumentList.Add("60");

            start.Environment["AzureWebJobsStorage"] = connectionString;
            start.Environment["Monitors__Catalog__Path"] = RepositoryPaths.Catalog;
            start.Environment["Monitors__Catalog__LocalPath"] = Path.Combine(fixtureFolder, "catalog");
            start.Environment["Monitors__Tokens__LocalKeyFile"] = Path.Combine(fixtureFolder, "signing-key");
            // No check or digest fires while measuring.
            start.Environment["CHECK_SCHEDULE"] = "0 0 0 1 1 *";
            start.Environment["DIGEST_SCHEDULE"] = "0 0 0 1 1 *";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("serve: " + e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        public static async Task WaitAsync(HttpClient http, Process serve)
        {
            for (var i = 0; i < 600; i++)
            {
                if (serve.HasExited)
                {
                    throw new InvalidOperationException($"monitors serve exited {serve.ExitCode}.");
                }

                try
                {
                    using var _ = await http.GetAsync("changes/none");
                    return;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            throw new TimeoutException("monitors serve did not answer within 2 minutes.");
        }
    }

    internal static partial class Links
    {
        public static async Task<IReadOnlyList<string>> CollectAsync(HttpClient http, IEnumerable<string> pages)
        {
            var links = new List<string>();
            foreach (var page in pages)
            {
                using var response = await http.GetAsync(page);
                var html = await response.Content.ReadAsStringAsync();
                links.AddRange(Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).TrimStart('/'))
                    .Where(h => !h.StartsWith("http", StringComparison.Ordinal) && !h.StartsWith('#')));
            }

            return links;
        }

        [GeneratedRegex("href=\"([^\"]+)\"")]
        private static partial Regex Href();
    }

    internal sealed record Measurement(int Status, string StatusText, double P50, double P95, double Max);

    internal static class Measure
    {
        public static async Task<Measurement> RunAsync(HttpClient http, Func<string> url, int samples)
        {
            var status = 0;
            for (var i = 0; i < 5; i++)
            {
                status = await GetAsync(http, url());
            }

            var times = new double[samples];
            var statuses = new HashSet<int>();
            for (var i = 0; i < samples; i++)
            {
                var target = url();
                var watch = Stopwatch.StartNew();
                statuses.Add(await GetAsync(http, target));
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            status = statuses.Count == 1 ? statuses.Single() : statuses.Max();
            return new Measurement(status, string.Join("/", statuses.Order()), Percentile(times, 0.5), Percentile(times, 0.95), times[^1]);
        }

        private static async Task<int> GetAsync(HttpClient http, string url)
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            return (int)response.StatusCode;
        }

        private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
