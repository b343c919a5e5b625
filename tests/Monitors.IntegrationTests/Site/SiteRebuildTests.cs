using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Storage;
using Monitors.Core.Configuration;
using Monitors.Core.Site;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Alerts;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Site;

/// <summary>
/// <c>monitors site rebuild</c> (<see cref="SiteRebuilder"/>) on Azurite: data recorded before the site had read models
/// gets the same rows publishing would have written, and a second run changes nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteRebuildTests
{
    [Fact]
    public async Task Rebuild_DataRecordedWithoutReadModels_WritesTheRowsPublishingWrites_AndIsIdempotent()
    {
        await using var h = await MailHarness.CreateAsync();
        await h.RecordChangeAsync("All disputes will be resolved by binding arbitration and you waive any class action.");
        var changeId = await h.RecordChangeAsync("We may use your content to train our models unless you opt out.");
        var index = h.Services.GetRequiredService<ISiteIndex>();
        var key = new DocumentKey(h.PlatformId, "terms");
        var clausesBefore = Describe(await index.ListClausesAsync(key));
        var entriesBefore = await EntriesAsync(index, h.PlatformId);
        Assert.NotEmpty(clausesBefore);
        Assert.Equal(2, entriesBefore.Count);
        Assert.Contains(clausesBefore, c => c.Contains(changeId, StringComparison.Ordinal));

        // A deployment from before the site: versions and change records, no read-model rows.
        await index.ReplaceClausesAsync(key, []);
        var siteChanges = h.Services.GetRequiredService<StorageClients>().Tables.GetTableClient(StorageNames.Tables.SiteChanges);
        await foreach (var row in siteChanges.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PlatformId eq {h.PlatformId}")))
        {
            await siteChanges.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        Assert.Empty(await index.ListClausesAsync(key));
        Assert.Empty(await EntriesAsync(index, h.PlatformId));
        Assert.DoesNotContain(await index.ListTopicAsync("ai-training"), c => c.Document == key);

        var rebuilder = h.Services.GetRequiredService<SiteRebuilder>();
        var result = await rebuilder.RebuildAsync(h.PlatformId);
        Assert.Equal(2, result.ChangeRecords);
        Assert.Equal(clausesBefore, Describe(await index.ListClausesAsync(key)));
        Assert.Equal(entriesBefore, await EntriesAsync(index, h.PlatformId));
        Assert.Contains(await index.ListTopicAsync("ai-training"), c => c.Document == key);

        var again = await rebuilder.RebuildAsync(h.PlatformId);
        Assert.Equal(result, again);
        Assert.Equal(clausesBefore, Describe(await index.ListClausesAsync(key)));
        Assert.Equal(entriesBefore, await EntriesAsync(index, h.PlatformId));
        var rows = 0;
        await foreach (var _ in siteChanges.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ChangeId eq {changeId} and PartitionKey ne {"written"}")))
        {
            rows++;
        }

        Assert.Equal(2, rows); // the site-wide row and the platform's, once each (the publish journal is not the index)
    }

    [Fact]
    public async Task Rebuild_UnknownPlatform_SaysSoAndWritesNothing()
    {
        await using var h = await MailHarness.CreateAsync();
        var error = await Assert.ThrowsAsync<Monitors.Core.Subscriptions.UnknownPlatformException>(() => h.Services.GetRequiredService<SiteRebuilder>().RebuildAsync("no-such-platform"));
        Assert.Contains("no-such-platform", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Describe(IEnumerable<ClauseEntry> clauses) =>
        clauses.Select(c => $"{c.Key}|{c.Path}|{c.Order}|{c.Depth}|{c.Kind}|{string.Join(',', c.TopicIds)}|{c.LastChanged:O}|{c.LastChangeId}|{c.Text}").ToList();

    private static async Task<List<string>> EntriesAsync(ISiteIndex index, string platformId)
    {
        var list = new List<string>();
        await foreach (var e in index.ListChangesAsync(platformId: platformId))
        {
            list.Add($"{e.ChangeId}|{e.DetectedAt:O}|{e.Severity}|{string.Join(',', e.TopicIds)}|{string.Join(',', e.Paths)}|{e.SearchText}");
        }

        return list;
    }
}
