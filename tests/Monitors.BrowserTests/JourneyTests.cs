using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Playwright;

namespace Monitors.BrowserTests;

/// <summary>
/// A person who never opens a terminal, on the demo's site, by clicking: from the home page to a platform, one of its
/// changes, a comparison of two versions and the cross-platform comparison of a topic; then signing up by form,
/// confirming with the link from the email, following a second platform narrowed to a topic, and unsubscribing. Every
/// page is audited (status, console, axe, sideways scroll, screenshot) at a phone and a desktop viewport.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class JourneyTests(SiteFixture site)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task Journey_HomeToDiffTopicSignUpNarrowAndUnsubscribe_ByClicking()
    {
        foreach (var viewport in Viewport.All)
        {
            await using var tab = await PageAudit.OpenAsync(site.Browser, viewport);
            var page = tab.Page;
            var step = $"journey {viewport.Name}:";

            await tab.GoToAsync(site.BaseUrl, "home");
            var newest = page.Locator("[data-testid=latest-changes] [data-testid=change-item]").First;
            var platformLink = newest.Locator(".meta a").First;
            var platformName = await platformLink.InnerTextAsync();
            await tab.ClickAsync(platformLink, "platform");
            Assert.Equal(platformName, await page.Locator("h1").InnerTextAsync());
            var platformId = LastSegment(page.Url);

            await tab.ClickAsync(page.Locator("[data-testid=timeline] [data-testid=change-item] > a"), "change");
            Assert.StartsWith(new Uri(site.BaseUrl, "changes/").ToString(), page.Url, StringComparison.Ordinal);

            // Any two versions: from the change's document, the oldest against the newest, side by side.
            await tab.ClickAsync(page.Locator("nav.breadcrumb a").Last, "document");
            var from = page.Locator("[data-testid=compare-form] select#from option");
            var oldest = await from.Last.GetAttributeAsync("value");
            await page.Locator("select#from").SelectOptionAsync(oldest!);
            await page.Locator("[data-testid=compare-form] input[name=view][value=side]").CheckAsync();
            await tab.ClickAsync(page.Locator("[data-testid=compare-form] button[type=submit]"), "diff side by side");
            Assert.Contains("view=side", page.Url, StringComparison.Ordinal);
            Assert.True(await page.Locator("[data-testid=diff] .side-by-side").CountAsync() > 0, $"{step} the side-by-side diff shows no passage:\n{await page.InnerTextAsync("main")}");
            await tab.ClickAsync(page.GetByRole(AriaRole.Link, new() { Name = "inline", Exact = true }), "diff inline");
            Assert.True(await page.Locator("[data-testid=diff] ins, [data-testid=diff] del").CountAsync() > 0, $"{step} the inline diff marks no word:\n{await page.InnerTextAsync("main")}");
            Assert.True(await page.Locator("[data-testid=diff] .hunk h2").CountAsync() > 0, $"{step} no hunk names its clause path");

            // The cross-platform comparison of a topic one of the changed passages carries.
            var topicBadge = page.Locator("[data-testid=diff] a.badge").First;
            var topicName = await topicBadge.InnerTextAsync();
            await tab.ClickAsync(topicBadge, "topic comparison");
            Assert.Matches(HowPlatforms(), await page.Locator("h1").InnerTextAsync());
            Assert.True(await page.Locator("[data-testid=comparison] section.card").CountAsync() >= 1, $"{step} the topic page compares no platform");
            Assert.True(await page.Locator($"[data-testid=comparison] a[href='/platforms/{platformId}']").CountAsync() == 1, $"{step} {platformName} is not in the comparison of {topicName}");

            // Sign up by form (Free tier, the platform just seen), then the confirmation link from the outbox.
            var email = $"journey-{viewport.Name}-{site.Suffix}@example.org";
            await tab.ClickAsync(page.Locator("header nav a[href='/subscribe']"), "subscribe form");
            await page.Locator("#email").FillAsync(email);
            await page.Locator($"input[name=platform][value='{platformId}']").CheckAsync();
            await tab.ClickAsync(page.Locator("[data-testid=subscribe-form] button[type=submit]"), "signed up", status: 202);
            Assert.Contains("Check your inbox", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);

            var confirm = await LinkFromOutboxAsync(email, "/api/confirm?token=");
            await tab.GoToAsync(confirm, "confirmed");
            Assert.Contains(platformName, await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await tab.ClickAsync(page.GetByRole(AriaRole.Link, new() { Name = "Manage your subscription" }), "manage");
            Assert.Equal(email, await page.GetByTestId("email").InnerTextAsync());
            Assert.Equal(1, await page.GetByTestId($"follow-{platformId}").CountAsync());

            // A second platform: the Free tier follows one, so the form says why it refuses and keeps the first.
            var second = new[] { "example-ai", "northwind-cloud", "brightdesk" }.Select(site.PlatformId).First(p => p != platformId);
            await page.Locator("select#new-platform").SelectOptionAsync(second);
            await tab.ClickAsync(page.Locator("form[action='/manage/follow'] button", new() { HasTextString = "Follow" }).Last, "follow refused on free", status: 409);
            Assert.Contains("Free", await page.GetByTestId("error").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.GetByTestId($"follow-{second}").CountAsync());

            // An operator moves them to the Monitor tier (as the sign-up form says); the person follows the second platform.
            await UpgradeAsync(email);
            await page.Locator("select#new-platform").SelectOptionAsync(second);
            await tab.ClickAsync(page.Locator("form[action='/manage/follow'] button", new() { HasTextString = "Follow" }).Last, "followed second platform");
            Assert.Contains("Saved", await page.GetByTestId("notice").InnerTextAsync(), StringComparison.Ordinal);
            var card = page.GetByTestId($"follow-{second}");
            Assert.Equal(1, await card.CountAsync());
            Assert.Contains("every change", await card.InnerTextAsync(), StringComparison.Ordinal);

            // Narrow it to the topic compared above.
            await card.GetByLabel(topicName, new() { Exact = true }).CheckAsync();
            await tab.ClickAsync(card.GetByRole(AriaRole.Button, new() { Name = "Save narrowing" }), "narrowed by topic");
            card = page.GetByTestId($"follow-{second}");
            Assert.Contains($"only topics: {topicName}", await card.InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await card.GetByLabel(topicName, new() { Exact = true }).IsCheckedAsync(), $"{step} the narrowing is not shown ticked");
            Assert.Equal(1, await page.GetByTestId($"follow-{platformId}").CountAsync());

            // Unsubscribe: the link opens a page with one button (a GET alone never unsubscribes).
            await tab.ClickAsync(page.GetByRole(AriaRole.Link, new() { Name = "Unsubscribe from everything" }), "unsubscribe page");
            await tab.ClickAsync(page.Locator("main form button[type=submit]"), "unsubscribed");
            Assert.Contains(email, await page.InnerTextAsync("main"), StringComparison.Ordinal);
            // Unsubscribed: kept (a later sign-up is answered as for a known address) but sent nothing any more.
            var (_, list) = await site.RunCliAsync(["subscribers", "list"], TimeSpan.FromMinutes(2));
            var row = list.Split('\n').Single(l => l.Contains(email, StringComparison.Ordinal));
            Assert.Matches(AlertsAndDigestOff(), row);
        }
    }

    [Fact]
    public async Task OtherPages_PlatformsDocumentVersionProvisionSearchAndFeeds_PassAndFeedsAreAtom()
    {
        var feeds = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var viewport in Viewport.All)
        {
            await using var tab = await PageAudit.OpenAsync(site.Browser, viewport);
            var page = tab.Page;
            var platformId = site.PlatformId("northwind-cloud");

            await tab.GoToAsync(site.BaseUrl, "home (feeds)");
            feeds.TryAdd("site", Assert.Single(await tab.FeedLinksAsync()));
            await tab.ClickAsync(page.Locator("header nav a[href='/platforms']"), "platforms index");
            Assert.True(await page.Locator($"a[href='/platforms/{platformId}']").CountAsync() == 1, "the platforms index does not list the demo's Northwind Cloud");
            await tab.ClickAsync(page.Locator($"a[href='/platforms/{platformId}']"), "platform (feeds)");
            feeds.TryAdd("platform", Assert.Single(await tab.FeedLinksAsync()));

            await tab.ClickAsync(page.Locator("[data-testid=documents] a"), "document (outline)");
            feeds.TryAdd("document", Assert.Single(await tab.FeedLinksAsync()));
            Assert.True(await page.Locator("[data-testid=versions] li").CountAsync() >= 2, "the document lists fewer than two versions");
            Assert.True(await page.Locator("[data-testid=outline] li").CountAsync() > 0, "the document has no clause outline");
            await tab.ClickAsync(page.Locator("[data-testid=versions] li a").Last, "archived version");
            Assert.True((await page.InnerTextAsync("main")).Length > 200, "the archived version shows no text");

            await tab.ClickAsync(page.Locator("nav.breadcrumb a").Last, "document again");
            var clause = page.Locator("[data-testid=outline] li:not(:has(strong)) a[href*='/clauses/']").First;
            await tab.ClickAsync(clause, "provision");
            Assert.True(await page.Locator("h1").CountAsync() == 1);

            // Search with filters, by the form: the platform alone, then narrowed by severity and a date range.
            await tab.ClickAsync(page.Locator("header nav a[href='/search']"), "search form");
            await page.Locator("select#platform").SelectOptionAsync(platformId);
            await tab.ClickAsync(page.GetByTestId("search-form").Locator("button[type=submit]"), "search by platform");
            var all = await page.Locator("[data-testid=results] [data-testid=change-item]").CountAsync();
            Assert.True(all > 0, $"no result for the platform:\n{await page.InnerTextAsync("main")}");
            Assert.Equal(all, await page.Locator("[data-testid=results] [data-testid=change-item] .meta", new() { HasTextString = "Northwind Cloud" }).CountAsync());

            var severity = await page.Locator("[data-testid=results] [data-testid=change-item] .meta span").First.InnerTextAsync();
            await page.Locator("select#severity").SelectOptionAsync(severity);
            var today = DateTime.UtcNow;
            await page.Locator("#from").FillAsync(today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.Locator("#to").FillAsync(today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await tab.ClickAsync(page.GetByTestId("search-form").Locator("button[type=submit]"), "search with filters");
            var filtered = page.Locator("[data-testid=results] [data-testid=change-item]");
            Assert.InRange(await filtered.CountAsync(), 1, all);
            Assert.Equal(await filtered.CountAsync(), await filtered.Locator(".meta span", new() { HasTextString = severity }).CountAsync());

            // A date range that ends before it starts is explained, not answered with nothing.
            await page.Locator("#from").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.Locator("#to").FillAsync(today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await tab.ClickAsync(page.GetByTestId("search-form").Locator("button[type=submit]"), "search refused", status: 400);
            Assert.Contains("start date", await page.GetByTestId("error").InnerTextAsync(), StringComparison.Ordinal);

            await tab.ClickAsync(page.Locator("header nav a[href='/topics']"), "topics");
            await tab.ClickAsync(page.Locator("main a[href^='/topics/']").First, "topic (feeds)");
            feeds.TryAdd("topic", Assert.Single(await tab.FeedLinksAsync()));
        }

        Assert.Equal(["document", "platform", "site", "topic"], feeds.Keys.Order(StringComparer.Ordinal));
        using var http = new HttpClient();
        foreach (var (kind, url) in feeds)
        {
            using var response = await http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind} feed {url}: {(int)response.StatusCode}");
            Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
            AssertAtom(kind, url, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>RFC 4287: well-formed, an atom:feed with one id, title, updated, an author (on the feed or on every entry) and links; entries with unique ids.</summary>
    private static void AssertAtom(string kind, Uri url, string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            Assert.Fail($"{kind} feed {url} is not well-formed XML: {e.Message}\n{xml}");
            return;
        }

        var feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var required in new[] { "id", "title", "updated" })
        {
            Assert.True(feed.Elements(Atom + required).Count() == 1, $"{kind} feed: atom:feed must have exactly one atom:{required}");
        }

        AssertAbsoluteIri(kind, feed.Element(Atom + "id")!.Value);
        AssertDate(kind, feed.Element(Atom + "updated")!.Value);
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == url.ToString());
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") is null or "alternate");

        var entries = feed.Elements(Atom + "entry").ToArray();
        Assert.True(entries.Length > 0, $"{kind} feed {url} has no entry");
        var feedHasAuthor = feed.Elements(Atom + "author").Any(a => !string.IsNullOrWhiteSpace(a.Element(Atom + "name")?.Value));
        foreach (var entry in entries)
        {
            foreach (var required in new[] { "id", "title", "updated" })
            {
                Assert.True(entry.Elements(Atom + required).Count() == 1, $"{kind} feed: an entry must have exactly one atom:{required}:\n{entry}");
            }

            AssertAbsoluteIri(kind, entry.Element(Atom + "id")!.Value);
            AssertDate(kind, entry.Element(Atom + "updated")!.Value);
            Assert.True(feedHasAuthor || entry.Elements(Atom + "author").Any(), $"{kind} feed: an entry without an author in a feed without one:\n{entry}");
            Assert.True(entry.Elements(Atom + "content").Any() || entry.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") is null or "alternate"),
                $"{kind} feed: an entry with neither content nor an alternate link:\n{entry}");
        }

        var ids = entries.Select(e => e.Element(Atom + "id")!.Value).ToArray();
        Assert.True(ids.Distinct(StringComparer.Ordinal).Count() == ids.Length, $"{kind} feed: entry ids repeat: {string.Join(", ", ids)}");
    }

    private static void AssertAbsoluteIri(string kind, string value) =>
        Assert.True(Uri.TryCreate(value, UriKind.Absolute, out _), $"{kind} feed: atom:id '{value}' is not an absolute IRI");

    private static void AssertDate(string kind, string value) =>
        Assert.True(DateTimeOffset.TryParseExact(value, ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            $"{kind} feed: '{value}' is not an RFC 3339 date-time");

    /// <summary>The link to <paramref name="pathAndQuery"/> in the newest email to <paramref name="email"/> in the outbox.</summary>
    private async Task<Uri> LinkFromOutboxAsync(string email, string pathAndQuery)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var files = Directory.Exists(site.Outbox) ? Directory.EnumerateFiles(site.Outbox, "*.html").OrderDescending(StringComparer.Ordinal).ToArray() : [];
            foreach (var file in files)
            {
                var html = WebUtility.HtmlDecode(await File.ReadAllTextAsync(file));
                var link = Href().Matches(html).Select(m => m.Groups[1].Value).FirstOrDefault(h => h.Contains(pathAndQuery, StringComparison.Ordinal));
                if (html.Contains(email, StringComparison.Ordinal) && link is not null)
                {
                    var url = new Uri(link);
                    Assert.Equal(site.BaseUrl.Authority, url.Authority);
                    return url;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no email to {email} with a {pathAndQuery} link in {site.Outbox} within 60 s:\n{site.ServeOutput()}");
            await Task.Delay(250);
        }
    }

    /// <summary>What an operator does to move a subscriber to the Monitor tier: <c>monitors subscribers list</c>, then <c>tier</c>.</summary>
    private async Task UpgradeAsync(string email)
    {
        var (exit, list) = await site.RunCliAsync(["subscribers", "list"], TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, list);
        var id = list.Split('\n').Where(l => l.Contains(email, StringComparison.Ordinal)).Select(l => SubscriberId().Match(l)).FirstOrDefault(m => m.Success)?.Value;
        Assert.True(id is not null, $"`monitors subscribers list` does not show {email}:\n{list}");
        var (tierExit, tierOutput) = await site.RunCliAsync(["subscribers", "tier", id!, "monitor"], TimeSpan.FromMinutes(2));
        Assert.True(tierExit == 0, tierOutput);
    }

    private static string LastSegment(string url) => Uri.UnescapeDataString(new Uri(url).Segments[^1].TrimEnd('/'));

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex(@"sub-[0-9a-f]{16}")]
    private static partial Regex SubscriberId();

    [GeneratedRegex(@"│\s*off\s*│\s*off\s*│\s*$")]
    private static partial Regex AlertsAndDigestOff();

    [GeneratedRegex(@"^How \d+ platforms? handles? ")]
    private static partial Regex HowPlatforms();
}
