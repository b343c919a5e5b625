namespace Monitors.Core.Api;

/// <summary>
/// One HTTP request, free of any web framework: the Functions adapter (HttpRequestData) and the local Kestrel adapter
/// (<c>monitors serve</c>) both build one and hand it to <see cref="ApiRouter"/>.
/// </summary>
/// <param name="Path">The path without query, e.g. <c>/api/subscribers</c>.</param>
public sealed record ApiRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    /// <summary>The largest body the API reads.</summary>
    public const int MaxBodyLength = 16 * 1024;

    /// <summary>Set by an adapter whose host already authenticated an operator (a Functions key on the admin function).</summary>
    public bool IsOperator { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>Builds a request; <paramref name="queryString"/> may start with <c>?</c>. Later duplicates of a name are ignored.</summary>
    public static ApiRequest Create(string method, string path, string? queryString, IEnumerable<KeyValuePair<string, string>> headers, string? body)
    {
        var header = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            header.TryAdd(name, value);
        }

        return new ApiRequest(method.ToUpperInvariant(), string.IsNullOrEmpty(path) ? "/" : path, ParseForm(queryString), header, body ?? string.Empty);
    }

    /// <summary>Parses <c>a=1&amp;b=2</c> (query strings and form bodies).</summary>
    public static IReadOnlyDictionary<string, string> ParseForm(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return values;
        }

        foreach (var pair in text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            values.TryAdd(name, value);
        }

        return values;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
