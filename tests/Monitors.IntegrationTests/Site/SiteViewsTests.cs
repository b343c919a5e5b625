using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Monitors.Azure.Storage;
using Monitors.Core.Changes;
using Monitors.Core.Configuration;
using Monitors.Core.Site;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Site;

/// <summary>
/// The materialised views the pages read (<see cref="TableSiteIndex"/>, <see cref="TableVersionHistory"/>) and the
/// search index (<see cref="SiteSearch"/>) on Azurite: concurrent publishes lose nothing, a reader that wants more than a
/// view keeps reads on in the rows, data recorded before views is not hidden by a first view, and a publish made
/// through another instance is found by the next search.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteViewsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TopicView_TenDocumentsPublishingAtOnce_KeepsEveryDocument_AndDropsOneThatLostTheTopic()
    {
        var clients = await ClientsAsync();
        var index = new TableSiteIndex(clients, TimeProvider.System);
        var platform = Unique("p");
        var topic = Unique("topic");
        var documents = Enumerable.Range(0, 10).Select(i => new DocumentKey(platform, $"doc-{i}")).ToArray();

        // Seven clauses each, six carrying the topic: the view keeps the first five of each document, in order.
        await Task.WhenAll(documents.Select(d => index.ReplaceClausesAsync(d, Enumerable.Range(0, 7).Select(i => Clause(d, i, i == 0 ? [] : [topic])).ToArray())));

        var listed = await index.ListTopicAsync(topic);
        Assert.Equal(documents.Select(d => d.DocumentId).Order(StringComparer.Ordinal), listed.Select(c => c.Document.DocumentId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(listed.GroupBy(c => c.Document), g => Assert.Equal([1, 2, 3, 4, 5], g.Select(c => c.Order).Order()));
        Assert.All(listed, c => Assert.True(c.Text.Length <= ISiteIndex.TopicTextLength, $"{c.Text.Length} characters kept"));

        await index.ReplaceClausesAsync(documents[3], [Clause(documents[3], 0, [])]);
        Assert.DoesNotContain(await index.ListTopicAsync(topic), c => c.Document == documents[3]);
        Assert.Equal(9, (await index.ListTopicAsync(topic)).Select(c => c.Document).Distinct().Count());
        Assert.Single(await index.ListClausesAsync(documents[3]));
    }

    [Fact]
    public async Task TopicShards_TwoPlatformsPublishIntoOneTopic_OneRemovesItsClauses_ListsTheRest()
    {
        var clients = await ClientsAsync();
        var index = new TableSiteIndex(clients, TimeProvider.System);
        var topic = Unique("topic");
        var a = new DocumentKey(Unique("pa"), "terms");
        var b = new DocumentKey(Unique("pb"), "privacy");
        var views = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Views);

        // A single-blob view in the layout of before: not a shard, never read.
        await views.UploadBlobAsync($"topics/{topic}.json", BinaryData.FromString("{\"documents\":{\"x~y\":[]}}"));

        await index.ReplaceClausesAsync(a, [Clause(a, 0, [topic]), Clause(a, 1, [])]);
        await index.ReplaceClausesAsync(b, [Clause(b, 0, []), Clause(b, 1, [topic]), Clause(b, 2, [topic])]);

        Assert.True(await views.GetBlobClient($"topics/{topic}/{a.PlatformId}.json").ExistsAsync());
        Assert.True(await views.GetBlobClient($"topics/{topic}/{b.PlatformId}.json").ExistsAsync());
        var listed = await index.ListTopicAsync(topic);
        Assert.Equal(new[] { (a, 0), (b, 1), (b, 2) }, listed.Select(c => (c.Document, c.Order)).OrderBy(x => x.Document.PlatformId, StringComparer.Ordinal).ThenBy(x => x.Order));

        await index.ReplaceClausesAsync(a, [Clause(a, 0, []), Clause(a, 1, [])]);

        Assert.False(await views.GetBlobClient($"topics/{topic}/{a.PlatformId}.json").ExistsAsync()); // its last document left the topic
        Assert.Equal(new[] { (b, 1), (b, 2) }, (await index.ListTopicAsync(topic)).Select(c => (c.Document, c.Order)).OrderBy(x => x.Order));
    }

    [Fact]
    public async Task TopicShards_ShardRewrittenByAnotherInstance_CachedReaderSeesTheNewClauses()
    {
        var topic = Unique("topic");
        var requests = new ShardRequests(topic);
        var writer = new TableSiteIndex(await ClientsAsync(), TimeProvider.System); // another instance (or the CLI) publishing
        var reader = new TableSiteIndex(StorageClients.FromConnectionString(AzuriteFixture.ConnectionString, configure: (_, options) => options.AddPolicy(requests, HttpPipelinePosition.PerCall)), TimeProvider.System);
        var a = new DocumentKey(Unique("pa"), "terms");
        var b = new DocumentKey(Unique("pb"), "terms");
        await writer.ReplaceClausesAsync(a, [Clause(a, 0, [topic])]);
        await writer.ReplaceClausesAsync(b, [Clause(b, 0, [topic])]);
        Assert.Equal(2, (await reader.ListTopicAsync(topic)).Count);
        Assert.Equal((1, 1, 2), requests.Take()); // the stamp, one listing, both shards

        Assert.Equal(2, (await reader.ListTopicAsync(topic)).Count);
        Assert.Equal((1, 0, 0), requests.Take()); // warm: the stamp only, nobody wrote since

        var reworded = Clause(b, 0, [topic]) with { Text = "reworded clause" };
        await writer.ReplaceClausesAsync(b, [reworded, Clause(b, 1, [topic])]);

        var listed = await reader.ListTopicAsync(topic);
        Assert.Equal((1, 1, 1), requests.Take()); // the stamp moved: a listing, and the shard that changed
        Assert.Equal(new[] { "reworded clause", new string('x', ISiteIndex.TopicTextLength) }, listed.Where(c => c.Document == b).OrderBy(c => c.Order).Select(c => c.Text));
        Assert.Single(listed, c => c.Document == a);
    }

    [Fact]
    public async Task TopicShards_TopicNoDocumentCarries_WarmReadIsTheStampAlone_UntilADocumentCarriesIt()
    {
        var topic = Unique("topic");
        var requests = new ShardRequests(topic);
        var writer = new TableSiteIndex(await ClientsAsync(), TimeProvider.System);
        var reader = new TableSiteIndex(StorageClients.FromConnectionString(AzuriteFixture.ConnectionString, configure: (_, options) => options.AddPolicy(requests, HttpPipelinePosition.PerCall)), TimeProvider.System);

        Assert.Empty(await reader.ListTopicAsync(topic));
        Assert.Equal((1, 0, 0), requests.Take()); // no stamp, so no shard to list
        Assert.Equal(1, requests.TakeRowQueries()); // the rows, in case the data is from before views

        Assert.Empty(await reader.ListTopicAsync(topic));
        Assert.Equal((1, 0, 0), requests.Take());
        Assert.Equal(0, requests.TakeRowQueries()); // found empty once: the stamp's point read is the whole cost

        var a = new DocumentKey(Unique("pa"), "terms");
        await writer.ReplaceClausesAsync(a, [Clause(a, 0, [topic])]);
        Assert.Single(await reader.ListTopicAsync(topic));
        Assert.Equal((1, 1, 1), requests.Take()); // the stamp appeared: a listing and the shard
    }

    [Fact]
    public async Task TopicShards_NoShardForTheTopic_ReadsTheTopicRows()
    {
        var clients = await ClientsAsync();
        var index = new TableSiteIndex(clients, TimeProvider.System);
        var topic = Unique("topic");
        var a = new DocumentKey(Unique("pa"), "terms");
        var b = new DocumentKey(Unique("pb"), "terms");
        await index.ReplaceClausesAsync(a, [Clause(a, 0, [topic])]);
        await index.ReplaceClausesAsync(b, [Clause(b, 0, []), Clause(b, 1, [topic])]);

        // A deployment from before views: the rows, no shard.
        var views = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Views);
        await foreach (var blob in views.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"topics/{topic}/", default))
        {
            await views.DeleteBlobAsync(blob.Name);
        }

        Assert.Equal(new[] { (a, 0), (b, 1) }, (await index.ListTopicAsync(topic)).Select(c => (c.Document, c.Order)).OrderBy(x => x.Document.PlatformId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task TopicShards_FirstShardOfAPlatform_StartsFromItsRows_SoDocumentsPublishedBeforeShardsStayListed()
    {
        var clients = await ClientsAsync();
        var index = new TableSiteIndex(clients, TimeProvider.System);
        var topic = Unique("topic");
        var platform = Unique("p");
        var old = new DocumentKey(platform, "terms");
        var other = new DocumentKey(Unique("q"), "terms");
        await index.ReplaceClausesAsync(old, [Clause(old, 0, [topic])]);
        await index.ReplaceClausesAsync(other, [Clause(other, 0, [topic])]);
        var views = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Views);
        await views.DeleteBlobAsync($"topics/{topic}/{platform}.json"); // the platform's document was published before shards

        var added = new DocumentKey(platform, "privacy");
        await index.ReplaceClausesAsync(added, [Clause(added, 0, [topic])]);

        var listed = (await index.ListTopicAsync(topic)).Select(c => c.Document).ToHashSet();
        Assert.Equal(new HashSet<DocumentKey> { old, added, other }, listed);
    }

    [Fact]
    public async Task Clauses_NewVersionChangesOneClause_RewritesOnlyThatClausesRows()
    {
        var clients = await ClientsAsync();
        var index = new TableSiteIndex(clients, TimeProvider.System);
        var topic = Unique("topic");
        var key = new DocumentKey(Unique("p"), "terms");
        var first = Enumerable.Range(0, 4).Select(i => Clause(key, i, [topic])).ToArray();
        await index.ReplaceClausesAsync(key, first);
        var table = clients.Tables.GetTableClient(StorageNames.Tables.SiteClauses);
        async Task<Dictionary<string, string>> ETagsAsync()
        {
            var etags = new Dictionary<string, string>();
            foreach (var (partition, row) in first.SelectMany(c => new[] { ($"d~{key.PlatformId}~{key.DocumentId}", c.Key), ($"t~{topic}", $"{key.PlatformId}~{key.DocumentId}~{c.Key}") }))
            {
                etags[$"{partition}/{row}"] = (await table.GetEntityAsync<TableEntity>(partition, row)).Value.ETag.ToString();
            }

            return etags;
        }

        var etagsBefore = await ETagsAsync();
        var second = first.Select(c => c.Order == 2 ? c with { Text = "the changed clause" } : c).ToArray();
        await index.ReplaceClausesAsync(key, second, first);
        var etagsAfter = await ETagsAsync();

        var rewritten = etagsAfter.Where(e => etagsBefore[e.Key] != e.Value).Select(e => e.Key).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { $"d~{key.PlatformId}~{key.DocumentId}/{first[2].Key}", $"t~{topic}/{key.PlatformId}~{key.DocumentId}~{first[2].Key}" }.Order(StringComparer.Ordinal), rewritten);
        Assert.Equal("the changed clause", (await index.GetClauseAsync(key, first[2].Key))!.Text);
        Assert.Equal(second.Select(c => c.Text), (await index.ListClausesAsync(key)).Select(c => c.Text));
        Assert.Contains(await index.ListTopicAsync(topic), c => c.Text == "the changed clause");
    }

    [Fact]
    public async Task LatestChanges_MoreThanTheViewKeeps_ReadsOnInTheRows_NewestFirstWithoutRepeats()
    {
        var index = new TableSiteIndex(await ClientsAsync(), TimeProvider.System);
        var platform = Unique("p");
        var entries = Enumerable.Range(0, 130).Select(i => Entry(platform, $"doc-{i % 2}", Start.AddHours(i), "ordinary words")).ToArray();
        await index.AddChangesAsync(entries.Take(70));
        foreach (var batch in entries.Skip(70).Chunk(20))
        {
            await index.AddChangesAsync(batch); // later publishes merge into the views
        }

        var platformList = await ToListAsync(index.LatestChangesAsync(platform));
        Assert.Equal(entries.OrderByDescending(e => e.DetectedAt).Select(e => e.ChangeId), platformList.Select(e => e.ChangeId));
        Assert.All(platformList, e => Assert.Empty(e.Paths));
        Assert.All(platformList, e => Assert.Empty(e.SearchText));

        var documentList = await ToListAsync(index.LatestChangesAsync(platform, "doc-1"));
        Assert.Equal(entries.Where(e => e.DocumentId == "doc-1").OrderByDescending(e => e.DetectedAt).Select(e => e.ChangeId), documentList.Select(e => e.ChangeId));
        Assert.All(documentList, e => Assert.Equal(new[] { "1 › 1.1" }, e.Paths.ToArray())); // a provision page's history needs them

        // Adding an entry again (a retried publish) lists it once.
        await index.AddChangeAsync(entries[5]);
        Assert.Equal(130, (await ToListAsync(index.LatestChangesAsync(platform))).Count);
    }

    [Fact]
    public async Task Views_DataRecordedBeforeViews_FirstViewStartsFromTheRows()
    {
        var clients = await ClientsAsync();
        var index = new TableSiteIndex(clients, TimeProvider.System);
        var history = new TableVersionHistory(clients);
        var platform = Unique("p");
        var key = new DocumentKey(platform, "terms");
        var old = Entry(platform, "terms", Start, "old words");
        await index.AddChangeAsync(old);
        await history.AddAsync(new VersionEntry(key, "v1", Start, VersionKind.First, null, null, 10));

        // A deployment from before views: the rows, no view blobs.
        var views = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Views);
        await foreach (var blob in views.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"changes/platforms/{platform}", default))
        {
            await views.DeleteBlobAsync(blob.Name);
        }

        await views.DeleteBlobAsync($"changes/documents/{platform}/terms.json");
        await views.DeleteBlobAsync($"versions/{platform}/terms.json");
        Assert.Equal([old.ChangeId], (await ToListAsync(index.LatestChangesAsync(platform))).Select(e => e.ChangeId)); // the rows, while there is no view

        var next = Entry(platform, "terms", Start.AddDays(1), "new words");
        await index.AddChangeAsync(next);
        await history.AddAsync(new VersionEntry(key, "v2", Start.AddDays(1), VersionKind.Substantive, null, next.ChangeId, 12));

        Assert.Equal([next.ChangeId, old.ChangeId], (await ToListAsync(index.LatestChangesAsync(platform))).Select(e => e.ChangeId));
        Assert.Equal([next.ChangeId, old.ChangeId], (await ToListAsync(index.LatestChangesAsync(platform, "terms"))).Select(e => e.ChangeId));
        Assert.Equal(["v2", "v1"], (await ToListAsync(history.ListAsync(key))).Select(v => v.VersionId));
    }

    [Fact]
    public async Task Search_EntryAddedThroughAnotherInstance_FoundByTheNextSearch_WordsByPrefix_FiltersOnCandidates()
    {
        var clients = await ClientsAsync();
        var platform = Unique("p");
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        using var search = new SiteSearch(new TableSiteIndex(clients, TimeProvider.System), TimeProvider.System);
        var writer = new TableSiteIndex(clients, TimeProvider.System); // another instance (or the CLI) publishing
        var first = Entry(platform, "terms", Start, $"we retained {word}alpha records");
        await writer.AddChangeAsync(first);

        Assert.Equal([first.ChangeId], (await search.FindAsync(new SiteQuery(word), 0, 10)).Entries.Select(e => e.ChangeId));

        var second = Entry(platform, "privacy", Start.AddDays(1), $"{word}beta sub-processors retain", Severity.High);
        await writer.AddChangeAsync(second);

        Assert.Equal([second.ChangeId, first.ChangeId], (await search.FindAsync(new SiteQuery(word), 0, 10)).Entries.Select(e => e.ChangeId));
        Assert.Equal([second.ChangeId], (await search.FindAsync(new SiteQuery($"{word} sub-processors"), 0, 10)).Entries.Select(e => e.ChangeId));
        Assert.Equal([first.ChangeId], (await search.FindAsync(new SiteQuery($"{word}alpha retained"), 0, 10)).Entries.Select(e => e.ChangeId));
        Assert.Empty((await search.FindAsync(new SiteQuery($"{word}alpha {word}beta"), 0, 10)).Entries); // every word must match
        Assert.Equal([second.ChangeId], (await search.FindAsync(new SiteQuery(word, Severity: Severity.High), 0, 10)).Entries.Select(e => e.ChangeId));
        Assert.Equal([first.ChangeId], (await search.FindAsync(new SiteQuery(word, To: Start.AddHours(1)), 0, 10)).Entries.Select(e => e.ChangeId));
        Assert.Empty((await search.FindAsync(new SiteQuery(word, PlatformId: Unique("other")), 0, 10)).Entries);

        var page = await search.FindAsync(new SiteQuery(word), 0, 1);
        Assert.True(page.More);
        Assert.Equal([second.ChangeId], page.Entries.Select(e => e.ChangeId));
        Assert.False((await search.FindAsync(new SiteQuery(word), 1, 1)).More);
    }

    /// <summary>Counts the reader's stamp reads, List Blobs requests and downloads under one topic's prefix.</summary>
    private sealed class ShardRequests(string topic) : HttpPipelineSynchronousPolicy
    {
        private int _stamps;
        private int _lists;
        private int _downloads;

        private int _rowQueries;

        public (int Stamps, int Lists, int Downloads) Take() => (Interlocked.Exchange(ref _stamps, 0), Interlocked.Exchange(ref _lists, 0), Interlocked.Exchange(ref _downloads, 0));

        /// <summary>Queries of the topic's rows (partition <c>t~{topic}</c> of <c>SiteClauses</c>) since the last call.</summary>
        public int TakeRowQueries() => Interlocked.Exchange(ref _rowQueries, 0);

        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri.ToUri();
            var query = Uri.UnescapeDataString(uri.Query);
            if (Uri.UnescapeDataString(uri.AbsolutePath).Contains(StorageNames.Tables.SiteClauses, StringComparison.Ordinal) && query.Contains($"t~{topic}", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _rowQueries);
            }
            else if (Uri.UnescapeDataString(uri.AbsolutePath).EndsWith($"/stamps/topics/{topic}", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _stamps);
            }
            else if (message.Request.Method == RequestMethod.Get && query.Contains("comp=list", StringComparison.Ordinal) && query.Contains($"prefix=topics/{topic}/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _lists);
            }
            else if (message.Request.Method == RequestMethod.Get && Uri.UnescapeDataString(uri.AbsolutePath).Contains($"/topics/{topic}/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _downloads);
            }
        }
    }

    private static async Task<StorageClients> ClientsAsync()
    {
        var clients = StorageClients.FromConnectionString(AzuriteFixture.ConnectionString);
        await new StorageInitializer(clients).EnsureCreatedAsync();
        return clients;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static ClauseEntry Clause(DocumentKey document, int order, string[] topics) => new(
        document, "Platform", "Terms", $"{order:x16}", $"{order + 1}", string.Empty, null, "Clause", order, 0,
        new string('x', 900) + $" clause {order}", topics, Start, null);

    private static ChangeIndexEntry Entry(string platform, string document, DateTimeOffset at, string words, Severity severity = Severity.Medium) => new(
        $"{platform}-{document}-{at.UtcTicks}", platform, "Platform", document, "Terms", at, "A change", severity, ["arbitration"], [], ["1 › 1.1"], "summary", words, true);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
