using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Alerts;
using Monitors.Core.Checking;
using Monitors.Core.Subscriptions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Alerts;

/// <summary>
/// Honest coverage: no digest says "nothing changed" or "we checked every document" for a document whose checks failed;
/// it says what could not be checked, since when, why and what we do. A Monitor subscriber hears once when a platform
/// has needed attention for over a day.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoverageTests
{
    [Fact]
    public async Task Digest_AfterEveryCheckOfThePlatformFailed_SaysItCouldNotCheck_AndNeverNothingChanged()
    {
        await using var h = await MailHarness.CreateAsync();
        var subscriber = await h.SubscribeAsync(Tier.Free);
        await h.Pipeline.CheckAsync("terms");
        h.Site.ServeStatus("/terms", 503);
        for (var i = 0; i < 4; i++)
        {
            h.Pipeline.Clock.Advance(TimeSpan.FromHours(6));
            Assert.Equal(CheckOutcome.Failed, (await h.Pipeline.CheckAsync("terms")).Outcome);
        }

        h.Pipeline.Clock.Advance(TimeSpan.FromDays(7));
        var outcome = await h.Services.GetRequiredService<DigestSender>().SendAsync(new DigestMessage(subscriber.Id, "2026-W11", h.Pipeline.Clock.GetUtcNow()));

        Assert.Equal(DeliveryOutcome.Sent, outcome);
        var digest = Assert.Single(h.SendGrid.To(subscriber.Email));
        Assert.Equal("Weekly digest 2026-W11: no change found, 1 document could not be checked", digest.Subject);
        foreach (var part in new[] { digest.Text, digest.Html })
        {
            Assert.Contains("Could not check", part, StringComparison.Ordinal);
            Assert.Contains("Document terms", part, StringComparison.Ordinal);
            Assert.Contains("could not be checked since 1 March 2026", part, StringComparison.Ordinal);
            Assert.Contains("the site did not answer or answered with a server error", part, StringComparison.Ordinal);
            Assert.Contains("our operators have been alerted", part, StringComparison.Ordinal);
            Assert.DoesNotContain("Nothing changed", part, StringComparison.Ordinal);
            Assert.DoesNotContain("We checked every document", part, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Digest_QuietWeekWithEmptyDigestsOff_IsStillSent_WhenADocumentCouldNotBeChecked()
    {
        await using var h = await MailHarness.CreateAsync(new Dictionary<string, string?> { ["Monitors:Digest:SendEmptyDigest"] = "false" });
        var subscriber = await h.SubscribeAsync(Tier.Free);
        h.Site.ServeStatus("/terms", 404);
        await h.Pipeline.CheckAsync("terms");

        var outcome = await h.Services.GetRequiredService<DigestSender>().SendAsync(new DigestMessage(subscriber.Id, "2026-W10", h.Pipeline.Clock.GetUtcNow()));

        Assert.Equal(DeliveryOutcome.Sent, outcome);
        var digest = Assert.Single(h.SendGrid.To(subscriber.Email));
        Assert.Contains("never checked successfully", digest.Text, StringComparison.Ordinal);
        Assert.Contains("the page was not found at its address", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutageNotice_GoesOnceToMonitorSubscribers_OnlyAfterADayOfFailures()
    {
        await using var h = await MailHarness.CreateAsync();
        var monitor = await h.SubscribeAsync(Tier.Monitor);
        var free = await h.SubscribeAsync(Tier.Free);
        var notifier = h.Services.GetRequiredService<OutageNotifier>();
        await h.Pipeline.CheckAsync("terms");
        h.Site.ServeStatus("/terms", 403);

        var sentEarly = new List<int>();
        for (var i = 0; i < 4; i++) // 4 failures over 18 hours: attention is raised (3 in a row), but not a day yet
        {
            h.Pipeline.Clock.Advance(TimeSpan.FromHours(i == 0 ? 1 : 6));
            await h.Pipeline.CheckAsync("terms");
            sentEarly.Add(await notifier.SendDueAsync());
        }

        h.Pipeline.Clock.Advance(TimeSpan.FromHours(7));
        await h.Pipeline.CheckAsync("terms");
        var due = await notifier.SendDueAsync();
        h.Pipeline.Clock.Advance(TimeSpan.FromHours(6));
        await h.Pipeline.CheckAsync("terms");
        var again = await notifier.SendDueAsync();

        Assert.Equal([0, 0, 0, 0], sentEarly);
        Assert.Equal(1, due);
        Assert.Equal(0, again);
        var notice = Assert.Single(h.SendGrid.To(monitor.Email));
        Assert.Equal("We could not check Test Platform (Document terms) for over 24 hours", notice.Subject);
        Assert.Contains("the site refused our request", notice.Text, StringComparison.Ordinal);
        Assert.StartsWith($"<{MailHarness.PublicBase}/api/unsubscribe?token=", notice.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Empty(h.SendGrid.To(free.Email));
    }
}
