using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Storage;

namespace Monitors.Core.Site;

/// <summary>What a rebuild of the site's read models wrote.</summary>
public sealed record SiteRebuildResult(int Documents, int Clauses, int ChangeRecords, int Skipped);

/// <summary>
/// Fills the site's read models (<c>SiteClauses</c>, <c>SiteChanges</c>) from what is already stored: for a deployment
/// whose documents, versions and change records were recorded before the site existed, or after a read-model change.
/// For each document of the catalog it reads the current version from the archive and the document's change records,
/// and writes the clauses (each with the last change record that touched it, as publishing would have) and the search
/// entries. Idempotent: every write is an upsert, and a document's clause rows are replaced as a whole.
/// </summary>
public sealed class SiteRebuilder(
    PlatformCatalog catalog,
    IDocumentStateStore states,
    IVersionHistory history,
    IChangeStore changes,
    IArchive archive,
    ISiteIndex index,
    SiteReadModels readModels)
{
    /// <summary>Rebuilds every platform of the catalog, or only <paramref name="platformId"/>; reports each document to <paramref name="progress"/>.</summary>
    public async Task<SiteRebuildResult> RebuildAsync(string? platformId = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var platforms = platformId is null
            ? catalog.Platforms
            : [catalog.Find(platformId) ?? throw new Subscriptions.UnknownPlatformException(platformId, catalog.Platforms.Select(p => p.Id))];
        var result = new SiteRebuildResult(0, 0, 0, 0);
        foreach (var platform in platforms)
        {
            // A platform's change records, oldest first, grouped by document (one partition read per platform).
            var summaries = new List<ChangeListing>();
            await foreach (var summary in changes.ListAsync(platform.Id, cancellationToken: cancellationToken))
            {
                summaries.Add(summary);
            }

            foreach (var declaration in platform.Documents)
            {
                var key = new DocumentKey(platform.Id, declaration.Id);
                var state = await states.GetAsync(key, cancellationToken);
                var text = state?.CurrentVersionId is { } current ? await archive.GetVersionAsync(key, current, cancellationToken) : null;
                if (text is null)
                {
                    result = result with { Skipped = result.Skipped + 1 };
                    progress?.Report($"{key}: no current version yet, skipped");
                    continue;
                }

                var records = new List<ChangeRecord>();
                foreach (var summary in summaries.Where(s => s.DocumentId == declaration.Id).OrderBy(s => s.DetectedAt))
                {
                    if (await changes.GetAsync(summary.ChangeId, cancellationToken) is { } record)
                    {
                        records.Add(record);
                    }
                }

                var firstSeen = state!.CurrentVersionAt ?? DateTimeOffset.UnixEpoch;
                await foreach (var version in history.ListAsync(key, cancellationToken))
                {
                    firstSeen = version.RecordedAt < firstSeen ? version.RecordedAt : firstSeen;
                }

                var clauses = Clauses(key, platform.Name, declaration.Title, text, firstSeen, records);
                await index.RebuildClausesAsync(key, clauses, cancellationToken); // every topic shard too: they may predate sharding
                await index.AddChangesAsync(records.Select(SiteReadModels.Entry), cancellationToken);
                result = result with { Documents = result.Documents + 1, Clauses = result.Clauses + clauses.Count, ChangeRecords = result.ChangeRecords + records.Count };
                progress?.Report($"{key}: {clauses.Count} clauses, {records.Count} change records");
            }
        }

        return result;
    }

    /// <summary>
    /// The current clauses with the "last changed" publishing would have left: the newest record (of
    /// <paramref name="recordsOldestFirst"/>) that touched a clause's path, or when the document was first seen.
    /// </summary>
    public IReadOnlyList<ClauseEntry> Clauses(DocumentKey key, string platformName, string documentTitle, string text, DateTimeOffset firstSeen, IReadOnlyList<ChangeRecord> recordsOldestFirst)
    {
        ArgumentNullException.ThrowIfNull(recordsOldestFirst);
        var clauses = readModels.ClausesAfter(key, platformName, documentTitle, text, firstSeen, null, new Dictionary<string, ClauseEntry>());
        foreach (var record in recordsOldestFirst)
        {
            var after = readModels.ClausesAfter(key, platformName, documentTitle, text, firstSeen, record, clauses.ToDictionary(c => c.Key, StringComparer.Ordinal));
            clauses = after;
        }

        return clauses;
    }
}
