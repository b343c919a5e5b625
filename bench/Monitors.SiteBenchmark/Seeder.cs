using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Storage;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Summaries;
using Monitors.Core.Checking;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;
using Monitors.Core.Site;
using Monitors.Core.Storage;

namespace Monitors.SiteBenchmark;

/// <summary>
/// Writes the fixture as the pipeline leaves it after publishing every version of every document, without running
/// 175,000 checks one by one. What is real: each version's canonical text comes from the real reader and extractor
/// (over the stand-in pages of <see cref="Fixture.FixtureFetcher"/>); each change record is built by the real
/// <see cref="IChangeRecordBuilder"/> from the two versions and summarised by the <see cref="IChangeSummarizer"/>, with the id <see cref="ChangeRecordIds"/> gives it; the
/// clauses are what <see cref="SiteReadModels.ClausesAfter"/> computes after each publish in turn; and every row and blob
/// is written by the real stores (<see cref="BlobArchive"/>, <see cref="ChangeStore"/>, <see cref="TableVersionHistory"/>,
/// <see cref="TableSiteIndex"/>, the document state store). What is skipped: fetch snapshots and the detection state
/// machine (confirmation, guards), which the pages never read; and the per-version round trips — rows go in table
/// transactions of up to 100 per partition, blobs in parallel.
/// </summary>
internal static class Seeder
{
    public static async Task<string> SeedAsync(IServiceProvider services, IReadOnlyList<Platform> platforms, FixtureManifest manifest, int parallelism, TextWriter log)
    {
        var reader = services.GetRequiredService<DocumentReader>();
        var fetcher = (Fixture.FixtureFetcher)services.GetRequiredService<IDocumentFetcher>();

        // The stand-in pages depend on the document's path and the round only, so each document slot has one history of
        // texts shared by every platform: read (and extracted) once, its change records built once and its clauses
        // computed once, then given each platform's identity (ids, names), which is all that differs between platforms.
        var slots = new Dictionary<string, Slot>(StringComparer.Ordinal);
        foreach (var declaration in platforms[0].Documents)
        {
            var versions = new string[manifest.Versions];
            for (var round = 1; round <= manifest.Versions; round++)
            {
                fetcher.Round = round;
                var read = await reader.ReadAsync(declaration, null, null);
                versions[round - 1] = read.Text ?? throw new InvalidOperationException($"The stand-in page of {declaration.Id} round {round} gave no text: {read.Outcome}.");
            }

            slots[declaration.Id] = await Slot.BuildAsync(services, platforms[0], declaration, versions, manifest);
        }

        var documents = platforms.SelectMany(p => p.Documents.Select(d => (Platform: p, Declaration: d))).ToArray();
        var done = 0;
        var records = 0;
        var watch = Stopwatch.StartNew();
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, ct) =>
        {
            var written = await SeedDocumentAsync(services, item.Platform, item.Declaration, slots[item.Declaration.Id], ct);
            Interlocked.Add(ref records, written);
            var n = Interlocked.Increment(ref done);
            if (n % 100 == 0 || n == documents.Length)
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {n}/{documents.Length} documents ({records:N0} change records) in {watch.Elapsed.TotalSeconds:N0} s"));
            }
        });

        return string.Create(CultureInfo.InvariantCulture,
            $"{documents.Length:N0} documents, {documents.Length * manifest.Versions:N0} versions, {records:N0} change records");
    }

    /// <summary>The rows and blobs of one document after the slot's texts were published one day apart; returns the change records written.</summary>
    private static async Task<int> SeedDocumentAsync(IServiceProvider services, Platform platform, DocumentDeclaration declaration, Slot slot, CancellationToken ct)
    {
        var archive = services.GetRequiredService<IArchive>();
        var changes = (ChangeStore)services.GetRequiredService<IChangeStore>();
        var history = (TableVersionHistory)services.GetRequiredService<IVersionHistory>();
        var index = services.GetRequiredService<ISiteIndex>();
        var states = services.GetRequiredService<IDocumentStateStore>();

        var key = new DocumentKey(platform.Id, declaration.Id);
        await Parallel.ForEachAsync(slot.Published, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (r, token) =>
        {
            var id = await archive.SaveVersionAsync(key, slot.Texts[r], token);
            if (id != slot.Ids[r])
            {
                throw new InvalidOperationException($"The archive gave version {id} to the text the fixture calls {slot.Ids[r]}.");
            }
        });

        // The slot's records with this platform's identity: the id is what the pipeline derives for this document.
        var records = new ChangeRecord?[slot.Texts.Length];
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in slot.Published.Skip(1))
        {
            var template = slot.Records[r]!;
            var context = Slot.Context(platform, declaration, template.DetectedAt, template.PreviousVersionId, template.NewVersionId);
            records[r] = template with { Id = ChangeRecordIds.For(context), PlatformId = platform.Id, PlatformName = platform.Name, DocumentUrl = context.DocumentUrl };
            ids[template.Id] = records[r]!.Id;
        }

        var written = records.OfType<ChangeRecord>().ToArray();
        await changes.SaveManyAsync(written, 8, ct);
        await history.AddManyAsync(slot.Published.Select(r =>
            new VersionEntry(key, slot.Ids[r], slot.At[r], r == 0 ? VersionKind.First : VersionKind.Substantive, null, records[r]?.Id, slot.Texts[r].Length)), ct);
        await index.ReplaceClausesAsync(key, slot.Clauses.Select(c => c with
        {
            Document = key,
            PlatformName = platform.Name,
            LastChangeId = c.LastChangeId is { } id ? ids[id] : null,
        }).ToArray(), [], ct); // a new document: it has no clauses yet, so none to read
        await index.AddChangesAsync(written.Select(SiteReadModels.Entry), ct);

        var last = slot.At[slot.Published[^1]];
        var state = await states.GetAsync(key, ct) ?? new DocumentState(key);
        state.CurrentVersionId = slot.Ids[slot.Published[^1]];
        state.CurrentVersionAt = last;
        state.VersionCount = slot.Published.Count;
        state.LastFetchedVersionId = state.CurrentVersionId;
        state.LastCheckedAt = last;
        state.LastSuccessAt = last;
        state.LastOutcome = nameof(CheckOutcome.Changed);
        if (!await states.TrySaveAsync(state, ct))
        {
            throw new InvalidOperationException($"The state of {key} changed while the fixture was written.");
        }

        return written.Length;
    }

    /// <summary>One document slot's history: its texts, the rounds that publish a version, and (for the first platform) the change records and the clauses the last publish leaves.</summary>
    private sealed record Slot(string[] Texts, string[] Ids, DateTimeOffset[] At, IReadOnlyList<int> Published, ChangeRecord?[] Records, IReadOnlyList<ClauseEntry> Clauses)
    {
        public static async Task<Slot> BuildAsync(IServiceProvider services, Platform platform, DocumentDeclaration declaration, string[] texts, FixtureManifest manifest)
        {
            var builder = services.GetRequiredService<IChangeRecordBuilder>();
            var summarizer = services.GetRequiredService<IChangeSummarizer>();
            var readModels = services.GetRequiredService<SiteReadModels>();
            var key = new DocumentKey(platform.Id, declaration.Id);
            var ids = texts.Select(ContentHasher.Sha256Hex).ToArray();
            var at = Enumerable.Range(0, texts.Length).Select(r => manifest.Start + TimeSpan.FromDays(r)).ToArray();
            var records = new ChangeRecord?[texts.Length];
            var published = new List<int> { 0 };
            IReadOnlyList<ClauseEntry> clauses = readModels.ClausesAfter(key, platform.Name, declaration.Title, texts[0], at[0], null, new Dictionary<string, ClauseEntry>());
            for (var r = 1; r < texts.Length; r++)
            {
                if (ids[r] == ids[published[^1]])
                {
                    continue; // the same text again: the pipeline records no version
                }

                var context = Context(platform, declaration, at[r], ids[published[^1]], ids[r]);
                // As publishing does: the record from the two versions, then its summary (extractive unless a model is configured).
                var built = builder.Build(context, texts[published[^1]], texts[r]) with { Id = ChangeRecordIds.For(context) };
                records[r] = built with { Summary = await summarizer.SummarizeAsync(built) };
                clauses = readModels.ClausesAfter(key, platform.Name, declaration.Title, texts[r], at[r], records[r], clauses.ToDictionary(c => c.Key, StringComparer.Ordinal));
                published.Add(r);
            }

            return new Slot(texts, ids, at, published, records, clauses);
        }

        public static ChangeContext Context(Platform platform, DocumentDeclaration declaration, DateTimeOffset at, string previous, string next) =>
            new(platform.Id, platform.Name, declaration.Id, declaration.Title, declaration.TermsType, declaration.Fetch, at, previous, next) { Detection = declaration.Detection };
    }
}
