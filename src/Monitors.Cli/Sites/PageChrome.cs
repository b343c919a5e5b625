using System.Globalization;
using System.Security.Cryptography;

namespace Monitors.Cli.Sites;

/// <summary>
/// Wraps a document's HTML in the kind of page real sites serve: navigation, a cookie banner, a footer with the current
/// time, inline scripts and hidden inputs with random tokens, and random per-request attributes. None of it may ever
/// yield a change: the declaration selects <c>main article</c> and removes the banner.
/// </summary>
internal static class PageChrome
{
    public const string ContentSelector = "main article";
    public const string BannerSelector = ".cookie-banner";

    public static string Wrap(string title, string articleHtml, DateTimeOffset now)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var requestId = Guid.NewGuid();
        return $$"""
            <!doctype html>
            <html lang="en" data-request="{{requestId}}">
            <head>
              <meta charset="utf-8">
              <title>{{title}}</title>
              <script nonce="{{nonce}}">window.__session = "{{token}}"; window.__renderedAt = {{now.ToUnixTimeMilliseconds()}};</script>
              <style>.cookie-banner { position: fixed; bottom: 0 }</style>
            </head>
            <body class="page v-{{token[..6]}}">
              <nav aria-label="Main"><a href="/">Home</a> <a href="/pricing?ref={{token[..8]}}">Pricing</a> <a href="/blog">Blog</a></nav>
              <div class="cookie-banner" id="cb-{{token[..10]}}">We use cookies to improve your experience. <button>Accept all</button> <button>Reject</button></div>
              <main data-build="{{token[8..16]}}">
                <article>
            {{articleHtml}}
                </article>
              </main>
              <form><input type="hidden" name="csrf" value="{{token}}"></form>
              <footer><p>Page generated {{now.ToString("R", CultureInfo.InvariantCulture)}} · request {{requestId}}</p><a href="/legal">Legal</a></footer>
              <script>window.dataLayer = [{ "session": "{{nonce}}" }];</script>
            </body>
            </html>
            """;
    }
}
