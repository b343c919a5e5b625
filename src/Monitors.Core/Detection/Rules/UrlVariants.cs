namespace Monitors.Core.Detection.Rules;

/// <summary>Rule <see cref="NormalizationRule.UrlVariants"/>: <c>http://x.ai/legal/</c> and <c>https://x.ai/legal</c> lead to the same page.</summary>
internal static class UrlVariants
{
    public static string Apply(string text) => LinkTargets.Rewrite(text, Canonical);

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
        return trimmedEnd == pathEnd ? url : string.Concat(url.AsSpan(0, trimmedEnd), url.AsSpan(pathEnd));
    }

    private static bool EndsWithSchemeSeparator(string url, int end) =>
        (end >= 2 && url[end - 2] == ':') || (end >= 3 && url[end - 3] == ':' && url[end - 2] == '/');
}
