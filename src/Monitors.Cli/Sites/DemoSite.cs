using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Monitors.Core.Catalog;
using Monitors.Web;

namespace Monitors.Cli.Sites;

/// <summary>One document of a demo platform: what the site serves for it in a round (and on the n-th request of the round).</summary>
internal sealed record DemoDocument(string Id, string Title, string TermsType, Func<int, int, DemoPage> Serve);

/// <summary>A page the demo site serves: a document in the site's chrome, or a bare error response.</summary>
internal sealed record DemoPage(string Title, string Article, int Status = 200)
{
    public static DemoPage Document(string title, string article) => new(title, article);
}

/// <summary>A synthetic platform of the demo, served under <c>/{Id}/</c> of the demo site.</summary>
internal sealed record DemoPlatform(string Id, string Name, IReadOnlyList<DemoDocument> Documents)
{
    /// <summary>The platform as declared in a catalog, with <paramref name="id"/> and the documents at <paramref name="baseUrl"/>.</summary>
    public Platform Declare(string id, Uri baseUrl) => new(
        id,
        Name,
        new Uri(baseUrl, $"/{Id}/").ToString(),
        Documents.Select(d => new DocumentDeclaration(d.Id, d.Title, d.TermsType, new Uri(baseUrl, $"/{Id}/{d.Id}"), [new CssSelector(PageChrome.ContentSelector)], [new CssSelector(PageChrome.BannerSelector)])).ToArray());
}

/// <summary>
/// A loopback web site serving the demo's synthetic platforms (texts written for this project), whose documents change
/// from round to round. Example AI also misbehaves: in round 3 its AI terms show a variant once, then go back (a flap);
/// in round 4 two of its pages break (a 503, and an error page served with 200).
/// </summary>
internal sealed class DemoSite : IAsyncDisposable
{
    private readonly LoopbackWebServer _server;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, int> _requestsThisRound = new(StringComparer.Ordinal);

    private DemoSite(LoopbackWebServer server, TimeProvider time)
    {
        _server = server;
        _time = time;
    }

    public int Round { get; private set; } = 1;

    public Uri BaseUrl => _server.BaseUrl;

    public const int Rounds = 5;

    public static readonly IReadOnlyList<DemoPlatform> Platforms =
    [
        new("example-ai", "Example AI",
        [
            new("terms-of-service", "Terms of Service", "Terms of Service", (round, _) => DemoPage.Document("Terms of Service", DemoTexts.Terms(round))),
            new("privacy-policy", "Privacy Policy", "Privacy Policy", (round, _) => round == 4
                ? new DemoPage("503 Service Unavailable", "<h1>503 Service Unavailable</h1>", 503)
                : DemoPage.Document("Privacy Policy", DemoTexts.Privacy(round))),
            new("ai-terms", "AI Service Terms", "Commercial Terms", (round, request) => round switch
            {
                3 when request == 1 => DemoPage.Document("AI Service Terms", DemoTexts.AiTermsVariant()),
                4 => DemoPage.Document("Page unavailable", "<h1>This page isn't available</h1><p>Sorry, something went wrong. Please try again later.</p>"),
                _ => DemoPage.Document("AI Service Terms", DemoTexts.AiTerms(round)),
            }),
        ]),
        new("northwind-cloud", "Northwind Cloud",
        [
            new("customer-agreement", "Customer Agreement", "Terms of Service", (round, _) => DemoPage.Document("Customer Agreement", DemoTexts.NorthwindAgreement(round))),
            new("data-processing-addendum", "Data Processing Addendum", "Data Processor Agreement", (round, _) => DemoPage.Document("Data Processing Addendum", DemoTexts.NorthwindDpa(round))),
            new("privacy-notice", "Privacy Notice", "Privacy Policy", (round, _) => DemoPage.Document("Privacy Notice", DemoTexts.NorthwindPrivacy(round))),
        ]),
        new("brightdesk", "Brightdesk",
        [
            new("terms-of-service", "Terms of Service", "Terms of Service", (round, _) => DemoPage.Document("Terms of Service", DemoTexts.BrightdeskTerms(round))),
            new("privacy-policy", "Privacy Policy", "Privacy Policy", (round, _) => DemoPage.Document("Privacy Policy", DemoTexts.BrightdeskPrivacy(round))),
            new("ai-features-terms", "AI Features Terms", "Commercial Terms", (round, _) => DemoPage.Document("AI Features Terms", DemoTexts.BrightdeskAiTerms(round))),
        ]),
    ];

    public static async Task<DemoSite> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        DemoSite? site = null;
        var server = await LoopbackWebServer.StartAsync(app =>
        {
            foreach (var platform in Platforms)
            {
                foreach (var document in platform.Documents)
                {
                    var key = $"{platform.Id}/{document.Id}";
                    app.MapGet($"/{key}", () => site!.Serve(key, document));
                }
            }
        }, cancellationToken);
        site = new DemoSite(server, time);
        return site;
    }

    public void StartRound(int round)
    {
        lock (_requestsThisRound)
        {
            Round = round;
            _requestsThisRound.Clear();
        }
    }

    private IResult Serve(string key, DemoDocument document)
    {
        int request;
        lock (_requestsThisRound)
        {
            request = _requestsThisRound[key] = _requestsThisRound.GetValueOrDefault(key) + 1;
        }

        var page = document.Serve(Round, request);
        return page.Status == 200
            ? Results.Content(PageChrome.Wrap(page.Title, page.Article, _time.GetUtcNow()), "text/html; charset=utf-8")
            : Results.Text($"<html><body>{page.Article}</body></html>", "text/html", statusCode: page.Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
