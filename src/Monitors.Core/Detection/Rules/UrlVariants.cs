using System.Text.RegularExpressions;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.UrlVariants"/>: link targets that lead to the same page of the same site compare equal.
/// <list type="bullet">
/// <item><c>http://x.ai/legal/</c> and <c>https://x.ai/legal</c>: scheme and trailing slash;</item>
/// <item><c>www.booking.com</c>, <c>m.booking.com</c> and <c>booking.cn</c>: the same site name on its desktop, mobile or
/// regional host (a <c>www.</c>/<c>m.</c>/<c>mobile.</c> prefix, the top-level domain, a <c>co.</c>-style second level).
/// Sites serve one page from several such hosts, by visitor or by CDN node. Another name (<c>openai.com</c> →
/// <c>chatgpt.com</c>), another sub-domain (<c>help.</c>) or another path stays different. The price: the same name
/// and path under two top-level domains (<c>example.com/terms</c>, <c>example.org/terms</c>) compare equal;</item>
/// <item><c>/content/dsar</c> and <c>/content/dsar.en-gb.html</c>: the last path segment's <c>.html</c> extension and a
/// language tag before it (the page in the reader's language). A language or region written as a path segment
/// (<c>/eu/terms</c>, <c>/de/</c>) stays different: it may be another document.</item>
/// </list>
/// Only link targets are touched; URLs written in prose stay as they are.
/// </summary>
internal static partial class UrlVariants
{
    public static string Apply(string text) => LinkTargets.Rewrite(text, Canonical);

    // Second-level labels under a country code that are not the site's name ('airbnb.co.uk', 'amazon.com.br').
    private static readonly HashSet<string> SecondLevels = new(StringComparer.OrdinalIgnoreCase) { "co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob", "gouv" };

    // The host prefixes of a site's desktop and mobile front doors.
    private static readonly HashSet<string> FrontDoors = new(StringComparer.OrdinalIgnoreCase) { "www", "m", "mobile", "www2" };

    // 'dsar.en-gb.html', 'terms.html', 'privacy.fr.htm': the segment name, a language tag, the extension.
    [GeneratedRegex(@"^(?<name>[^./]+)(?:\.[a-z]{2}(?:[-_][a-z]{2})?)?\.html?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LocalisedPage();

    internal static string Canonical(string url)
    {
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            url = "https://" + url[7..];

        // Only the path may lose its trailing slash; the query and fragment stay as they are.
        var pathEnd = url.AsSpan().IndexOfAny('?', '#');
        if (pathEnd < 0)
            pathEnd = url.Length;
        var trimmedEnd = pathEnd;
        while (trimmedEnd > 0 && url[trimmedEnd - 1] == '/' && !EndsWithSchemeSeparator(url, trimmedEnd))
            trimmedEnd--;
        var canonical = trimmedEnd == pathEnd ? url : string.Concat(url.AsSpan(0, trimmedEnd), url.AsSpan(pathEnd));
        return url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? SameSite(canonical, trimmedEnd) : canonical;
    }

    /// <summary>
    /// An https URL with its host reduced to the site's name (<c>https://booking/content/dsar</c>: no longer a URL, only a
    /// comparison key) and its last path segment to the page's name.
    /// </summary>
    private static string SameSite(string url, int pathEnd)
    {
        const int schemeLength = 8; // "https://"
        var hostEnd = url.IndexOf('/', schemeLength);
        if (hostEnd < 0 || hostEnd > pathEnd)
            hostEnd = pathEnd;
        var authority = url[schemeLength..hostEnd];
        if (authority.Contains('@') || authority.Contains(':') || authority.Length == 0)
            return url; // credentials or a port: leave it alone
        var labels = authority.ToLowerInvariant().Split('.');
        var start = labels.Length > 2 && FrontDoors.Contains(labels[0]) ? 1 : 0;
        var end = labels.Length; // exclusive: the site's name ends before the top-level domain
        if (end - start >= 2 && labels[^1].All(char.IsAsciiLetter))
        {
            end--;
            if (end - start >= 2 && labels[end].Length == 2 && SecondLevels.Contains(labels[end - 1]))
                end--;
        }

        if (end - start < 1 || (start == 0 && end == labels.Length))
            return url;
        var site = string.Join('.', labels[start..end]);

        var path = url[hostEnd..pathEnd];
        var lastSlash = path.LastIndexOf('/');
        if (lastSlash >= 0 && LocalisedPage().Match(path[(lastSlash + 1)..]) is { Success: true } page)
            path = path[..(lastSlash + 1)] + page.Groups["name"].Value;
        return "https://" + site + path + url[pathEnd..];
    }

    private static bool EndsWithSchemeSeparator(string url, int end) =>
        (end >= 2 && url[end - 2] == ':') || (end >= 3 && url[end - 3] == ':' && url[end - 2] == '/');
}
