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
/// </summary>
public sealed class TableSiteIndex(StorageClients clients) : ISiteIndex
{
    private const string ChangesPartition = "all";
    private const int FirstPage = 60;
    private const int MaxTopicExcerpt = 1500;

    private readonly TableClient _clauses = clients.Tables.GetTableClient(StorageNames.Tables.SiteClauses);
    private readonly TableClient _changes = clients.Tables.GetTableClient(StorageNames.Tables.SiteChanges);

    public async Task<IReadOnlyList<ClauseEntry>> ListClausesAsync(DocumentKey document, CancellationToken cancellationToken = default)
    {
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

    public async Task ReplaceClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        var partition = DocumentPartition(document);
        var existing = await ListClausesAsync(document, cancellationToken);
        var next = clauses.ToDictionary(c => c.Key, StringComparer.Ordinal);

        // Topic rows first: a crash between the two leaves the document rows saying what the topic rows were, so the
        // retry removes what is stale.
        foreach (var group in clauses.SelectMany(c => c.TopicIds.Select(t => (Topic: t, Clause: c))).GroupBy(x => x.Topic, StringComparer.Ordinal))
        {
            await UpsertAsync(group.Select(x => ToEntity(TopicPartition(group.Key), TopicRow(x.Clause), x.Clause, MaxTopicExcerpt)), cancellationToken);
        }

        await DeleteAsync(existing.SelectMany(old =>
        {
            var still = next.GetValueOrDefault(old.Key);
            return old.TopicIds.Where(t => still is null || !still.TopicIds.Contains(t, StringComparer.Ordinal)).Select(topic => (TopicPartition(topic), TopicRow(old)));
        }), cancellationToken);

        await UpsertAsync(clauses.Select(c => ToEntity(partition, c.Key, c, int.MaxValue)), cancellationToken);
        await DeleteAsync(existing.Where(c => !next.ContainsKey(c.Key)).Select(gone => (partition, gone.Key)), cancellationToken);
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
        var partition = TopicPartition(topicId);
        var list = new List<ClauseEntry>();
        await foreach (var e in _clauses.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            list.Add(ToClause(e));
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
    }

    public async Task AddChangesAsync(IEnumerable<ChangeIndexEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var chunk in TableBatches.Chunk(entries.SelectMany(ToEntities)))
        {
            await _changes.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
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
            yield return new ChangeIndexEntry(
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
        }
    }

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

    private static TableEntity ToEntity(ChangeIndexEntry entry, string partition) => new(partition, $"{TableKeys.NewestFirst(entry.DetectedAt)}-{entry.ChangeId}")
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
}
