using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitors.Azure;
using Monitors.Azure.Storage;
using Monitors.Core;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Monitors.Core.Time;

namespace Monitors.SiteBenchmark;

/// <summary>Size of the fixture: platforms × documents × versions.</summary>
internal sealed record FixtureSize(int Platforms, int Documents, int Versions)
{
    public int DocumentCount => Platforms * Documents;
    public int VersionCount => DocumentCount * Versions;
    public int ChangeCount => DocumentCount * (Versions - 1);
    public override string ToString() => $"{Platforms} platforms × {Documents} documents × {Versions} versions";
}

/// <summary>What a fixture folder holds: its size, the tag in its platform ids, and how many version rounds are stored.</summary>
internal sealed record FixtureManifest(string Tag, int Platforms, int Documents, int Versions, int CompletedRounds, DateTimeOffset Start, double SecondsSpent);

/// <summary>
/// Builds the fixture on Azurite with what the pipeline writes when it publishes a version (see <see cref="Seeder"/>):
/// every version of every document, its change record, its history row and the site's read models, written through
/// the real stores in table transactions and parallel blob uploads. The manifest records a finished build, so a second
/// run over the same storage reuses it.
/// </summary>
internal static class Fixture
{
    private static readonly (string Title, string TermsType)[] DocumentKinds =
    [
        ("Terms of Service", "Terms of Service"),
        ("Privacy Policy", "Privacy Policy"),
        ("Data Processing Addendum", "Data Processor Agreement"),
        ("AI Terms", "Commercial Terms"),
        ("Acceptable Use Policy", "Acceptable Use Policy"),
    ];

    /// <summary>Sentences that carry the project's topics; version v changes one clause to one of them.</summary>
    private static readonly string[] TopicalSentences =
    [
        "We may use Customer Content to train and improve our models unless you opt out (revision {0}).",
        "We retain prompts and outputs for {0} days after you delete a conversation.",
        "We engage the sub-processors listed on our sub-processor page and will give {0} days' notice of a new one.",
        "Any dispute will be resolved by binding arbitration, and you waive any class action (revision {0}).",
        "Our total liability is limited to the fees you paid in the {0} months before the claim.",
        "We may share personal data with advertising partners to measure campaigns (revision {0}).",
        "We may suspend your account without notice for a breach of these terms (revision {0}).",
        "These terms are governed by the laws of Ireland and the courts of Dublin (revision {0}).",
    ];

    public static IReadOnlyList<Platform> Platforms(FixtureManifest m) =>
        Enumerable.Range(1, m.Platforms).Select(i => new Platform(
            $"{m.Tag}-{i:000}",
            $"Bench Platform {i:000}",
            $"https://{m.Tag}-{i:000}.example/",
            Enumerable.Range(1, m.Documents).Select(j =>
            {
                var (title, type) = DocumentKinds[(j - 1) % DocumentKinds.Length];
                return new DocumentDeclaration($"doc-{j}", j > DocumentKinds.Length ? $"{title} {j}" : title, type, new Uri($"https://{m.Tag}-{i:000}.example/doc-{j}"), [new CssSelector("main")], [])
                {
                    // Every round is a new version: record it at once (the benchmark measures pages, not confirmation).
                    Detection = DetectionSettings.Default with { ConfirmDelay = TimeSpan.Zero },
                };
            }).ToArray())).ToArray();

    public static async Task<FixtureManifest> EnsureAsync(string folder, FixtureSize size, string connectionString, int parallelism, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        var manifestFile = Path.Combine(folder, "fixture.json");
        var manifest = File.Exists(manifestFile) ? JsonSerializer.Deserialize<FixtureManifest>(await File.ReadAllTextAsync(manifestFile)) : null;
        if (manifest is null || manifest.Platforms != size.Platforms || manifest.Documents != size.Documents || manifest.Versions != size.Versions)
        {
            manifest = new FixtureManifest("bench" + Guid.NewGuid().ToString("N")[..5], size.Platforms, size.Documents, size.Versions, 0,
                StartFor(size.Versions), 0);
        }

        var platforms = Platforms(manifest);
        await using var services = Build(platforms, connectionString, new SimulatedClock(manifest.Start));
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
        if (manifest.CompletedRounds > 0)
        {
            var last = await services.GetRequiredService<IDocumentStateStore>().GetAsync(new DocumentKey(platforms[^1].Id, platforms[^1].Documents[^1].Id));
            if (last is null || last.VersionCount < manifest.CompletedRounds)
            {
                await log.WriteLineAsync("The fixture's data is not in this storage any more: building it again.");
                File.Delete(manifestFile);
                return await EnsureAsync(folder, size, connectionString, parallelism, log);
            }
        }

        WriteCatalog(Path.Combine(folder, "catalog"), platforms);
        if (manifest.CompletedRounds >= manifest.Versions)
        {
            await log.WriteLineAsync($"Fixture {manifest.Tag} ({size}) is in storage: built in {manifest.SecondsSpent:N0} s.");
            return manifest;
        }

        var watch = Stopwatch.StartNew();
        var counts = await Seeder.SeedAsync(services, platforms, manifest, parallelism, log);
        manifest = manifest with { CompletedRounds = manifest.Versions, SecondsSpent = watch.Elapsed.TotalSeconds };
        await File.WriteAllTextAsync(manifestFile, JsonSerializer.Serialize(manifest));
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Fixture {manifest.Tag} ({size}): built in {manifest.SecondsSpent:N0} s — {counts}."));
        return manifest;
    }

    /// <summary>The rounds are one day apart and the last one is an hour ago, so the newest changes are recent.</summary>
    private static DateTimeOffset StartFor(int versions)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero) - TimeSpan.FromDays(versions - 1) - TimeSpan.FromHours(1);
    }

    private static ServiceProvider Build(IReadOnlyList<Platform> platforms, string connectionString, SimulatedClock clock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Monitors:Checks:EnqueueConfirmationChecks"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));
        services.AddSingleton(new PlatformCatalog(platforms));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IDocumentFetcher>(new FixtureFetcher());
        services.AddMonitorsCore(configuration).AddMonitorsAzure(configuration);
        return services.BuildServiceProvider();
    }

    private static void WriteCatalog(string folder, IReadOnlyList<Platform> platforms)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        foreach (var platform in platforms)
        {
            File.WriteAllText(Path.Combine(folder, platform.Id + ".json"), CatalogWriter.ToJson(platform));
        }
    }

    /// <summary>Serves version <see cref="Round"/> of every fixture document: six numbered sections of five clauses, one of them topical.</summary>
    internal sealed class FixtureFetcher : IDocumentFetcher
    {
        public int Round { get; set; } = 1;

        public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
        {
            var html = Page(request.Url.AbsolutePath, Round);
            return Task.FromResult(new FetchResult
            {
                Outcome = FetchOutcome.Fetched,
                RequestedUrl = request.Url,
                FinalUrl = request.Url,
                StatusCode = 200,
                Body = Encoding.UTF8.GetBytes(html),
                MediaType = "text/html",
                Charset = "utf-8",
                Text = html,
            });
        }

        private static string Page(string path, int round)
        {
            var changed = round == 1 ? -1 : (round - 2) % 30;
            var text = new StringBuilder("<html><body><main><h1>Terms</h1>");
            for (var section = 1; section <= 6; section++)
            {
                text.Append(CultureInfo.InvariantCulture, $"<h2>{section}. Section {section}</h2>");
                for (var clause = 1; clause <= 5; clause++)
                {
                    var index = (section - 1) * 5 + clause - 1;
                    var sentence = index == changed
                        ? string.Format(CultureInfo.InvariantCulture, TopicalSentences[(round + path.Length) % TopicalSentences.Length], round + 10)
                        : $"The provider will give the customer reasonable written notice of any change to clause {section}.{clause} of these terms.";
                    text.Append(CultureInfo.InvariantCulture, $"<p>{section}.{clause}. {sentence}</p>");
                }
            }

            return text.Append("</main></body></html>").ToString();
        }
    }
}
