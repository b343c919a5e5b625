using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Monitors.Core.Changes;
using Monitors.Core.Configuration;
using Monitors.Core.Site;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>
/// The site's read models. Table <c>SiteClauses</c>: partition <c>d~{platform}~{document}</c> holds a document's current
/// clauses (RowKey = clause key, so a provision page is one point read); partition <c>t~{topic}</c> holds every current
/// clause carrying that topic (RowKey = <c>{platform}~{document}~{key}</c>), so a cross-platform comparison is one
/// partition read. Table <c>SiteChanges</c>: partition <c>all</c>, RowKey = reverse time + id, the change records' search
/// fields, newest first (a date range is a RowKey range); the same rows in partition <c>p~{platform}</c> per platform.
/// The pages read materialised views of the same data (<see cref="BlobViews"/>, written here after the rows): a
/// document's clauses (<c>clauses/{platform}/{document}.json</c>), a topic's, sharded per platform
/// (<c>topics/{topic}/{platform}.json</c>, read together with one listing), and the newest
/// change entries of the site, a platform and a document (<c>changes/…</c>). A view that is missing (data from before
/// views; <c>monitors site rebuild</c> writes them) falls back to the rows. Partition <c>written</c> holds each published
/// entry once more, keyed by when it was written, so the search index catches up with a range read (<see cref="ListChangesWrittenSinceAsync"/>).
/// </summary>
public sealed class TableSiteIndex(StorageClients clients, TimeProvider time) : ISiteIndex
{
    private const string ChangesPartition = "all";

    /// <summary>The same entries again in the order they were written (RowKey = write time + id), for readers that catch up.</summary>
    private const string JournalPartition = "written";
    private const int FirstPage = 60;
    private const int MaxTopicExcerpt = 1500;

    /// <summary>Entries the site's and a platform's change views keep: the home page, feeds and timelines show 10–50.</summary>
    private const int RecentEntries = 100;

    /// <summary>Entries a document's change view keeps: a provision page's history reads all of them.</summary>
    private const int DocumentEntries = 2000;

    private const string SiteChangesView = "changes/site.json";

    /// <summary>Topics this process found with neither a shard nor a row (keyed by table and topic); see <see cref="ListTopicAsync"/>.</summary>
    private static readonly ConcurrentDictionary<string, byte> EmptyTopics = new(StringComparer.Ordinal);

    private readonly TableClient _clauses = clients.Tables.GetTableClient(StorageNames.Tables.SiteClauses);
    private readonly TableClient _changes = clients.Tables.GetTableClient(StorageNames.Tables.SiteChanges);
    private readonly BlobViews _views = new(clients);

    public async Task<IReadOnlyList<ClauseEntry>> ListClausesAsync(DocumentKey document, CancellationToken cancellationToken = default)
    {
        if (await _views.ReadAsync<ClauseEntry[]>(ClausesView(document), cancellationToken) is { } view)
        {
            return view;
        }

        var partition = DocumentPartition(document);
        var list = new List<ClauseEntry>();
        await foreach (var e in _clauses.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            list.Add(ToClause(e));
        }

        list.Sort((a, b) => a.Order.CompareTo(b.Order));
        return list;
    }

    public async Task<ClauseEntry?> GetClauseAsync(DocumentKey document, string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 64 || !key.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        var row = await _clauses.GetEntityIfExistsAsync<TableEntity>(DocumentPartition(document), key, cancellationToken: cancellationToken);
        return row.HasValue ? ToClause(row.Value!) : null;
    }

    public Task ReplaceClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, IReadOnlyList<ClauseEntry>? current = null, CancellationToken cancellationToken = default) =>
        ReplaceClausesAsync(document, clauses, current, rewriteViews: false, cancellationToken);

    public Task RebuildClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, CancellationToken cancellationToken = default) =>
        ReplaceClausesAsync(document, clauses, null, rewriteViews: true, cancellationToken);

    private async Task ReplaceClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, IReadOnlyList<ClauseEntry>? current, bool rewriteViews, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        var partition = DocumentPartition(document);
        var existing = current ?? await ListClausesAsync(document, cancellationToken);
        var next = clauses.ToDictionary(c => c.Key, StringComparer.Ordinal);

        // Only the clauses that differ from what the document held are written: most versions change a clause or two of
        // hundreds, and rewriting every row cost most of a publish. What the document held is read from its clauses view,
        // which is written last, so after a crash the retry still sees the rows it had not finished as different. A
        // rebuild writes every row (the rows may be missing while the view is not).
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var clause in existing)
        {
            held.TryAdd(clause.Key, Signature([clause]));
        }

        var written = rewriteViews ? clauses : clauses.Where(c => held.GetValueOrDefault(c.Key) != Signature([c])).ToArray();

        // Topic rows first: a crash between the two leaves the document rows saying what the topic rows were, so the
        // retry removes what is stale.
        foreach (var group in written.SelectMany(c => c.TopicIds.Select(t => (Topic: t, Clause: c))).GroupBy(x => x.Topic, StringComparer.Ordinal))
        {
            await UpsertAsync(group.Select(x => ToEntity(TopicPartition(group.Key), TopicRow(x.Clause), x.Clause, MaxTopicExcerpt)), cancellationToken);
        }

        await DeleteAsync(existing.SelectMany(old =>
        {
            var still = next.GetValueOrDefault(old.Key);
            return old.TopicIds.Where(t => still is null || !still.TopicIds.Contains(t, StringComparer.Ordinal)).Select(topic => (TopicPartition(topic), TopicRow(old)));
        }), cancellationToken);

        await UpsertAsync(written.Select(c => ToEntity(partition, c.Key, c, int.MaxValue)), cancellationToken);
        await DeleteAsync(existing.Where(c => !next.ContainsKey(c.Key)).Select(gone => (partition, gone.Key)), cancellationToken);

        // The views after the rows, the document's own last: it is what the next publish reads as "existing", so a crash
        // before it leaves the old topics listed and the retry visits them again.
        // A topic view is rewritten only when this document's part of it changed: most versions change a clause or two.
        var ordered = clauses.OrderBy(c => c.Order).ToArray();
        var before = existing.OrderBy(c => c.Order).ToArray();
        var topics = existing.Concat(clauses).SelectMany(c => c.TopicIds).Distinct(StringComparer.Ordinal);
        // Each topic's view is sharded by platform: the shard this publish rewrites holds only its own platform's
        // documents, so its size (and the writers that contend for it) does not grow with the catalog.
        await Task.WhenAll(topics.Select(topic => (Topic: topic, Section: TopicSection(ordered, topic)))
            .Where(t => rewriteViews || Signature(t.Section) != Signature(TopicSection(before, t.Topic)))
            .Select(async t =>
            {
                await _views.UpdateAsync<TopicView>(TopicView.Name(t.Topic, document.PlatformId), view => (view ?? new TopicView([])).With(TopicRow(document), t.Section), ct => TopicSeedAsync(t.Topic, document.PlatformId, ct), cancellationToken);
                await _views.TouchAsync(TopicView.Stamp(t.Topic), cancellationToken); // after the shard: readers list again
            }));
        await _views.WriteAsync(ClausesView(document), ordered, cancellationToken);
    }

    /// <summary>
    /// Deletes rows in transactions of up to 100 per partition: a new version whose clauses moved replaces hundreds of
    /// rows, one transaction each would cost hundreds of round trips. A transaction fails whole when one of its rows is
    /// already gone (a retried publish), so that batch is deleted row by row, where a missing row is no error.
    /// </summary>
    private async Task DeleteAsync(IEnumerable<(string Partition, string Row)> rows, CancellationToken cancellationToken)
    {
        foreach (var partition in rows.GroupBy(r => r.Partition, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.DistinctBy(r => r.Row, StringComparer.Ordinal).Chunk(TableBatches.MaxActions))
            {
                try
                {
                    await _clauses.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Partition, r.Row), global::Azure.ETag.All)), cancellationToken);
                }
                catch (TableTransactionFailedException e) when (e.Status == 404)
                {
                    foreach (var (rowPartition, row) in chunk)
                    {
                        await _clauses.DeleteEntityAsync(rowPartition, row, cancellationToken: cancellationToken);
                    }
                }
            }
        }
    }

    public async Task<IReadOnlyList<ClauseEntry>> ListTopicAsync(string topicId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicId);
        var shards = await _views.ReadStampedShardsAsync<TopicView>(TopicView.Prefix(topicId), TopicView.Stamp(topicId), cancellationToken);
        if (shards.Count > 0)
        {
            return shards.SelectMany(view => view.Documents.Values).SelectMany(c => c).ToArray();
        }

        // No shard at all: data recorded before views (the rows hold it), or a topic no document carries. The second is
        // remembered by this process, so an empty topic's page costs the stamp's point read, not a partition query each
        // time (on Azurite a scan of the whole table): a topic's rows are only written together with its shard and stamp,
        // and once the stamp exists readers go to the shards.
        var emptyKey = $"{_clauses.Uri}/{topicId}";
        if (EmptyTopics.ContainsKey(emptyKey))
        {
            return [];
        }

        var partition = TopicPartition(topicId);
        var list = new List<ClauseEntry>();
        await foreach (var e in _clauses.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            list.Add(ToClause(e));
        }

        if (list.Count == 0)
        {
            EmptyTopics.TryAdd(emptyKey, 0);
        }

        return list;
    }

    public async Task AddChangeAsync(ChangeIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (var row in ToEntities(entry))
        {
            await _changes.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

        // A publish also goes in the journal, so search indexes held in memory catch up with a range read. Bulk writes
        // (rebuilds, fixtures) do not: a rebuild would add a row per record each time; searches see them at their next
        // full read (SiteSearch.FullReload).
        await _changes.UpsertEntityAsync(new TableEntity(ToEntity(entry, JournalPartition)) { RowKey = JournalRow(time.GetUtcNow(), entry.ChangeId) }, TableUpdateMode.Replace, cancellationToken);

        await UpdateChangeViewsAsync([entry], cancellationToken);
    }

    public async Task AddChangesAsync(IEnumerable<ChangeIndexEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToArray();
        foreach (var chunk in TableBatches.Chunk(list.SelectMany(ToEntities)))
        {
            await _changes.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }

        await UpdateChangeViewsAsync(list, cancellationToken);
    }

    public async IAsyncEnumerable<ChangeIndexEntry> LatestChangesAsync(string? platformId = null, string? documentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (documentId is not null && string.IsNullOrEmpty(platformId))
        {
            throw new ArgumentException("A document's changes need its platform.", nameof(platformId));
        }

        var name = platformId is null ? SiteChangesView : documentId is null ? PlatformChangesView(platformId) : DocumentChangesView(new DocumentKey(platformId, documentId));
        var view = await _views.ReadAsync<ChangesView>(name, cancellationToken);
        string? after = null;
        if (view is not null)
        {
            foreach (var entry in view.Entries)
            {
                yield return entry;
            }

            if (!view.Truncated || view.Entries.Count == 0)
            {
                yield break;
            }

            after = RowKey(view.Entries[^1]);
        }

        // No view (data from before views) or a reader that wants more than it keeps: the rows, from where the view ends.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {(platformId is null ? ChangesPartition : PlatformChangesPartition(platformId))}");
        if (after is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        }

        if (documentId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"DocumentId eq {documentId}");
        }

        await foreach (var e in NewestFirstAsync(filter, cancellationToken))
        {
            var entry = ToChange(e);
            yield return entry with { SearchText = string.Empty, Paths = documentId is null ? [] : entry.Paths };
        }
    }

    public async IAsyncEnumerable<ChangeIndexEntry> ListChangesWrittenSinceAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {JournalPartition} and RowKey ge {JournalRow(since, string.Empty)}");
        await foreach (var e in _changes.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToChange(e);
        }
    }

    public Task<string?> ChangesStampAsync(CancellationToken cancellationToken = default) => _views.StampAsync(SiteChangesView, cancellationToken);

    /// <summary>Merges entries into the site's, their platforms' and their documents' change views (in parallel: different blobs).</summary>
    private Task UpdateChangeViewsAsync(IReadOnlyList<ChangeIndexEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Lists show no clause paths: only a document's view (a provision page's history) keeps them.
        var listed = entries.Select(e => e with { SearchText = string.Empty }).ToArray();
        var brief = listed.Select(e => e with { Paths = [] }).ToArray();
        var updates = new List<Task> { _views.UpdateAsync<ChangesView>(SiteChangesView, v => ChangesView.Merge(v, brief, RecentEntries), ct => ChangesSeedAsync(ChangesPartition, null, RecentEntries, ct), cancellationToken) };
        updates.AddRange(brief.GroupBy(e => e.PlatformId, StringComparer.Ordinal)
            .Select(g => _views.UpdateAsync<ChangesView>(PlatformChangesView(g.Key), v => ChangesView.Merge(v, g.ToArray(), RecentEntries), ct => ChangesSeedAsync(PlatformChangesPartition(g.Key), null, RecentEntries, ct), cancellationToken)));
        updates.AddRange(listed.GroupBy(e => new DocumentKey(e.PlatformId, e.DocumentId))
            .Select(g => _views.UpdateAsync<ChangesView>(DocumentChangesView(g.Key), v => ChangesView.Merge(v, g.ToArray(), DocumentEntries), ct => ChangesSeedAsync(PlatformChangesPartition(g.Key.PlatformId), g.Key.DocumentId, DocumentEntries, ct), cancellationToken)));
        return Task.WhenAll(updates);
    }

    /// <summary>A first change view's content: the newest rows of its partition (one more than kept, to know whether it is cut).</summary>
    private async Task<ChangesView?> ChangesSeedAsync(string partition, string? documentId, int keep, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (documentId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"DocumentId eq {documentId}");
        }

        var rows = new List<ChangeIndexEntry>();
        await foreach (var e in NewestFirstAsync(filter, cancellationToken))
        {
            var entry = ToChange(e);
            rows.Add(entry with { SearchText = string.Empty, Paths = documentId is null ? [] : entry.Paths });
            if (rows.Count > keep)
            {
                break;
            }
        }

        return rows.Count == 0 ? null : ChangesView.Merge(null, rows, keep);
    }

    /// <summary>A document's part of a topic's view: its first clauses carrying the topic, their text cut.</summary>
    private static ClauseEntry[] TopicSection(IEnumerable<ClauseEntry> ordered, string topic) =>
        ordered.Where(c => c.TopicIds.Contains(topic, StringComparer.Ordinal)).Take(ISiteIndex.TopicClausesPerDocument)
            .Select(c => c with { Text = c.Text.Length > ISiteIndex.TopicTextLength ? c.Text[..ISiteIndex.TopicTextLength] : c.Text })
            .ToArray();

    private static string Signature(ClauseEntry[] section) => string.Join('\n', section.Select(c =>
        $"{c.Key}|{c.Order}|{c.Depth}|{c.Kind}|{c.Title}|{c.Breadcrumb}|{c.Path}|{c.PlatformName}|{c.DocumentTitle}|{c.LastChanged:O}|{c.LastChangeId}|{string.Join(',', c.TopicIds)}|{c.Text}"));

    /// <summary>
    /// A first topic shard's content: the platform's rows of the topic (a row range of the topic's partition), grouped by
    /// document as the view keeps them, so documents of the platform published before the shard existed are not hidden.
    /// Runs once per platform and topic: afterwards the shard exists and publishes update it.
    /// </summary>
    private async Task<TopicView?> TopicSeedAsync(string topicId, string platformId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TopicPartition(topicId)} and RowKey gt {platformId + "~"} and RowKey lt {platformId + "~~"}");
        var documents = new SortedDictionary<string, ClauseEntry[]>(StringComparer.Ordinal);
        var rows = new List<ClauseEntry>();
        await foreach (var e in _clauses.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(ToClause(e));
        }

        foreach (var group in rows.GroupBy(r => TopicRow(r.Document), StringComparer.Ordinal))
        {
            documents[group.Key] = group.OrderBy(c => c.Order).Take(ISiteIndex.TopicClausesPerDocument)
                .Select(c => c with { Text = c.Text.Length > ISiteIndex.TopicTextLength ? c.Text[..ISiteIndex.TopicTextLength] : c.Text }).ToArray();
        }

        return documents.Count == 0 ? null : new TopicView(documents);
    }

    public async IAsyncEnumerable<ChangeIndexEntry> ListChangesAsync(
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        string? platformId = null,
        Severity? severity = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A platform's changes are a partition of their own (a provision page's history, a search narrowed to one platform
        // read that platform's rows, never the whole site's).
        var partition = string.IsNullOrEmpty(platformId) ? ChangesPartition : PlatformChangesPartition(platformId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (to is { } upper)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {TableKeys.NewestFirst(upper)}");
        }

        if (from is { } lower)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey le {TableKeys.NewestFirst(lower) + "~"}");
        }

        if (severity is { } s)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Severity eq {s.ToString()}");
        }

        await foreach (var e in NewestFirstAsync(filter, cancellationToken))
        {
            yield return ToChange(e);
        }
    }

    private static ChangeIndexEntry ToChange(TableEntity e) => new(
        e.GetString("ChangeId"),
        e.GetString("PlatformId"),
        e.GetString("PlatformName") ?? e.GetString("PlatformId"),
        e.GetString("DocumentId"),
        e.GetString("DocumentTitle") ?? e.GetString("DocumentId"),
        e.GetDateTimeOffset("DetectedAt") ?? TableKeys.FromNewestFirst(e.RowKey),
        e.GetString("Headline") ?? string.Empty,
        Enum.TryParse<Severity>(e.GetString("Severity"), out var sev) ? sev : Severity.Low,
        Split(e.GetString("Topics"), ','),
        Split(e.GetString("Regulations"), '\n'),
        Split(e.GetString("Paths"), '\n'),
        e.GetString("Summary") ?? string.Empty,
        e.GetString("SearchText") ?? string.Empty,
        e.GetBoolean("IsSubstantive") ?? true);

    private async Task UpsertAsync(IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        foreach (var chunk in TableBatches.Chunk(entities))
        {
            await _clauses.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    /// <summary>
    /// The rows of a query, a small first page then large ones: most readers (home page, feeds, timelines) stop after a
    /// few dozen rows and should not wait for a thousand; a search that scans goes on in pages of a thousand.
    /// </summary>
    private async IAsyncEnumerable<TableEntity> NewestFirstAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        var first = true;
        do
        {
            await foreach (var page in _changes.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages(continuation, first ? FirstPage : 1000))
            {
                foreach (var e in page.Values)
                {
                    yield return e;
                }

                continuation = page.ContinuationToken;
                break; // one page per request, so the next one can be larger
            }

            first = false;
        }
        while (continuation is not null);
    }

    /// <summary>An entry's rows: one in the site-wide partition and one in its platform's.</summary>
    private static IEnumerable<TableEntity> ToEntities(ChangeIndexEntry entry) =>
        [ToEntity(entry, ChangesPartition), ToEntity(entry, PlatformChangesPartition(entry.PlatformId))];

    private static string JournalRow(DateTimeOffset at, string changeId) => $"{at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}-{changeId}";

    private static string RowKey(ChangeIndexEntry entry) => $"{TableKeys.NewestFirst(entry.DetectedAt)}-{entry.ChangeId}";

    private static TableEntity ToEntity(ChangeIndexEntry entry, string partition) => new(partition, RowKey(entry))
    {
        ["ChangeId"] = entry.ChangeId,
        ["PlatformId"] = entry.PlatformId,
        ["PlatformName"] = entry.PlatformName,
        ["DocumentId"] = entry.DocumentId,
        ["DocumentTitle"] = entry.DocumentTitle,
        ["DetectedAt"] = entry.DetectedAt,
        ["Headline"] = entry.Headline,
        ["Severity"] = entry.Severity.ToString(),
        ["Topics"] = string.Join(',', entry.TopicIds),
        ["Regulations"] = string.Join('\n', entry.Regulations),
        ["Paths"] = string.Join('\n', entry.Paths),
        ["Summary"] = entry.Summary,
        ["SearchText"] = entry.SearchText,
        ["IsSubstantive"] = entry.IsSubstantive,
    };

    private static TableEntity ToEntity(string partition, string row, ClauseEntry c, int maxText) => new(partition, row)
    {
        ["PlatformId"] = c.Document.PlatformId,
        ["DocumentId"] = c.Document.DocumentId,
        ["PlatformName"] = c.PlatformName,
        ["DocumentTitle"] = c.DocumentTitle,
        ["Key"] = c.Key,
        ["Path"] = c.Path,
        ["Breadcrumb"] = c.Breadcrumb,
        ["Title"] = c.Title,
        ["Kind"] = c.Kind,
        ["Order"] = c.Order,
        ["Depth"] = c.Depth,
        ["Text"] = c.Text.Length > maxText ? c.Text[..maxText] + " …" : c.Text,
        ["Topics"] = string.Join(',', c.TopicIds),
        ["LastChanged"] = c.LastChanged,
        ["LastChangeId"] = c.LastChangeId,
    };

    private static ClauseEntry ToClause(TableEntity e) => new(
        new DocumentKey(e.GetString("PlatformId"), e.GetString("DocumentId")),
        e.GetString("PlatformName") ?? e.GetString("PlatformId"),
        e.GetString("DocumentTitle") ?? e.GetString("DocumentId"),
        e.GetString("Key"),
        e.GetString("Path") ?? string.Empty,
        e.GetString("Breadcrumb") ?? string.Empty,
        e.GetString("Title"),
        e.GetString("Kind") ?? "Paragraph",
        e.GetInt32("Order") ?? 0,
        e.GetInt32("Depth") ?? 0,
        e.GetString("Text") ?? string.Empty,
        Split(e.GetString("Topics"), ','),
        e.GetDateTimeOffset("LastChanged") ?? DateTimeOffset.UnixEpoch,
        e.GetString("LastChangeId"));

    private static string[] Split(string? value, char separator) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(separator, StringSplitOptions.RemoveEmptyEntries);

    private static string DocumentPartition(DocumentKey document) => $"d~{document.PlatformId}~{document.DocumentId}";

    private static string TopicPartition(string topicId) => $"t~{topicId}";

    private static string PlatformChangesPartition(string platformId) => $"p~{platformId}";

    private static string TopicRow(ClauseEntry c) => $"{c.Document.PlatformId}~{c.Document.DocumentId}~{c.Key}";

    private static string TopicRow(DocumentKey document) => $"{document.PlatformId}~{document.DocumentId}";

    private static string ClausesView(DocumentKey document) => $"clauses/{document.PlatformId}/{document.DocumentId}.json";

    private static string PlatformChangesView(string platformId) => $"changes/platforms/{platformId}.json";

    private static string DocumentChangesView(DocumentKey document) => $"changes/documents/{document.PlatformId}/{document.DocumentId}.json";

    /// <summary>
    /// One platform's shard of a topic's view: per document of the platform (<c>{platform}~{document}</c>), its first
    /// clauses carrying the topic. A topic's shards are the blobs under <see cref="Prefix"/>; the single-blob views of
    /// before (<c>topics/{topic}.json</c>) are not under it, so readers never see them.
    /// </summary>
    internal sealed record TopicView(SortedDictionary<string, ClauseEntry[]> Documents)
    {
        public static string Prefix(string topicId) => $"topics/{topicId}/";

        /// <summary>The topic's stamp, rewritten after each shard write: a warm reader reads it alone (see <see cref="BlobViews.ReadStampedShardsAsync{T}"/>).</summary>
        public static string Stamp(string topicId) => $"stamps/topics/{topicId}";

        public static string Name(string topicId, string platformId) => $"{Prefix(topicId)}{platformId}.json";

        /// <summary>The view with <paramref name="document"/>'s clauses replaced; null (delete) once no document is left.</summary>
        public TopicView? With(string document, ClauseEntry[] clauses)
        {
            var documents = new SortedDictionary<string, ClauseEntry[]>(Documents, StringComparer.Ordinal);
            if (clauses.Length == 0)
            {
                documents.Remove(document);
            }
            else
            {
                documents[document] = clauses;
            }

            return documents.Count == 0 ? null : new TopicView(documents);
        }
    }

    /// <summary>A change view: the newest entries, newest first; <see cref="Truncated"/> when older ones were left out.</summary>
    internal sealed record ChangesView(List<ChangeIndexEntry> Entries, bool Truncated)
    {
        public static ChangesView Merge(ChangesView? view, IReadOnlyList<ChangeIndexEntry> added, int keep)
        {
            var ids = added.Select(a => a.ChangeId).ToHashSet(StringComparer.Ordinal);
            var all = (view?.Entries ?? []).Where(e => !ids.Contains(e.ChangeId)).Concat(added)
                .OrderBy(RowKey, StringComparer.Ordinal).ToList();
            return all.Count > keep ? new ChangesView(all[..keep], true) : new ChangesView(all, view?.Truncated ?? false);
        }
    }
}
