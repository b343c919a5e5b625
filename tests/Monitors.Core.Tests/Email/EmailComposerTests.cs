using Monitors.Core.Changes;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;
using Monitors.Core.Tests.Subscriptions;

namespace Monitors.Core.Tests.Email;

public sealed class EmailComposerTests
{
    private const string Script = "<script>alert('x')</script>";

    [Fact]
    public async Task Alert_SubjectNamesPlatformAndDocument_AndCarriesOneClickUnsubscribeHeaders()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1");

        var email = f.Composer.Alert(s, SubscriptionsFixture.Change(platformName: "AWS Bedrock", documentTitle: "AWS Service Terms"));

        Assert.Equal("AWS Bedrock changed its AWS Service Terms", email.Subject);
        Assert.Equal("ann@example.com", email.To);
        var unsubscribe = email.Headers!["List-Unsubscribe"];
        Assert.StartsWith("<https://monitors.example.com/api/unsubscribe?token=", unsubscribe, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        var token = Uri.UnescapeDataString(unsubscribe[(unsubscribe.IndexOf("token=", StringComparison.Ordinal) + 6)..^1]);
        Assert.Equal(s.Id, f.Tokens.Validate(token, TokenPurpose.Unsubscribe));
    }

    [Fact]
    public async Task Alert_BothParts_HaveHeadlineDiffTopicsSeverityLinksAndWhy()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1");

        var email = f.Composer.Alert(s, SubscriptionsFixture.Change(severity: Severity.High));

        Assert.Contains("<del style=\"background:#fbdada;color:#9b1c1c;text-decoration:line-through;\">We do not use</del>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<ins style=\"background:#d7f5dd;color:#0b5d1e;text-decoration:none;\">We may use</ins>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("[-We do not use-]{+We may use+} your content{+ to train models+}.", email.TextBody, StringComparison.Ordinal);
        foreach (var body in new[] { email.HtmlBody, email.TextBody })
        {
            Assert.Contains("Platform 1 changed its Terms of Service", body, StringComparison.Ordinal);
            Assert.Contains("AI training", body, StringComparison.Ordinal);
            Assert.Contains("severity High", body, StringComparison.Ordinal);
            Assert.Contains("https://monitors.example.com/changes/20260302-0123456789ab", body, StringComparison.Ordinal);
            Assert.Contains("https://monitors.example.com/manage?token=", body, StringComparison.Ordinal);
            Assert.Contains("You get this email because you follow Platform 1 on the Monitor tier", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Alert_ScriptInEveryDocumentString_IsInertInTheHtml()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1");
        var record = SubscriptionsFixture.Change(
            platformName: "Evil " + Script,
            documentTitle: "Terms " + Script,
            headline: "Headline " + Script,
            changes: [new ClauseChange("Path " + Script, null, ClauseChangeKind.Modified, "a", "b " + Script,
                [new(SegmentKind.Deleted, Script), new(SegmentKind.Inserted, "<img src=x onerror=alert(1)>"), new(SegmentKind.Unchanged, "\" onmouseover=\"x")], "Summary " + Script)],
            topics: [new TopicMatch("t", "Topic " + Script, [])]);

        var email = f.Composer.Alert(s, record);

        Assert.DoesNotContain("<script", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\" onmouseover", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_DocumentTitleWithLineBreaks_GivesAOneLineSubject()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1");

        var email = f.Composer.Alert(s, SubscriptionsFixture.Change(documentTitle: "Terms\r\nBcc: victim@example.com"));

        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain('\r', email.Subject);
        Assert.Equal("Platform 1 changed its Terms Bcc: victim@example.com", email.Subject);
    }

    [Fact]
    public async Task Alert_ManyPassages_ShowsTheFirstAndLinksTheRest()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1");
        var many = Enumerable.Range(1, EmailComposer.MaxPassagesInAlert + 3)
            .Select(i => new ClauseChange($"Section {i}", null, ClauseChangeKind.Added, null, $"Clause number {i}.", [new(SegmentKind.Inserted, $"Clause number {i}.")], $"Clause number {i}."))
            .ToArray();

        var email = f.Composer.Alert(s, SubscriptionsFixture.Change(changes: many));

        Assert.Contains($"Clause number {EmailComposer.MaxPassagesInAlert}.", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain($"Clause number {EmailComposer.MaxPassagesInAlert + 1}.", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("3 more changed passages", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_GroupsByPlatform_MostSevereFirst()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Monitor, "platform-1", "platform-2");
        var low = SubscriptionsFixture.Change(id: "20260301-00000000000a", headline: "Low one on P1", severity: Severity.Low);
        var high = SubscriptionsFixture.Change(platformId: "platform-2", platformName: "Platform 2", id: "20260301-00000000000b", headline: "High one on P2", severity: Severity.High);
        var medium = SubscriptionsFixture.Change(id: "20260301-00000000000c", headline: "Medium one on P1", severity: Severity.Medium);
        var end = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

        var email = f.Composer.Digest(s, "2026-W10", end.AddDays(-7), end,
            [new DigestSection("platform-1", "Platform 1", [low, medium]), new DigestSection("platform-2", "Platform 2", [high])]);

        var text = email.TextBody;
        Assert.True(text.IndexOf("== Platform 2", StringComparison.Ordinal) < text.IndexOf("== Platform 1", StringComparison.Ordinal), text);
        Assert.True(text.IndexOf("Medium one on P1", StringComparison.Ordinal) < text.IndexOf("Low one on P1", StringComparison.Ordinal), text);
        Assert.Equal("Weekly digest 2026-W10: 3 changes on Platform 2 and Platform 1", email.Subject);
        Assert.Contains("List-Unsubscribe", email.Headers!.Keys);
    }

    [Fact]
    public async Task Digest_QuietWeek_SaysNothingChanged()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Free, "platform-1");
        var end = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

        var email = f.Composer.Digest(s, "2026-W10", end.AddDays(-7), end, [new DigestSection("platform-1", "Platform 1", [])]);

        Assert.Equal("Weekly digest 2026-W10: nothing changed on your platforms", email.Subject);
        Assert.Contains("Nothing changed on your platforms this week", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Nothing changed on your platforms this week", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_ChangesAndADocumentThatCouldNotBeChecked_ListsBoth_AndNeverClaimsFullCoverage()
    {
        var f = new SubscriptionsFixture();
        var s = await f.ConfirmedAsync("ann@example.com", Tier.Free, "platform-1");
        var end = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var gap = new Monitors.Core.Checking.DocumentCoverage("platform-1", "Platform 1", "dpa", "Data Processing Addendum",
            Monitors.Core.Checking.CoverageStatus.Failing, end.AddDays(-9), end.AddDays(-8), 30, Monitors.Core.Fetching.FailureKind.Blocked, "403", NeedsAttention: true);

        var quiet = f.Composer.Digest(s, "2026-W10", end.AddDays(-7), end, [new DigestSection("platform-1", "Platform 1", [], [gap])]);
        var busy = f.Composer.Digest(s, "2026-W10", end.AddDays(-7), end, [new DigestSection("platform-1", "Platform 1", [SubscriptionsFixture.Change()], [gap])]);

        Assert.Equal("Weekly digest 2026-W10: no change found, 1 document could not be checked", quiet.Subject);
        Assert.EndsWith("; 1 document could not be checked", busy.Subject, StringComparison.Ordinal);
        foreach (var body in new[] { quiet.TextBody, quiet.HtmlBody, busy.TextBody, busy.HtmlBody })
        {
            Assert.Contains("Could not check", body, StringComparison.Ordinal);
            Assert.Contains("Data Processing Addendum", body, StringComparison.Ordinal);
            Assert.Contains("could not be checked since 22 February 2026, 08:00 UTC", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Nothing changed", body, StringComparison.Ordinal);
            Assert.DoesNotContain("We checked every document", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Confirmation_LinksAValidConfirmToken_AndHasNoUnsubscribeHeader()
    {
        var f = new SubscriptionsFixture();
        var s = (await f.Service.SignUpAsync("ann@example.com", ["platform-1"])).Subscriber;

        var email = f.Composer.Confirmation(s);

        var at = email.TextBody.IndexOf("token=", StringComparison.Ordinal) + 6;
        var token = Uri.UnescapeDataString(email.TextBody[at..].Split('\n')[0].Trim());
        Assert.Equal(s.Id, f.Tokens.Validate(token, TokenPurpose.Confirm));
        Assert.Null(email.Headers);
        Assert.Contains("Platform 1", email.HtmlBody, StringComparison.Ordinal);
    }
}
