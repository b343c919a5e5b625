using System.Net;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Alerts;
using Monitors.Core.Catalog;
using Monitors.Core.Configuration;
using Monitors.Core.Email;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;
using Monitors.Functions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Alerts;

/// <summary>
/// Subscribers, alerts and digests end to end: the HTTP API on loopback, the check pipeline, the queues on Azurite, and a
/// loopback listener standing in for SendGrid.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AlertFlowTests
{
    [Fact]
    public async Task SignUpConfirmFollowChange_SendsExactlyOneAlert_WithTheRightHeadersAndBody()
    {
        await using var h = await MailHarness.CreateAsync();
        var email = MailHarness.UniqueEmail("flow");

        var signUp = await h.SendAsync(HttpMethod.Post, "/api/subscribers", new { email = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);
        var confirmation = Assert.Single(h.SendGrid.To(email));
        Assert.Equal("Bearer SG.integration-test-key", confirmation.Authorization);
        var confirmLink = MailHarness.Link(confirmation.Text, $"{MailHarness.PublicBase}/api/confirm?token=");

        var confirmed = await h.SendAsync(HttpMethod.Get, confirmLink, accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var body = await MailHarness.JsonAsync(confirmed);
        var id = body.GetProperty("subscriber").GetProperty("id").GetString()!;
        var manage = body.GetProperty("manageToken").GetString()!;
        Assert.True(body.GetProperty("subscriber").GetProperty("confirmed").GetBoolean());

        var tier = await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{id}/tier", new { tier = "monitor" }, adminKey: MailHarness.AdminKey);
        Assert.Equal(HttpStatusCode.OK, tier.StatusCode);
        var follow = await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{id}/subscriptions/{h.PlatformId}", bearer: manage);
        Assert.Equal(HttpStatusCode.OK, follow.StatusCode);

        var changeId = await h.RecordChangeAsync("We may use your content to train our models.");
        // Through the functions, as the Functions host would call them.
        var fanOut = ActivatorUtilities.CreateInstance<FanOutChange>(h.Services);
        var sendAlert = ActivatorUtilities.CreateInstance<SendAlert>(h.Services);
        await h.DrainMineAsync(StorageNames.Queues.Changes, changeId, (m, ct) => fanOut.RunAsync(m, ct));
        await h.DrainMineAsync(StorageNames.Queues.Alerts, changeId, (m, ct) => sendAlert.RunAsync(m, ct));

        var alert = Assert.Single(h.SendGrid.To(email).Skip(1));
        Assert.Equal("Test Platform changed its Document terms", alert.Subject);
        Assert.StartsWith($"<{MailHarness.PublicBase}/api/unsubscribe?token=", alert.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", alert.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("train our models", alert.Text, StringComparison.Ordinal);
        Assert.Contains("<ins ", alert.Html, StringComparison.Ordinal);
        Assert.Contains("train our models", alert.Html, StringComparison.Ordinal);
        Assert.Contains($"{MailHarness.PublicBase}/changes/{changeId}", alert.Html, StringComparison.Ordinal);
        Assert.Contains("You get this email because you follow Test Platform", alert.Text, StringComparison.Ordinal);
        var delivery = await h.Services.GetRequiredService<IDeliveryStore>().GetAsync(id, Delivery.AlertKey(changeId));
        Assert.Equal(DeliveryState.Sent, delivery!.State);

        var page = await h.SendAsync(HttpMethod.Get, $"/changes/{changeId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("width=device-width", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreeSubscriber_GetsNoSameDayAlert_ButGetsTheDigest()
    {
        await using var h = await MailHarness.CreateAsync();
        var free = await h.SubscribeAsync(Tier.Free);
        var monitor = await h.SubscribeAsync(Tier.Monitor);

        var changeId = await h.RecordChangeAsync();
        await h.DeliverAlertsAsync(changeId);

        Assert.Empty(h.SendGrid.To(free.Email));
        Assert.Single(h.SendGrid.To(monitor.Email));

        // The weekly timer, then the digests queue, through the functions.
        var schedule = ActivatorUtilities.CreateInstance<ScheduleDigests>(h.Services);
        await schedule.RunAsync(new TimerInfo(), CancellationToken.None);
        var sendDigest = ActivatorUtilities.CreateInstance<SendDigest>(h.Services);
        await h.DrainMineAsync(StorageNames.Queues.Digests, m => m.Contains(free.Id, StringComparison.Ordinal) || m.Contains(monitor.Id, StringComparison.Ordinal), (m, ct) => sendDigest.RunAsync(m, ct));

        var digest = Assert.Single(h.SendGrid.To(free.Email));
        var week = DigestScheduler.IsoWeek(h.Pipeline.Clock.GetUtcNow());
        Assert.Equal($"Weekly digest {week}: 1 change on Test Platform", digest.Subject);
        Assert.Contains($"{MailHarness.PublicBase}/changes/{changeId}", digest.Text, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe", digest.Headers.Keys);
        Assert.Equal(2, h.SendGrid.To(monitor.Email).Count);

        // A second run of the same week's digest sends nothing more.
        var again = await h.Services.GetRequiredService<DigestSender>().SendAsync(new DigestMessage(free.Id, week, h.Pipeline.Clock.GetUtcNow()));
        Assert.Equal(DeliveryOutcome.AlreadySent, again);
        Assert.Single(h.SendGrid.To(free.Email));
    }

    [Fact]
    public async Task QuietWeek_SendsNothingChanged_OrNothingWhenEmptyDigestsAreOff()
    {
        await using (var h = await MailHarness.CreateAsync())
        {
            var s = await h.SubscribeAsync(Tier.Free);
            await h.Pipeline.CheckAsync("terms"); // checked, and nothing changed: a quiet week
            var outcome = await h.Services.GetRequiredService<DigestSender>().SendAsync(new DigestMessage(s.Id, "2026-W09", h.Pipeline.Clock.GetUtcNow()));
            Assert.Equal(DeliveryOutcome.Sent, outcome);
            Assert.Equal("Weekly digest 2026-W09: nothing changed on your platforms", Assert.Single(h.SendGrid.To(s.Email)).Subject);
        }

        await using (var h = await MailHarness.CreateAsync(new Dictionary<string, string?> { ["Monitors:Digest:SendEmptyDigest"] = "false" }))
        {
            var s = await h.SubscribeAsync(Tier.Free);
            await h.Pipeline.CheckAsync("terms");
            var outcome = await h.Services.GetRequiredService<DigestSender>().SendAsync(new DigestMessage(s.Id, "2026-W09", h.Pipeline.Clock.GetUtcNow()));
            Assert.Equal(DeliveryOutcome.Skipped, outcome);
            Assert.Empty(h.SendGrid.To(s.Email));
        }
    }

    [Fact]
    public async Task TierLimits_AreEnforced_AndTierChangesNeedTheOperatorKey()
    {
        var catalog = new PlatformCatalog(Enumerable.Range(1, 26).Select(i => new Platform($"limit-{i}", $"Limit {i}", null, [])));
        await using var h = await MailHarness.CreateAsync(catalog: catalog);
        var free = (await h.Subscriptions.SignUpAsync(MailHarness.UniqueEmail("free"), ["limit-1"], confirmed: true)).Subscriber;
        var manage = h.Services.GetRequiredService<TokenService>().Issue(free.Id, TokenPurpose.Manage);

        var second = await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{free.Id}/subscriptions/limit-2", bearer: manage);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        var problem = await MailHarness.JsonAsync(second);
        Assert.Equal("urn:monitors:problem:tier-limit", problem.GetProperty("type").GetString());
        Assert.Equal(1, problem.GetProperty("limit").GetInt32());
        Assert.Contains("Free tier follows at most 1 platform", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var noKey = await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{free.Id}/tier", new { tier = "monitor" });
        var wrongKey = await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{free.Id}/tier", new { tier = "monitor" }, adminKey: MailHarness.AdminKey + "x");
        var subscriberToken = await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{free.Id}/tier", new { tier = "monitor" }, bearer: manage);
        Assert.All([noKey, wrongKey, subscriberToken], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(Tier.Free, (await h.Subscriptions.GetAsync(free.Id)).Tier);

        Assert.Equal(HttpStatusCode.OK, (await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{free.Id}/tier", new { tier = "monitor" }, adminKey: MailHarness.AdminKey)).StatusCode);
        for (var i = 2; i <= 25; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{free.Id}/subscriptions/limit-{i}", bearer: manage)).StatusCode);
        }

        var twentySixth = await h.SendAsync(HttpMethod.Put, $"/api/subscribers/{free.Id}/subscriptions/limit-26", bearer: manage);
        Assert.Equal(HttpStatusCode.Conflict, twentySixth.StatusCode);
        Assert.Contains("Monitor tier follows at most 25 platforms", (await MailHarness.JsonAsync(twentySixth)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(25, (await h.Subscriptions.GetAsync(free.Id)).Following.Count);
    }

    [Fact]
    public async Task BadInput_Gets400ProblemThatSaysWhatIsWrong_AndStoresNothing()
    {
        await using var h = await MailHarness.CreateAsync();
        var email = MailHarness.UniqueEmail("bad");

        var badEmail = await h.SendAsync(HttpMethod.Post, "/api/subscribers", new { email = "Ann <" + email + ">" });
        var unknownField = await h.SendAsync(HttpMethod.Post, "/api/subscribers", new { email, plan = "gold" });
        var notJson = await h.SendAsync(HttpMethod.Post, "/api/subscribers", "{\"email\": ");
        var monitorSignUp = await h.SendAsync(HttpMethod.Post, "/api/subscribers", new { email, tier = "monitor" });

        foreach (var response in new[] { badEmail, unknownField, notJson, monitorSignUp })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        var problem = await MailHarness.JsonAsync(badEmail);
        Assert.Contains("display name", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("field this request does not take", (await MailHarness.JsonAsync(unknownField)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await h.Services.GetRequiredService<ISubscriberStore>().FindByEmailAsync(email));
        Assert.Empty(h.SendGrid.To(email));
    }

    [Fact]
    public async Task DuplicateQueueDelivery_SendsOneEmail()
    {
        await using var h = await MailHarness.CreateAsync();
        var monitor = await h.SubscribeAsync(Tier.Monitor);
        var changeId = await h.RecordChangeAsync();
        await h.DrainMineAsync(StorageNames.Queues.Changes, changeId, (_, _) => Task.CompletedTask);

        // The same alert delivered three times (a queue may deliver a message more than once).
        for (var i = 0; i < 3; i++)
        {
            await h.Queue.EnqueueAsync(StorageNames.Queues.Alerts, new AlertMessage(monitor.Id, changeId));
        }

        var sender = h.Services.GetRequiredService<AlertSender>();
        var handled = await h.DrainMineAsync(StorageNames.Queues.Alerts, changeId, sender.HandleAsync);

        Assert.Equal(3, handled);
        Assert.Single(h.SendGrid.To(monitor.Email));
        Assert.Equal(DeliveryOutcome.AlreadySent, await sender.SendAsync(new AlertMessage(monitor.Id, changeId)));
        Assert.Single(h.SendGrid.To(monitor.Email));
    }

    [Fact]
    public async Task SendGrid500Then202_SendsOnce()
    {
        await using var h = await MailHarness.CreateAsync();
        var monitor = await h.SubscribeAsync(Tier.Monitor);
        var changeId = await h.RecordChangeAsync();
        h.SendGrid.Answer(500, 202);

        var outcome = await h.Services.GetRequiredService<AlertSender>().SendAsync(new AlertMessage(monitor.Id, changeId));

        Assert.Equal(DeliveryOutcome.Sent, outcome);
        Assert.Equal([500, 202], h.SendGrid.Attempts.Where(a => a.To == monitor.Email).Select(a => a.Status));
        Assert.Single(h.SendGrid.To(monitor.Email));
        var delivery = await h.Services.GetRequiredService<IDeliveryStore>().GetAsync(monitor.Id, Delivery.AlertKey(changeId));
        Assert.Equal(DeliveryState.Sent, delivery!.State);
        Assert.Equal(1, delivery.Attempts);
    }

    [Fact]
    public async Task SendGridFailingEveryTime_MessageGoesToPoison_AndTheFailureIsLoggedWithSubscriberAndChange()
    {
        await using var h = await MailHarness.CreateAsync(new Dictionary<string, string?> { ["Monitors:Deliveries:MaxAttempts"] = "1" });
        var monitor = await h.SubscribeAsync(Tier.Monitor);
        var changeId = await h.RecordChangeAsync();
        h.SendGrid.Answer(503, 503, 503);
        await h.Queue.EnqueueAsync(StorageNames.Queues.Alerts, new AlertMessage(monitor.Id, changeId));

        var handled = await h.DrainMineAsync(StorageNames.Queues.Alerts, changeId, h.Services.GetRequiredService<AlertSender>().HandleAsync, maxDequeueCount: 1);

        Assert.Equal(0, handled);
        Assert.Equal(3, h.SendGrid.Attempts.Count(a => a.To == monitor.Email));
        Assert.Empty(h.SendGrid.To(monitor.Email));
        var poisoned = await h.Queue.ReceiveAsync(StorageNames.Queues.PoisonOf(StorageNames.Queues.Alerts), 32, TimeSpan.FromSeconds(1));
        Assert.Contains(poisoned, m => m.Body.Contains(monitor.Id, StringComparison.Ordinal) && m.Body.Contains(changeId, StringComparison.Ordinal));
        Assert.Contains(h.Log.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error
            && l.Message.Contains(monitor.Id, StringComparison.Ordinal) && l.Message.Contains(changeId, StringComparison.Ordinal));
        Assert.Equal(DeliveryState.Failed, (await h.Services.GetRequiredService<IDeliveryStore>().GetAsync(monitor.Id, Delivery.AlertKey(changeId)))!.State);
    }

    [Fact]
    public async Task Unsubscribe_OneClick_StopsAlertsAndDigests()
    {
        await using var h = await MailHarness.CreateAsync();
        var monitor = await h.SubscribeAsync(Tier.Monitor);
        var firstChange = await h.RecordChangeAsync();
        await h.DeliverAlertsAsync(firstChange);
        var alert = Assert.Single(h.SendGrid.To(monitor.Email));
        var unsubscribe = alert.Headers["List-Unsubscribe"].Trim('<', '>');

        // GET shows a page with a button and changes nothing (link scanners follow links).
        var landing = await h.SendAsync(HttpMethod.Get, unsubscribe);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains("<form method=\"post\"", await landing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await h.Subscriptions.GetAsync(monitor.Id)).ReceivesAlerts);

        // The mail client's one-click POST (RFC 8058).
        var post = new HttpRequestMessage(HttpMethod.Post, unsubscribe[MailHarness.PublicBase.Length..])
        {
            Content = new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        Assert.Equal(HttpStatusCode.OK, (await h.Http.SendAsync(post)).StatusCode);

        var secondChange = await h.RecordChangeAsync("Disputes go to binding arbitration.");
        await h.DeliverAlertsAsync(secondChange);
        var stale = await h.Services.GetRequiredService<AlertSender>().SendAsync(new AlertMessage(monitor.Id, secondChange));
        var enqueued = await h.Services.GetRequiredService<DigestScheduler>().EnqueueAsync();
        var digest = await h.Services.GetRequiredService<DigestSender>().SendAsync(new DigestMessage(monitor.Id, "2026-W10", h.Pipeline.Clock.GetUtcNow()));

        Assert.Equal(DeliveryOutcome.NotEligible, stale);
        Assert.DoesNotContain(enqueued, m => m.SubscriberId == monitor.Id);
        Assert.Equal(DeliveryOutcome.NotEligible, digest);
        Assert.Single(h.SendGrid.To(monitor.Email));
    }

    [Fact]
    public async Task TamperedExpiredOrForeignToken_IsRefused_AndChangesNothing()
    {
        await using var h = await MailHarness.CreateAsync();
        var ann = await h.SubscribeAsync(Tier.Monitor);
        var bob = await h.SubscribeAsync(Tier.Monitor);
        var tokens = h.Services.GetRequiredService<TokenService>();
        var annManage = tokens.Issue(ann.Id, TokenPurpose.Manage);
        var parts = annManage.Split('.');
        var bobPayload = tokens.Issue(bob.Id, TokenPurpose.Manage).Split('.')[1];
        var tampered = $"{parts[0]}.{bobPayload}.{parts[2]}";

        var patch = new { weeklyDigest = false };
        var withTampered = await h.SendAsync(HttpMethod.Patch, $"/api/subscribers/{bob.Id}/preferences", patch, bearer: tampered);
        var withUnsubscribeToken = await h.SendAsync(HttpMethod.Patch, $"/api/subscribers/{ann.Id}/preferences", patch, bearer: tokens.Issue(ann.Id, TokenPurpose.Unsubscribe));
        var withAnnsTokenOnBob = await h.SendAsync(HttpMethod.Patch, $"/api/subscribers/{bob.Id}/preferences", patch, bearer: annManage);
        var withoutToken = await h.SendAsync(HttpMethod.Get, $"/api/subscribers/{ann.Id}");
        var tamperedConfirm = await h.SendAsync(HttpMethod.Get, $"/api/confirm?token={Uri.EscapeDataString(tampered)}", accept: "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, withTampered.StatusCode);
        Assert.Equal("BadSignature", (await MailHarness.JsonAsync(withTampered)).GetProperty("reason").GetString());
        Assert.Equal("WrongPurpose", (await MailHarness.JsonAsync(withUnsubscribeToken)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, withAnnsTokenOnBob.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tamperedConfirm.StatusCode);

        h.Pipeline.Clock.Advance(TimeSpan.FromDays(91));
        var expired = await h.SendAsync(HttpMethod.Patch, $"/api/subscribers/{ann.Id}/preferences", patch, bearer: annManage);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("Expired", (await MailHarness.JsonAsync(expired)).GetProperty("reason").GetString());

        Assert.True((await h.Subscriptions.GetAsync(ann.Id)).Preferences.WeeklyDigest);
        Assert.True((await h.Subscriptions.GetAsync(bob.Id)).Preferences.WeeklyDigest);

        var fresh = tokens.Issue(ann.Id, TokenPurpose.Manage);
        var ok = await h.SendAsync(HttpMethod.Patch, $"/api/subscribers/{ann.Id}/preferences", patch, bearer: fresh);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False((await h.Subscriptions.GetAsync(ann.Id)).Preferences.WeeklyDigest);
    }

    [Fact]
    public async Task ScriptInTheChangedText_RendersInertInTheEmailAndOnThePage()
    {
        await using var h = await MailHarness.CreateAsync();
        var monitor = await h.SubscribeAsync(Tier.Monitor);

        // Escaped in the page's HTML, so the extracted text holds a literal <script> tag.
        var changeId = await h.RecordChangeAsync("Run &lt;script&gt;alert(document.cookie)&lt;/script&gt; now &lt;img src=x onerror=alert(1)&gt;.");
        var record = await h.Services.GetRequiredService<IChangeStore>().GetAsync(changeId);
        Assert.Contains(record!.Changes, c => (c.After ?? string.Empty).Contains("<script>", StringComparison.Ordinal));
        await h.DeliverAlertsAsync(changeId);

        var alert = Assert.Single(h.SendGrid.To(monitor.Email));
        Assert.DoesNotContain("<script", alert.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", alert.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(document.cookie)&lt;/script&gt;", alert.Html, StringComparison.Ordinal);
        Assert.Contains("<script>alert(document.cookie)</script>", alert.Text, StringComparison.Ordinal);

        var page = await h.SendAsync(HttpMethod.Get, $"/changes/{changeId}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
