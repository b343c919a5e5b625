using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitors.Core.Api;

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
