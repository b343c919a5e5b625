using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Monitors.Cli.Demo;

/// <summary>
/// A loopback web site serving the synthetic platform "Example AI", whose documents change from round to round
/// (texts written for this project). Round 3 has a flap (the AI terms show a variant once, then go back); round 4
/// breaks two pages (a 503 and an error page served with 200).
/// </summary>
internal sealed class DemoSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private int _aiTermsRequestsThisRound;

    private DemoSite(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public int Round { get; private set; } = 1;

    public Uri BaseUrl { get; private set; } = null!;

    public static readonly (string Id, string Title, string TermsType, string Path)[] Documents =
    [
        ("terms-of-service", "Terms of Service", "Terms of Service", "/legal/terms"),
        ("privacy-policy", "Privacy Policy", "Privacy Policy", "/legal/privacy"),
        ("ai-terms", "AI Service Terms", "Commercial Terms", "/legal/ai-terms"),
    ];

    public const int Rounds = 5;

    public static async Task<DemoSite> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        DemoSite? site = null;
        var (app, baseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/legal/terms", () => site!.Page("Terms of Service", DemoTexts.Terms(site.Round)));
            app.MapGet("/legal/privacy", () => site!.Round == 4
                ? Results.Text("<html><body><h1>503 Service Unavailable</h1></body></html>", "text/html", statusCode: 503)
                : site.Page("Privacy Policy", DemoTexts.Privacy(site.Round)));
            app.MapGet("/legal/ai-terms", () =>
            {
                var request = Interlocked.Increment(ref site!._aiTermsRequestsThisRound);
                return site.Round switch
                {
                    3 when request == 1 => site.Page("AI Service Terms", DemoTexts.AiTermsVariant()),
                    4 => site.Page("Page unavailable", "<h1>This page isn't available</h1><p>Sorry, something went wrong. Please try again later.</p>"),
                    _ => site.Page("AI Service Terms", DemoTexts.AiTerms(site.Round)),
                };
            });
        }, cancellationToken);
        site = new DemoSite(app, time) { BaseUrl = baseUrl };
        return site;
    }

    public void StartRound(int round)
    {
        Round = round;
        Interlocked.Exchange(ref _aiTermsRequestsThisRound, 0);
    }

    private IResult Page(string title, string article) => Results.Content(PageChrome.Wrap(title, article, _time.GetUtcNow()), "text/html; charset=utf-8");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
