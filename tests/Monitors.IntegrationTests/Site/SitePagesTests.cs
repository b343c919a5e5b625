using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Site;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;
using Monitors.IntegrationTests.Alerts;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Site;

/// <summary>
/// Every page type, feed and form of the site, served by the same loopback Kestrel host as <c>monitors serve</c>, over
/// versions and change records the real checker recorded on Azurite (so the read models are the ones a check writes).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SitePagesTests
{
    private const string Arbitration = "All disputes will be resolved by binding arbitration and you waive any class action.";

    [Fact]
    public async Task Home_ListsPlatformsAndLatestChange_UnderAStrictCsp()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync(Arbitration);

        var response = await h.Http.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"href=\"/platforms/{h.PlatformId}\"", html, StringComparison.Ordinal);
        // The home page lists the newest changes of every platform (a shared index here, where other tests record too).
        Assert.Matches(new Regex("data-testid=\"latest-changes\">\\s*<li[^>]*>\\s*<a href=\"/changes/"), html);
        Assert.NotEmpty(changeId);
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__af\"", html, StringComparison.Ordinal);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformPage_ShowsCoverageAndTimeline_AndAnswers304ToItsETag()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync(Arbitration);

        var response = await h.Http.GetAsync(new Uri($"/platforms/{h.PlatformId}", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Last checked successfully", html, StringComparison.Ordinal);
        Assert.Contains($"/changes/{changeId}", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/platforms/{h.PlatformId}/feed.atom\"", html, StringComparison.Ordinal);
        Assert.Contains($"/subscribe?platform={h.PlatformId}", html, StringComparison.Ordinal);
        Assert.StartsWith("public", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/platforms/{h.PlatformId}");
        again.Headers.IfNoneMatch.Add(etag);
        var cached = await h.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Empty(await cached.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DocumentPage_ListsVersionsAndOutline_AndDiffsAnyTwoVersionsInlineAndSideBySide()
    {
        await using var h = await MailHarness.CreateAsync();
        await h.RecordChangeAsync(Arbitration);
        var versions = await Versions(h);
        Assert.Equal(2, versions.Count);

        var page = await GetHtml(h, $"/platforms/{h.PlatformId}/documents/terms");
        Assert.Contains(versions[0].VersionId[..8], page, StringComparison.Ordinal);
        Assert.Contains(versions[1].VersionId[..8], page, StringComparison.Ordinal);
        Assert.Contains("binding arbitration", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/topics/arbitration\"", page, StringComparison.Ordinal);

        var inline = await GetHtml(h, $"/platforms/{h.PlatformId}/documents/terms/diff?from={versions[1].VersionId}&to={versions[0].VersionId}");
        Assert.Matches(new Regex("<ins>[^<]*arbitration"), inline);
        Assert.Contains("4.1", inline, StringComparison.Ordinal); // the clause path of the hunk

        var side = await GetHtml(h, $"/platforms/{h.PlatformId}/documents/terms/diff?from={versions[1].VersionId}&to={versions[0].VersionId}&view=side");
        Assert.Contains("class=\"side-by-side\"", side, StringComparison.Ordinal);
        Assert.Contains("Before", side, StringComparison.Ordinal);

        var archived = await GetHtml(h, $"/platforms/{h.PlatformId}/documents/terms/versions/{versions[1].VersionId}");
        Assert.Contains("governed by the laws of Ireland", archived, StringComparison.Ordinal);
        Assert.DoesNotContain("arbitration", archived, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_VersionOfAnotherDocument_Is400AndSaysWhichField()
    {
        await using var h = await MailHarness.CreateAsync();
        await h.RecordChangeAsync(Arbitration);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/platforms/{h.PlatformId}/documents/terms/diff?from={new string('a', 64)}");
        var response = await h.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task ChangePage_LinksBothVersionsTheDiffAndSaysWhatToCheck()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync(Arbitration);
        var versions = await Versions(h);

        var html = await GetHtml(h, $"/changes/{changeId}");

        Assert.Contains($"/versions/{versions[1].VersionId}", html, StringComparison.Ordinal);
        Assert.Contains($"/versions/{versions[0].VersionId}", html, StringComparison.Ordinal);
        Assert.Contains($"/diff?from={versions[1].VersionId}&amp;to={versions[0].VersionId}", html, StringComparison.Ordinal);
        Assert.Contains("What to check", html, StringComparison.Ordinal);
        Assert.Contains(DueDiligence.Embedded.For("arbitration")[0], html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/platforms/{h.PlatformId}/documents/terms/clauses/", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicPage_ComparesCurrentClauses_AndForgetsAClauseOnceItIsRemoved()
    {
        await using var h = await MailHarness.CreateAsync();
        await h.RecordChangeAsync(Arbitration);

        var html = await GetHtml(h, "/topics/arbitration");
        Assert.Contains($"href=\"/platforms/{h.PlatformId}\"", html, StringComparison.Ordinal);
        Assert.Contains("binding arbitration", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Changes about Arbitration", html, StringComparison.Ordinal);

        await h.RecordChangeAsync("We may share usage data with partners for analytics.");
        var rows = await h.Services.GetRequiredService<ISiteIndex>().ListTopicAsync("arbitration");
        Assert.DoesNotContain(rows, r => r.Document.PlatformId == h.PlatformId);
    }

    [Fact]
    public async Task TopicPage_ManyPlatforms_ComesInPagesOfPlatformsThatTogetherListEachOnce()
    {
        await using var h = await MailHarness.CreateAsync();
        var index = h.Services.GetRequiredService<ISiteIndex>();
        var run = Guid.NewGuid().ToString("n")[..8];
        var count = SitePages.TopicPlatformsPerPage + 5;
        // Names that sort before other tests' platforms, so pages other tests add to do not move these between pages.
        var ids = Enumerable.Range(1, count).Select(i => $"paging-{run}-{i:00}").ToArray();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var key = new DocumentKey(id, "terms");
            await index.ReplaceClausesAsync(key, [new ClauseEntry(key, $"000 Paging {run} {i:00}", "Terms", $"{i:x8}", "1 › 1.1", "Disputes", null, "Clause", 1, 2,
                "All disputes go to binding arbitration.", ["arbitration"], DateTimeOffset.UnixEpoch, null)], []);
        }

        var seen = new List<string>();
        var path = "/topics/arbitration";
        var pages = 0;
        while (true)
        {
            var html = WebUtility.HtmlDecode(await GetHtml(h, path));
            pages++;
            var cards = Regex.Count(html, "<section class=\"card\"");
            Assert.InRange(cards, 1, SitePages.TopicPlatformsPerPage);
            seen.AddRange(Regex.Matches(html, "href=\"/platforms/(paging-" + run + "-\\d+)\"").Select(m => m.Groups[1].Value));
            var next = Regex.Match(html, "href=\"(/topics/arbitration\\?page=\\d+)\" rel=\"next\"");
            if (!next.Success)
            {
                break;
            }

            path = next.Groups[1].Value;
        }

        Assert.True(pages >= 2, $"{count} platforms carrying the topic came on {pages} page(s)");
        Assert.Equal(ids, seen.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await h.Http.GetAsync(new Uri($"/topics/arbitration?page={pages + 1}", UriKind.Relative))).StatusCode);

        var bad = await h.Http.GetAsync(new Uri("/api/topics/arbitration?page=first", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("page", out _));
    }

    [Fact]
    public async Task ProvisionPage_ShowsExcerptTopicsRegulationsAndItsHistory()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync(Arbitration);
        var clause = (await h.Services.GetRequiredService<ISiteIndex>().ListClausesAsync(new DocumentKey(h.PlatformId, "terms")))
            .Single(c => c.Text.Contains("binding arbitration", StringComparison.Ordinal));
        Assert.Contains("arbitration", clause.TopicIds);

        var html = await GetHtml(h, $"/platforms/{h.PlatformId}/documents/terms/clauses/{clause.Key}");

        Assert.Contains("binding arbitration", html, StringComparison.Ordinal);
        Assert.Contains("Arbitration and class-action waiver", html, StringComparison.Ordinal);
        Assert.Contains(DueDiligence.Embedded.For("arbitration")[0], html, StringComparison.Ordinal);
        Assert.Contains($"/changes/{changeId}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_FiltersByWordsPlatformTopicSeverityAndDates_AndRefusesAnUnknownTopic()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync(Arbitration);
        var p = h.PlatformId;

        Assert.Contains(changeId, await GetHtml(h, $"/search?q=binding+arbitration&platform={p}"), StringComparison.Ordinal);
        Assert.Contains(changeId, await GetHtml(h, $"/search?platform={p}&topic=arbitration"), StringComparison.Ordinal);
        Assert.DoesNotContain(changeId, await GetHtml(h, $"/search?platform={p}&topic=children"), StringComparison.Ordinal);
        Assert.DoesNotContain(changeId, await GetHtml(h, $"/search?q=zanzibar&platform={p}"), StringComparison.Ordinal);
        Assert.DoesNotContain(changeId, await GetHtml(h, $"/search?platform={p}&to=2000-01-01"), StringComparison.Ordinal);

        var json = await h.Http.GetStringAsync(new Uri($"/api/changes?platform={p}&regulation=DSA", UriKind.Relative));
        using var results = JsonDocument.Parse(json);
        Assert.Contains(results.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("id").GetString() == changeId);

        var refused = await h.Http.GetAsync(new Uri("/search?topic=no-such-topic", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("There is no topic", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_OfSitePlatformDocumentAndTopic_AreAtomWithTheChange()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync(Arbitration);
        XNamespace atom = "http://www.w3.org/2005/Atom";

        foreach (var path in new[] { "/feeds/changes.atom", $"/platforms/{h.PlatformId}/feed.atom", $"/platforms/{h.PlatformId}/documents/terms/feed.atom", "/topics/arbitration/feed.atom" })
        {
            var response = await h.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
            Assert.NotNull(response.Headers.ETag);
            var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
            Assert.Equal(atom + "feed", feed.Name);
            Assert.False(string.IsNullOrWhiteSpace(feed.Element(atom + "id")?.Value), path);
            Assert.False(string.IsNullOrWhiteSpace(feed.Element(atom + "title")?.Value), path);
            Assert.True(DateTimeOffset.TryParse(feed.Element(atom + "updated")?.Value, out _), path);
            Assert.Contains(feed.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "self");
            var entries = feed.Elements(atom + "entry").ToList();
            Assert.NotEmpty(entries);
            Assert.All(entries, entry =>
            {
                Assert.StartsWith(MailHarness.PublicBase + "/changes/", entry.Element(atom + "link")!.Attribute("href")!.Value, StringComparison.Ordinal);
                Assert.True(DateTimeOffset.TryParse(entry.Element(atom + "updated")?.Value, out _));
                Assert.False(string.IsNullOrWhiteSpace(entry.Element(atom + "title")?.Value));
            });
            if (path.StartsWith("/topics/", StringComparison.Ordinal))
            {
                Assert.All(entries, entry => Assert.Contains(entry.Elements(atom + "category"), c => (string?)c.Attribute("term") == "arbitration"));
            }

            if (path.StartsWith("/platforms/", StringComparison.Ordinal))
            {
                // The site and topic feeds hold the newest changes of every platform (other tests' too); a platform's holds this one.
                Assert.Contains(entries, e => e.Element(atom + "id")!.Value.EndsWith("/changes/" + changeId, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task PlatformJson_IsTheSameDataAsThePage()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync(Arbitration);

        using var json = JsonDocument.Parse(await h.Http.GetStringAsync(new Uri($"/api/platforms/{h.PlatformId}", UriKind.Relative)));

        Assert.Equal(h.PlatformId, json.RootElement.GetProperty("id").GetString());
        Assert.Contains(json.RootElement.GetProperty("timeline").EnumerateArray(), c => c.GetProperty("id").GetString() == changeId);
        Assert.Equal("terms", json.RootElement.GetProperty("documents")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task UnknownPageAndPlatform_Are404Pages_AndUnknownApiPathIsProblemJson()
    {
        await using var h = await MailHarness.CreateAsync();

        var page = await h.Http.GetAsync(new Uri("/platforms/no-such-platform", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-such-platform", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var api = await h.Http.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task SignUpForm_WithoutItsAntiforgeryToken_IsRefusedAndSendsNothing()
    {
        await using var h = await MailHarness.CreateAsync();
        var email = MailHarness.UniqueEmail("forged");

        var response = await h.Http.PostAsync(new Uri("/subscribe", UriKind.Relative), Form(("email", email), ("tier", "free"), ("platform", h.PlatformId)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(h.SendGrid.To(email));
    }

    [Fact]
    public async Task SignUpForm_WithItsToken_SendsTheConfirmationEmail()
    {
        await using var h = await MailHarness.CreateAsync();
        var email = MailHarness.UniqueEmail("form");
        var token = await AntiforgeryToken(h, "/subscribe");

        var response = await h.Http.PostAsync(new Uri("/subscribe", UriKind.Relative), Form(("__af", token), ("email", email), ("tier", "free"), ("platform", h.PlatformId)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("Check your inbox", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(h.SendGrid.To(email));
    }

    [Fact]
    public async Task ManageForm_UnknownTopicOrSection_IsRefusedWithAMessage_AndNothingIsStored()
    {
        await using var h = await MailHarness.CreateAsync();
        await h.RecordChangeAsync(Arbitration);
        var s = await h.SubscribeAsync(Tier.Free);
        var manage = h.Services.GetRequiredService<TokenService>().Issue(s.Id, TokenPurpose.Manage);
        var token = await AntiforgeryToken(h, $"/manage?token={Uri.EscapeDataString(manage)}");

        var topic = await h.Http.PostAsync(new Uri("/manage/follow", UriKind.Relative), Form(("__af", token), ("token", manage), ("platform", h.PlatformId), ("topic", "no-such-topic")));
        Assert.Equal(HttpStatusCode.BadRequest, topic.StatusCode);
        Assert.Contains("There is no topic", await topic.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var section = await h.Http.PostAsync(new Uri("/manage/follow", UriKind.Relative), Form(("__af", token), ("token", manage), ("platform", h.PlatformId), ("section", "99 › 99.9")));
        Assert.Equal(HttpStatusCode.BadRequest, section.StatusCode);
        Assert.Contains("has no section", await section.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Null((await h.Subscriptions.ListSubscriptionsAsync(s.Id)).Single().Filter);
    }

    [Fact]
    public async Task ManageForm_NarrowsAFollowByAValidTopic_AndRedirectsBackToTheManagePage()
    {
        await using var h = await MailHarness.CreateAsync();
        await h.RecordChangeAsync(Arbitration);
        var s = await h.SubscribeAsync(Tier.Free);
        var manage = h.Services.GetRequiredService<TokenService>().Issue(s.Id, TokenPurpose.Manage);
        var page = await GetHtml(h, $"/manage?token={Uri.EscapeDataString(manage)}");
        Assert.Contains("value=\"arbitration\"", page, StringComparison.Ordinal);
        var token = AntiforgeryField().Match(page).Groups[1].Value;

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = h.Http.BaseAddress };
        var fresh = AntiforgeryField().Match(await noRedirect.GetStringAsync(new Uri($"/manage?token={Uri.EscapeDataString(manage)}", UriKind.Relative))).Groups[1].Value;
        var response = await noRedirect.PostAsync(new Uri("/manage/follow", UriKind.Relative), Form(("__af", WebUtility.HtmlDecode(fresh)), ("token", manage), ("platform", h.PlatformId), ("topic", "arbitration")));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/manage?token=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(["arbitration"], (await h.Subscriptions.ListSubscriptionsAsync(s.Id)).Single().Filter!.TopicIds);
        Assert.NotEmpty(token);
    }

    private static async Task<IReadOnlyList<VersionEntry>> Versions(MailHarness h)
    {
        var list = new List<VersionEntry>();
        await foreach (var v in h.Services.GetRequiredService<IVersionHistory>().ListAsync(new DocumentKey(h.PlatformId, "terms")))
        {
            list.Add(v);
        }

        return list;
    }

    private static async Task<string> GetHtml(MailHarness h, string path)
    {
        var response = await h.Http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return html;
    }

    private static async Task<string> AntiforgeryToken(MailHarness h, string path) =>
        WebUtility.HtmlDecode(AntiforgeryField().Match(await GetHtml(h, path)).Groups[1].Value);

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
