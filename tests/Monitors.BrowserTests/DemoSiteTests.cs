using System.Net;
using System.Text.RegularExpressions;

namespace Monitors.BrowserTests;

/// <summary>
/// The site a local user gets from <c>./run-local.sh demo</c> then <c>./run-local.sh serve</c>, in Chromium at a phone
/// and a desktop viewport: every page answers, logs no error, has no serious or critical axe violation, and is kept as
/// a screenshot.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class DemoSiteTests(SiteFixture site)
{
    [Fact]
    public async Task ChangePages_OneChangePerDemoPlatform_PassAtPhoneAndDesktop()
    {
        var perPlatform = site.Changes.GroupBy(c => c.Value).Select(g => g.First()).ToArray();
        Assert.True(perPlatform.Length >= 3, $"the demo left change records for {perPlatform.Length} platforms:\n{site.DemoOutput}");

        foreach (var viewport in Viewport.All)
        {
            await using var tab = await PageAudit.OpenAsync(site.Browser, viewport);
            foreach (var (id, platform) in perPlatform)
            {
                await tab.GoToAsync(new Uri(site.BaseUrl, $"changes/{id}"), $"change {platform}");
                Assert.Contains(platform, await tab.Page.InnerTextAsync("body"), StringComparison.Ordinal);
                Assert.Equal(1, await tab.Page.Locator("h1").CountAsync());
            }
        }
    }

    [Fact]
    public async Task EmailLinks_FromTheDemoOutbox_OpenWhileServeRuns()
    {
        // The demo signed these links with the local key before `serve` started: the same key must open them now.
        var alert = Directory.EnumerateFiles(site.Outbox, "*alert*.html").Order(StringComparer.Ordinal).First();
        var html = WebUtility.HtmlDecode(await File.ReadAllTextAsync(alert));
        var manage = Link(html, "/manage?token=");
        var unsubscribe = Link(html, "/api/unsubscribe?token=");
        var change = Link(html, "/changes/");

        foreach (var viewport in Viewport.All)
        {
            await using var tab = await PageAudit.OpenAsync(site.Browser, viewport);
            await tab.GoToAsync(change, "change from an email");
            await tab.GoToAsync(manage, "manage from an email");
            Assert.Contains("demo.example.com", await tab.Page.InnerTextAsync("body"), StringComparison.Ordinal);
            await tab.GoToAsync(unsubscribe, "unsubscribe page from an email");
        }
    }

    private Uri Link(string html, string pathAndQuery)
    {
        var match = Href().Matches(html).Select(m => m.Groups[1].Value).FirstOrDefault(h => h.Contains(pathAndQuery, StringComparison.Ordinal));
        Assert.True(match is not null, $"no {pathAndQuery} link in the email:\n{html}");
        var url = new Uri(match!);
        Assert.Equal(site.BaseUrl.Authority, url.Authority);
        return url;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
