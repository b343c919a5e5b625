using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

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

/// <summary>One HTTP response: status, content type, body and extra headers.</summary>
public sealed record ApiResponse(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public const string Json = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json; charset=utf-8";
    public const string Html = "text/html; charset=utf-8";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static ApiResponse Ok<T>(T value, int status = 200) =>
        new(status, Json, JsonSerializer.Serialize(value, JsonOptions), SecurityHeaders(html: false));

    /// <summary>A body rendered elsewhere (already in its final form), with the usual security headers.</summary>
    public static ApiResponse Content(int status, string contentType, string body) =>
        new(status, contentType, body, SecurityHeaders(html: contentType.StartsWith("text/html", StringComparison.Ordinal)));

    public static ApiResponse NoContent() => new(204, Json, string.Empty, SecurityHeaders(html: false));

    public static ApiResponse Page(int status, string html) => new(status, Html, html, SecurityHeaders(html: true));

    /// <summary>An RFC 9457 problem: what is wrong, and for a bad field, which one.</summary>
    public static ApiResponse Problem(int status, string title, string detail, string? type = null, IReadOnlyDictionary<string, object?>? extensions = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = type is null ? "about:blank" : $"urn:monitors:problem:{type}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            body[key] = value;
        }

        var all = new Dictionary<string, string>(SecurityHeaders(html: false), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return new ApiResponse(status, ProblemJson, JsonSerializer.Serialize(body, JsonOptions), all);
    }

    /// <summary>
    /// No script at all; styles only from this origin's stylesheet (<c>/site.css</c>), no inline style; forms post only
    /// to this origin; never framed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// Responses carry tokens and personal data: never cached, never sniffed, never framed, no Referer leaking a token in
    /// the URL; pages run no script at all (see <see cref="ContentSecurityPolicy"/>).
    /// </summary>
    private static Dictionary<string, string> SecurityHeaders(bool html)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Cache-Control"] = "no-store",
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
        };
        if (html)
        {
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
        }

        return headers;
    }
}

/// <summary>Section <c>Monitors:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Monitors:Api";

    /// <summary>
    /// When set, a request with header <c>X-Admin-Key</c> equal to it (compared in constant time) may change tiers. In Azure
    /// the tier function also accepts a function key; locally this is the only way.
    /// </summary>
    [MinLength(16)]
    public string? AdminKey { get; set; }
}
