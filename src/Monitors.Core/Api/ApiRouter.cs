using Microsoft.Extensions.Logging;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Api;

/// <summary>
/// Routes an <see cref="ApiRequest"/> to its endpoint and turns refusals into responses: problem+json (RFC 9457) for the
/// API, a small HTML page for the pages people open from emails (unless they ask for JSON). The local Kestrel host sends
/// every request here; the Functions app has one function per route, each calling the same endpoint.
/// </summary>
public sealed partial class ApiRouter(SubscriberApi api, ChangePages changePages, EmailTemplates templates, ILogger<ApiRouter> logger)
{
    public async Task<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var isPage = IsPage(request);
        try
        {
            if (request.Body.Length > ApiRequest.MaxBodyLength)
            {
                return ApiResponse.Problem(413, "Body too large", $"The API reads bodies of at most {ApiRequest.MaxBodyLength} bytes.");
            }

            return await RouteAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refusal(e, request, isPage);
        }
    }

    /// <summary>Runs one endpoint and maps its refusals, for adapters that route themselves (the Functions app).</summary>
    public async Task<ApiResponse> HandleAsync(ApiRequest request, Func<ApiRequest, CancellationToken, Task<ApiResponse>> endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            return await endpoint(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refusal(e, request, IsPage(request));
        }
    }

    private Task<ApiResponse> RouteAsync(ApiRequest r, CancellationToken ct)
    {
        var s = r.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        return (s, r.Method) switch
        {
            (["api", "subscribers"], "POST") => api.SignUpAsync(r, ct),
            (["api", "confirm"], "GET") => api.ConfirmAsync(r, ct),
            (["api", "unsubscribe"], "GET") => api.UnsubscribePageAsync(r, ct),
            (["api", "unsubscribe"], "POST") => api.UnsubscribeAsync(r, ct),
            (["api", "subscribers", var id], "GET") => api.GetAsync(r, id, ct),
            (["api", "subscribers", var id, "subscriptions"], "GET") => api.ListSubscriptionsAsync(r, id, ct),
            (["api", "subscribers", var id, "subscriptions", var platform], "PUT") => api.FollowAsync(r, id, platform, ct),
            (["api", "subscribers", var id, "subscriptions", var platform], "DELETE") => api.UnfollowAsync(r, id, platform, ct),
            (["api", "subscribers", var id, "preferences"], "PATCH" or "PUT") => api.UpdatePreferencesAsync(r, id, ct),
            (["api", "subscribers", var id, "tier"], "PUT") => api.SetTierAsync(r, id, ct),
            (["manage"], "GET") => api.ManagePageAsync(r, ct),
            (["changes", var id], "GET") => changePages.GetAsync(r, id, ct),
            _ => Task.FromResult(NotRouted(s, r)),
        };
    }

    private static ApiResponse NotRouted(string[] segments, ApiRequest request)
    {
        string? allow = segments switch
        {
            ["api", "subscribers"] => "POST",
            ["api", "confirm"] or ["manage"] or ["changes", _] or ["api", "subscribers", _] or ["api", "subscribers", _, "subscriptions"] => "GET",
            ["api", "unsubscribe"] => "GET, POST",
            ["api", "subscribers", _, "subscriptions", _] => "PUT, DELETE",
            ["api", "subscribers", _, "preferences"] => "PATCH, PUT",
            ["api", "subscribers", _, "tier"] => "PUT",
            _ => null,
        };
        return allow is null
            ? ApiResponse.Problem(404, "Not found", $"No endpoint at {request.Path}. The API is under /api/subscribers, /api/confirm and /api/unsubscribe; change records under /changes/ID.")
            : ApiResponse.Problem(405, "Method not allowed", $"{request.Path} takes {allow}, not {request.Method}.", headers: new Dictionary<string, string> { ["Allow"] = allow });
    }

    private ApiResponse Refusal(Exception e, ApiRequest request, bool isPage)
    {
        var (status, title, type, extensions, headers) = e switch
        {
            InvalidTokenException t => (401, "Invalid or expired link", "invalid-token", new Dictionary<string, object?> { ["reason"] = t.Failure.ToString() }, new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" }),
            ForbiddenException => (403, "Forbidden", "forbidden", null, null),
            InvalidSubscriptionRequestException i => (400, "Invalid request", "invalid-request", new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [i.Field] = [i.Message] } }, null),
            SubscriberNotFoundException => (404, "No such subscriber", "subscriber-not-found", null, null),
            UnknownPlatformException p => (404, "No such platform", "unknown-platform", new Dictionary<string, object?> { ["platformId"] = p.PlatformId }, null),
            TierLimitException l => (409, "Tier limit reached", "tier-limit", new Dictionary<string, object?> { ["tier"] = l.Tier.ToString().ToLowerInvariant(), ["limit"] = l.Limit }, null),
            TierFeatureException f => (409, "Not on this tier", "tier-feature", new Dictionary<string, object?> { ["tier"] = f.Tier.ToString().ToLowerInvariant() }, null),
            SubscriptionConflictException => (409, "Conflict", "conflict", null, null),
            _ => (500, "Internal error", (string?)null, (Dictionary<string, object?>?)null, (Dictionary<string, string>?)null),
        };
        var detail = status == 500 ? "Something went wrong on our side; nothing was changed. Try again later." : e.Message;
        if (status == 500)
        {
            LogFailed(logger, e, request.Method, request.Path);
        }

        if (isPage && !SubscriberApi.WantsJson(request))
        {
            return ApiResponse.Page(status, templates.RenderHtml("page", new PageView(title, title, [detail], [])));
        }

        return ApiResponse.Problem(status, title, detail, type, extensions, headers);
    }

    /// <summary>Routes people reach from an email link: errors are shown as a page, not JSON.</summary>
    private static bool IsPage(ApiRequest request)
    {
        var path = request.Path.TrimEnd('/');
        return path.Equals("/api/confirm", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/api/unsubscribe", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/manage", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/changes/", StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "API {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
}
