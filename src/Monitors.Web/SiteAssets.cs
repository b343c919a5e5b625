using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Monitors.Web;

/// <summary>The site's one stylesheet, embedded, served with a content hash as ETag (the CSP allows styles from here only).</summary>
internal static class SiteAssets
{
    private static readonly Lazy<(byte[] Bytes, string ETag)> Stylesheet = new(() => Load("site.css"));
    private static readonly Lazy<(byte[] Bytes, string ETag)> Favicon = new(() => Load("favicon.svg"));

    public static Task StylesheetAsync(HttpContext context) => ServeAsync(context, Stylesheet.Value, "text/css; charset=utf-8");

    public static Task FaviconAsync(HttpContext context) => ServeAsync(context, Favicon.Value, "image/svg+xml");

    private static (byte[] Bytes, string ETag) Load(string name)
    {
        using var stream = typeof(SiteAssets).Assembly.GetManifestResourceStream("Monitors.Web.Assets." + name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Monitors.Web (Assets/{name}).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    }

    private static async Task ServeAsync(HttpContext context, (byte[] Bytes, string ETag) asset, string contentType)
    {
        var (bytes, etag) = asset;
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "public, max-age=3600";
        if (context.Request.Headers.IfNoneMatch.ToString().Contains(etag, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }
}
