using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Monitors.BrowserTests;

/// <summary>A viewport the site must work at.</summary>
public sealed record Viewport(string Name, int Width, int Height, bool IsMobile)
{
    public static readonly Viewport Phone = new("phone", 390, 844, true);
    public static readonly Viewport Desktop = new("desktop", 1280, 800, false);
    public static readonly IReadOnlyList<Viewport> All = [Phone, Desktop];
}

/// <summary>
/// One browser tab at one viewport that audits every page it shows: the page answered 2xx, nothing was logged to the
/// console as an error (CSP refusals and failed loads included) and no script threw, axe finds no violation of
/// serious or critical impact, and a full-page screenshot is kept under <see cref="Artifacts.Screenshots"/>.
/// </summary>
public sealed class PageAudit : IAsyncDisposable
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private PageAudit(IBrowserContext context, IPage page, Viewport viewport)
    {
        _context = context;
        Page = page;
        Viewport = viewport;
        page.Console += (_, message) =>
        {
            // Chromium asks for /favicon.ico on its own when a page names no icon: that 404 is the browser's probe,
            // not an error of the page. Every other error, failed load or CSP refusal counts.
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico:", StringComparison.Ordinal))
            {
                lock (_errors) { _errors.Add($"console: {message.Text} ({message.Location})"); }
            }
        };
        page.PageError += (_, error) => { lock (_errors) { _errors.Add($"script error: {error}"); } };
    }

    public IPage Page { get; }

    public Viewport Viewport { get; }

    public static async Task<PageAudit> OpenAsync(IBrowser browser, Viewport viewport)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            IsMobile = viewport.IsMobile,
            HasTouch = viewport.IsMobile,
            DeviceScaleFactor = viewport.IsMobile ? 2 : 1,
            Locale = "en-GB",
        });
        return new PageAudit(context, await context.NewPageAsync(), viewport);
    }

    /// <summary>Opens <paramref name="url"/> and audits it as <paramref name="name"/>.</summary>
    public async Task<IResponse> GoToAsync(Uri url, string name)
    {
        var response = await Page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load })
            ?? throw new InvalidOperationException($"No response for {url}.");
        Assert.True(response.Ok, $"{name}: {url} answered {response.Status} {response.StatusText}:\n{await Page.ContentAsync()}");
        await AuditAsync(name);
        return response;
    }

    /// <summary>
    /// Clicks <paramref name="target"/> (a link or a submit button), waits for the page it leads to and audits it as
    /// <paramref name="name"/>; the page (after any redirect) must answer <paramref name="status"/>.
    /// </summary>
    public async Task ClickAsync(ILocator target, string name, int status = 200)
    {
        ArgumentNullException.ThrowIfNull(target);
        Assert.True(await target.CountAsync() > 0, $"{name} ({Viewport.Name}): nothing to click on {Page.Url} ({target}).");
        // The page the click leads to: the main frame's document response that is not a redirect (post/redirect/get).
        var response = await Page.RunAndWaitForResponseAsync(
            () => target.First.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame && r.Status is < 300 or >= 400);
        Assert.True(response.Status == status, $"{name}: {Page.Url} answered {response.Status} {response.StatusText} (expected {status}):\n{await Page.InnerTextAsync("body")}");
        await AuditAsync(name, status);
    }

    /// <summary>The <c>href</c> of every <c>&lt;link rel="alternate" type="application/atom+xml"&gt;</c> of the page, absolute.</summary>
    public async Task<IReadOnlyList<Uri>> FeedLinksAsync()
    {
        var hrefs = await Page.Locator("head link[rel=alternate][type='application/atom+xml']").EvaluateAllAsync<string[]>("links => links.map(l => l.href)");
        return hrefs.Select(h => new Uri(h)).ToArray();
    }

    /// <summary>Audits the page now shown (after a click or a form post) as <paramref name="name"/>.</summary>
    /// <remarks>
    /// A page expected to answer an error (<paramref name="status"/> 4xx: a refused form) makes Chromium log "Failed
    /// to load resource … status of 4xx" for that page itself: that one line is the expected answer, not an error of the
    /// page. Anything else it logs still counts.
    /// </remarks>
    public async Task AuditAsync(string name, int status = 200)
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        var file = Path.Combine(Artifacts.Screenshots, $"{Artifacts.Slug(name)}-{Viewport.Name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });

        var axe = await Page.RunAxe();
        var blocking = axe.Violations.Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.Ordinal)).ToArray();
        Assert.True(blocking.Length == 0, $"{name} ({Viewport.Name}, {Page.Url}) has accessibility violations:\n{Describe(blocking)}");

        string[] errors;
        lock (_errors)
        {
            var expected = status >= 400 ? $"the server responded with a status of {status} " : null;
            errors = [.. _errors.Where(e => expected is null || !(e.Contains(expected, StringComparison.Ordinal) && e.Contains($"({Page.Url}:", StringComparison.Ordinal)))];
            _errors.Clear();
        }

        Assert.True(errors.Length == 0, $"{name} ({Viewport.Name}, {Page.Url}) logged errors:\n{string.Join('\n', errors)}");
        Assert.False(await HasHorizontalScrollAsync(), $"{name} ({Viewport.Name}) scrolls sideways: content is wider than the {Viewport.Width}px viewport.");
    }

    private Task<bool> HasHorizontalScrollAsync() =>
        Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");

    private static string Describe(IEnumerable<AxeResultItem> violations) => string.Join('\n', violations.Select(v =>
        $"- [{v.Impact}] {v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(5).Select(n => string.Join(' ', n.Target.ToString()) + " " + n.Html))}"));

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

/// <summary>
/// Where the browser tests keep their screenshots: <c>BROWSER_ARTIFACTS</c> when set (./test.sh sets it and prints it),
/// otherwise <c>TestResults/browser</c> in the repository.
/// </summary>
public static class Artifacts
{
    public static string Screenshots { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("BROWSER_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryPaths.Root, "TestResults", "browser")).FullName;

    public static string Slug(string name) =>
        string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
}
