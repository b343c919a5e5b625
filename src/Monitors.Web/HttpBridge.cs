using Microsoft.AspNetCore.Http;
using Monitors.Core.Api;

namespace Monitors.Web;

/// <summary>
/// Between ASP.NET Core's <see cref="HttpContext"/> and the core's transport-neutral <see cref="ApiRequest"/> and
/// <see cref="ApiResponse"/>. The endpoint handlers of <see cref="SiteEndpoints"/> use it; there is no other adapter.
/// </summary>
internal static class HttpBridge
{
    /// <summary>
    /// Set in <see cref="HttpContext.Items"/> by a host that authenticated an operator before the pipeline ran (the
    /// key-protected <c>SetTier</c> function). Nothing a client sends can set it.
    /// </summary>
    public static readonly object OperatorItem = new();

    public static async Task<ApiRequest> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        var body = string.Empty;
        if (request.ContentLength is > ApiRequest.MaxBodyLength)
        {
            throw new RequestTooLargeException();
        }

        if (request.ContentLength is null or > 0)
        {
            // Read one character past the limit, so an oversized body without a Content-Length is refused without reading it all.
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            var buffer = new char[ApiRequest.MaxBodyLength + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), context.RequestAborted);
            if (read > ApiRequest.MaxBodyLength)
            {
                throw new RequestTooLargeException();
            }

            body = new string(buffer, 0, read);
        }

        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        return ApiRequest.Create(request.Method, request.Path.Value ?? "/", request.QueryString.Value, headers, body) with
        {
            IsOperator = context.Items.ContainsKey(OperatorItem),
        };
    }

    public static async Task WriteAsync(HttpContext context, ApiResponse response)
    {
        var http = context.Response;
        http.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (response.Status != StatusCodes.Status204NoContent)
        {
            http.ContentType = response.ContentType;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await http.WriteAsync(response.Body, context.RequestAborted);
            }
        }
    }
}

/// <summary>The body is longer than <see cref="ApiRequest.MaxBodyLength"/>.</summary>
public sealed class RequestTooLargeException() : Exception($"The API reads bodies of at most {ApiRequest.MaxBodyLength} bytes.");
