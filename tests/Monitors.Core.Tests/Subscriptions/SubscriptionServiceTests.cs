using Monitors.Core.Subscriptions;

namespace Monitors.Core.Tests.Subscriptions;

public sealed class SubscriptionServiceTests
{
    [Fact]
    public async Task SignUp_NormalisesEmail_StartsFreeUnconfirmed_AndSendsTheOptInEmail()
    {
        var f = new SubscriptionsFixture();

        var result = await f.Service.SignUpAsync("  Ann.Example@EXAMPLE.com ", ["platform-1"]);

        Assert.True(result.IsNew);
        Assert.Equal("ann.example@example.com", result.Subscriber.Email);
        Assert.Equal(Tier.Free, result.Subscriber.Tier);
        Assert.False(result.Subscriber.Confirmed);
        Assert.Equal(["platform-1"], result.Subscriber.Following);
        var email = Assert.Single(f.Sender.Sent);
        Assert.Equal("ann.example@example.com", email.To);
        Assert.Contains("/api/confirm?token=", email.HtmlBody, StringComparison.Ordinal);
        Assert.False(result.Subscriber.ReceivesDigest);
    }

    [Fact]
    public async Task SignUp_SameEmailAgainSoon_ChangesNothingAndSendsNothing()
    {
        var f = new SubscriptionsFixture();
        var first = await f.Service.SignUpAsync("ann@example.com");

        var second = await f.Service.SignUpAsync("ANN@example.com", ["platform-2"]);

        Assert.False(second.IsNew);
        Assert.Equal(first.Subscriber.Id, second.Subscriber.Id);
        Assert.Empty(second.Subscriber.Following);
        Assert.Single(f.Sender.Sent);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("no-at-sign.example.com", "exactly one '@'")]
    [InlineData("a@@example.com", "exactly one '@'")]
    [InlineData("Ann <ann@example.com>", "display name")]
    [InlineData("ann@localhost", "full internet domain")]
    [InlineData("ann smith@example.com", "without spaces")]
    [InlineData("a@example.com,b@example.com", "list separators")]
    public async Task SignUp_BadEmail_RefusedWithWhatIsWrong_AndNothingStored(string email, string expected)
    {
        var f = new SubscriptionsFixture();

        var e = await Assert.ThrowsAsync<InvalidSubscriptionRequestException>(() => f.Service.SignUpAsync(email));

        Assert.Equal("email", e.Field);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Empty(f.Sender.Sent);
        await foreach (var _ in f.Subscribers.ListAsync())
        {
            Assert.Fail("a subscriber was stored");
        }
    }

    [Fact]
    public async Task Follow_SecondPlatformOnFree_FailsNamingTheLimit_AndFollowsNothingNew()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Free, "platform-1");

        var e = await Assert.ThrowsAsync<TierLimitException>(() => f.Service.FollowAsync(s.Id, "platform-2"));

        Assert.Equal(1, e.Limit);
        Assert.Contains("Free tier follows at most 1 platform", e.Message, StringComparison.Ordinal);
        Assert.Equal(["platform-1"], (await f.Service.GetAsync(s.Id)).Following);
    }

    [Fact]
    public async Task Follow_26thPlatformOnMonitor_FailsNamingTheLimit()
    {
        var f = new SubscriptionsFixture(platforms: 26);
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor);
        for (var i = 1; i <= 25; i++)
        {
            await f.Service.FollowAsync(s.Id, $"platform-{i}");
        }

        var e = await Assert.ThrowsAsync<TierLimitException>(() => f.Service.FollowAsync(s.Id, "platform-26"));

        Assert.Contains("Monitor tier follows at most 25 platforms", e.Message, StringComparison.Ordinal);
        Assert.Equal(25, (await f.Service.ListSubscriptionsAsync(s.Id)).Count);
    }

    [Fact]
    public async Task SignUp_FollowingTwoPlatformsOnFree_Refused()
    {
        var f = new SubscriptionsFixture();

        await Assert.ThrowsAsync<TierLimitException>(() => f.Service.SignUpAsync("ann@example.com", ["platform-1", "platform-2"]));
    }

    [Fact]
    public async Task Follow_ConcurrentOnFree_OnlyOneWins()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com");

        var attempts = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await f.Service.FollowAsync(s.Id, $"platform-{i}");
                return true;
            }
            catch (TierLimitException)
            {
                return false;
            }
        })).ToArray();
        var won = await Task.WhenAll(attempts);

        Assert.Equal(1, won.Count(w => w));
        Assert.Single((await f.Service.GetAsync(s.Id)).Following);
    }

    [Fact]
    public async Task Follow_SamePlatformTwice_IsOneFollow_WithTheNewFilter()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com");
        await f.Service.FollowAsync(s.Id, "platform-1");

        await f.Service.FollowAsync(s.Id, "platform-1", SubscriptionFilters.Create(["ai-training"], null));

        var follow = Assert.Single(await f.Service.ListSubscriptionsAsync(s.Id));
        Assert.Equal(["ai-training"], follow.Filter!.TopicIds);
    }

    [Fact]
    public async Task Follow_UnknownPlatform_NamesTheKnownOnes()
    {
        var f = new SubscriptionsFixture(platforms: 2);
        var s = await f.ConfirmedAsync("ann@example.com");

        var e = await Assert.ThrowsAsync<UnknownPlatformException>(() => f.Service.FollowAsync(s.Id, "nope"));

        Assert.Contains("platform-1, platform-2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_SameDayAlertsOnFree_Refused_ButDigestCanBeTurnedOff()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com");

        await Assert.ThrowsAsync<TierFeatureException>(() => f.Service.UpdatePreferencesAsync(s.Id, sameDayAlerts: true, weeklyDigest: null));
        var updated = await f.Service.UpdatePreferencesAsync(s.Id, sameDayAlerts: null, weeklyDigest: false);

        Assert.False(updated.ReceivesDigest);
        Assert.False(updated.ReceivesAlerts);
    }

    [Fact]
    public async Task Tiers_MonitorGetsAlertsAndDigest_FreeOnlyTheDigest()
    {
        var f = new SubscriptionsFixture();
        var free = await f.ConfirmedAsync("free@example.com");
        var monitor = await f.ConfirmedAsync("monitor@example.com", Tier.Monitor);

        Assert.False(free.ReceivesAlerts);
        Assert.True(free.ReceivesDigest);
        Assert.True(monitor.ReceivesAlerts);
        Assert.True(monitor.ReceivesDigest);
    }

    [Fact]
    public async Task Unsubscribe_StopsAlertsAndDigest_ConfirmingAgainRestoresThem()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1");

        var off = await f.Service.UnsubscribeAsync(s.Id);
        Assert.False(off.ReceivesAlerts);
        Assert.False(off.ReceivesDigest);
        Assert.NotNull(off.UnsubscribedAt);

        var on = await f.Service.ConfirmAsync(s.Id);
        Assert.True(on.ReceivesAlerts);
        Assert.True(on.ReceivesDigest);
        Assert.Equal(["platform-1"], on.Following);
    }

    [Fact]
    public async Task SetTier_DownToFreeWhileFollowingThree_RefusedWithHowManyToUnfollow()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1", "platform-2", "platform-3");

        var e = await Assert.ThrowsAsync<TierFeatureException>(() => f.Service.SetTierAsync(s.Id, Tier.Free));

        Assert.Contains("Unfollow 2 first", e.Message, StringComparison.Ordinal);
        Assert.Equal(Tier.Monitor, (await f.Service.GetAsync(s.Id)).Tier);
    }

    [Fact]
    public async Task Unfollow_ThenFollowAnother_WorksWithinTheFreeLimit()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Free, "platform-1");

        await f.Service.UnfollowAsync(s.Id, "platform-1");
        await f.Service.FollowAsync(s.Id, "platform-2");

        Assert.Equal(["platform-2"], (await f.Service.ListSubscriptionsAsync(s.Id)).Select(x => x.PlatformId));
    }
}
