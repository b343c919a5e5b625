using System.Collections.Concurrent;
using Markdig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Monitors.Web;

namespace Monitors.Cli.Sites;

/// <summary>
/// Serves each corpus document at <c>/{slug}</c>: the current version's Markdown rendered to HTML (Markdig) inside
/// <see cref="PageChrome"/>, so every request carries fresh random tokens, times and attributes.
/// </summary>
internal sealed class ReplaySite : IAsyncDisposable
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private readonly ConcurrentDictionary<string, string> _articles = new(StringComparer.Ordinal);
    private LoopbackWebServer _server = null!;

    public Uri BaseUrl => _server.BaseUrl;

    public static async Task<ReplaySite> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var site = new ReplaySite();
        site._server = await LoopbackWebServer.StartAsync(app => app.MapGet("/{slug}", (string slug) =>
            site._articles.TryGetValue(slug, out var article)
                ? Results.Content(PageChrome.Wrap(slug, article, time.GetUtcNow()), "text/html; charset=utf-8")
                : Results.NotFound()), cancellationToken);
        return site;
    }

    public Uri Url(string slug) => new(BaseUrl, slug);

    /// <summary>From now on, <c>/{slug}</c> serves this version.</summary>
    public void Serve(string slug, string markdown) => _articles[slug] = Markdig.Markdown.ToHtml(markdown, Markdown);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
