using Monitors.Core.Alerts;
using Monitors.Core.Email;
using Monitors.Core.Tests.Subscriptions;
using Monitors.Core.Tests.Telemetry;

namespace Monitors.Core.Tests.Alerts;

public sealed class DeliveryLedgerTests
{
    private static EmailMessage Message() => new("ann@example.com", "Subject", "text", "<p>html</p>") { Key = "k" };

    [Fact]
    public async Task SendOnce_Twice_SendsOneEmail_AndRecordsItSent()
    {
        var f = new SubscriptionsFixture();

        var first = await f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message);
        var second = await f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message);

        Assert.Equal(DeliveryOutcome.Sent, first);
        Assert.Equal(DeliveryOutcome.AlreadySent, second);
        Assert.Single(f.Sender.Sent);
        var row = await f.Deliveries.GetAsync("sub-1", "alert-c1");
        Assert.Equal(DeliveryState.Sent, row!.State);
        Assert.Equal("Subject", row.Subject);
    }

    [Fact]
    public async Task SendOnce_RecordsAlertsSentAndFailedMetric()
    {
        var f = new SubscriptionsFixture();
        using var metrics = new MetricCapture(f.MeterFactory);
        f.Sender.FailNext = 1;

        await Assert.ThrowsAsync<EmailDeliveryException>(() => f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message));
        await f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message);
        await f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message);

        var alerts = metrics.Of("monitors.alerts");
        Assert.Equal(["failed", "sent"], alerts.Select(m => m.Tag("result")));
    }

    [Fact]
    public async Task SendOnce_ConcurrentDuplicates_SendOneEmail()
    {
        var f = new SubscriptionsFixture();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message);
            }
            catch (DeliveryInProgressException)
            {
                return DeliveryOutcome.Skipped;
            }
        })));

        Assert.Single(f.Sender.Sent);
        Assert.Equal(1, outcomes.Count(o => o == DeliveryOutcome.Sent));
    }

    [Fact]
    public async Task SendOnce_FailedSend_Rethrows_ThenTheRetrySendsIt()
    {
        var f = new SubscriptionsFixture();
        f.Sender.FailNext = 1;

        await Assert.ThrowsAsync<EmailDeliveryException>(() => f.Ledger.SendOnceAsync("sub-1", "digest-2026-W10", Message));
        Assert.Equal(DeliveryState.Failed, (await f.Deliveries.GetAsync("sub-1", "digest-2026-W10"))!.State);
        var retry = await f.Ledger.SendOnceAsync("sub-1", "digest-2026-W10", Message);

        Assert.Equal(DeliveryOutcome.Sent, retry);
        Assert.Single(f.Sender.Sent);
        Assert.Equal(2, (await f.Deliveries.GetAsync("sub-1", "digest-2026-W10"))!.Attempts);
    }

    [Fact]
    public async Task SendOnce_StaleSendingRowOfADeadSender_IsTakenOverAfterTheLease()
    {
        var f = new SubscriptionsFixture();
        await f.Deliveries.TryAddAsync(new Delivery("sub-1", "alert-c1", DeliveryState.Sending, 1, f.Time.GetUtcNow()));

        await Assert.ThrowsAsync<DeliveryInProgressException>(() => f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message));
        f.Time.Advance(TimeSpan.FromMinutes(3));
        var outcome = await f.Ledger.SendOnceAsync("sub-1", "alert-c1", Message);

        Assert.Equal(DeliveryOutcome.Sent, outcome);
        Assert.Single(f.Sender.Sent);
    }
}
