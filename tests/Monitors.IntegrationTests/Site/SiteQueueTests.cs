using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Monitors.Core.Site;
using Monitors.Core.Storage;
using Monitors.IntegrationTests.Alerts;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Site;

/// <summary>
/// The site's read models off the check path, as the app runs them: a check that publishes a version leaves a message on
/// the <c>site</c> queue and writes no read model; the <c>UpdateSite</c> handler brings the site up to date from the
/// archive; a message that comes after a newer version's never takes the clauses back in time.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteQueueTests
{
    private static readonly Dictionary<string, string?> QueueMode = new() { ["Monitors:Checks:UpdateSiteInline"] = "false" };

    [Fact]
    public async Task Check_PublishingAVersion_QueuesTheSiteUpdate_AndTheHandlerWritesTheReadModels()
    {
        await using var h = await MailHarness.CreateAsync(QueueMode);
        var index = h.Services.GetRequiredService<ISiteIndex>();
        var key = new DocumentKey(h.PlatformId, "terms");

        Assert.Equal(CheckOutcome.FirstSeen, (await h.Pipeline.CheckAsync("terms")).Outcome);
        Assert.Empty(await index.ListClausesAsync(key));

        var notices = await TakeMineAsync(h);
        var notice = Assert.Single(notices);
        var state = await h.Services.GetRequiredService<IDocumentStateStore>().GetAsync(key);
        Assert.Equal(state!.CurrentVersionId, notice.VersionId);
        Assert.Null(notice.ChangeId);
        Assert.Equal(h.Pipeline.Platform.Name, notice.PlatformName);

        var handler = h.Services.GetServices<IQueueHandler>().OfType<SiteUpdateHandler>().Single();
        await handler.UpdateAsync(notice);
        var clauses = await index.ListClausesAsync(key);
        Assert.NotEmpty(clauses);
        Assert.Contains(clauses, c => c.Text.Contains(Pages.BaseClauses[0][..20], StringComparison.Ordinal));
    }

    [Fact]
    public async Task SiteUpdate_ArrivingAfterANewerVersionsUpdate_IndexesItsChange_ButLeavesTheNewerClauses()
    {
        await using var h = await MailHarness.CreateAsync(QueueMode);
        var index = h.Services.GetRequiredService<ISiteIndex>();
        var handler = h.Services.GetServices<IQueueHandler>().OfType<SiteUpdateHandler>().Single();
        var key = new DocumentKey(h.PlatformId, "terms");

        var firstChange = await h.RecordChangeAsync("The provider may share usage metadata with its model partners.");
        var secondChange = await h.RecordChangeAsync("The provider may share usage metadata with its model partners.", "Customers may opt out of training on their content.");
        var notices = (await TakeMineAsync(h)).OrderBy(n => n.RecordedAt).ToArray();
        Assert.Equal(3, notices.Length); // first version, two changes
        Assert.Equal([null, firstChange, secondChange], notices.Select(n => n.ChangeId));

        // The newest first, then the older ones, as a retried message would arrive.
        await handler.UpdateAsync(notices[2]);
        await handler.UpdateAsync(notices[1]);
        await handler.UpdateAsync(notices[0]);

        var clauses = await index.ListClausesAsync(key);
        Assert.Contains(clauses, c => c.Text.Contains("opt out of training", StringComparison.Ordinal));
        var indexed = new List<string>();
        await foreach (var entry in index.LatestChangesAsync(h.PlatformId))
        {
            indexed.Add(entry.ChangeId);
        }

        Assert.Equal([secondChange, firstChange], indexed);
    }

    /// <summary>This test's messages on the site queue, deleted; other tests' messages are put back at once.</summary>
    private static async Task<IReadOnlyList<PublicationNotice>> TakeMineAsync(MailHarness h)
    {
        var mine = new List<PublicationNotice>();
        await h.DrainMineAsync(StorageNames.Queues.Site, body => body.Contains(h.PlatformId, StringComparison.Ordinal), (body, _) =>
        {
            mine.Add(MessageJson.Deserialize<PublicationNotice>(body));
            return Task.CompletedTask;
        });
        return mine;
    }
}
