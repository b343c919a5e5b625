using Monitors.Core.Alerts;
using Monitors.Core.Changes.Filters;
using Monitors.Core.Subscriptions;
using Monitors.Core.Tests.Subscriptions;

namespace Monitors.Core.Tests.Alerts;

public sealed class EligibilityTests
{
    private static Subscriber Subscriber(Tier tier, bool confirmed = true, bool alerts = true) => new()
    {
        Id = "sub-1",
        Email = "ann@example.com",
        Tier = tier,
        Confirmed = confirmed,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Following = ["platform-1"],
        Preferences = new SubscriberPreferences(SameDayAlerts: alerts),
    };

    private static Subscription Follow(ProvisionFilter? filter = null) => new("sub-1", "platform-1", DateTimeOffset.UnixEpoch, filter);

    [Fact]
    public void ConfirmedMonitorFollowingThePlatform_GetsTheAlert() =>
        Assert.True(AlertSender.IsEligible(Subscriber(Tier.Monitor), Follow(), SubscriptionsFixture.Change()));

    [Theory]
    [InlineData(Tier.Free, true, true)]
    [InlineData(Tier.Monitor, false, true)]
    [InlineData(Tier.Monitor, true, false)]
    public void FreeOrUnconfirmedOrAlertsOff_GetsNoAlert(Tier tier, bool confirmed, bool alerts) =>
        Assert.False(AlertSender.IsEligible(Subscriber(tier, confirmed, alerts), Follow(), SubscriptionsFixture.Change()));

    [Fact]
    public void NotSubstantiveChange_GetsNoAlert() =>
        Assert.False(AlertSender.IsEligible(Subscriber(Tier.Monitor), Follow(), SubscriptionsFixture.Change() with { IsSubstantive = false }));

    [Fact]
    public void NotFollowingThePlatform_GetsNoAlert() =>
        Assert.False(AlertSender.IsEligible(Subscriber(Tier.Monitor), Follow(), SubscriptionsFixture.Change(platformId: "platform-2")));

    [Fact]
    public void TopicFilter_LetsThroughOnlyChangesTouchingTheTopic()
    {
        var filter = SubscriptionFilters.Create(["arbitration"], null);

        Assert.False(AlertSender.IsEligible(Subscriber(Tier.Monitor), Follow(filter), SubscriptionsFixture.Change()));
        Assert.True(AlertSender.IsEligible(Subscriber(Tier.Monitor), Follow(SubscriptionFilters.Create(["AI-Training"], null)), SubscriptionsFixture.Change()));
    }

    [Fact]
    public void SectionFilter_LetsThroughOnlyChangesInTheSection()
    {
        Assert.True(AlertSender.IsEligible(Subscriber(Tier.Monitor), Follow(SubscriptionFilters.Create(null, "3. Data")), SubscriptionsFixture.Change()));
        Assert.False(AlertSender.IsEligible(Subscriber(Tier.Monitor), Follow(SubscriptionFilters.Create(null, "7. Arbitration")), SubscriptionsFixture.Change()));
    }
}
