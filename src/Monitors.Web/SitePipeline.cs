using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Monitors.Core.Api;
using Monitors.Core.Email;
using Monitors.Core.Site;
using Monitors.Core.Subscriptions;

namespace Monitors.Web;

/// <summary>
/// The one request pipeline of the site and the API: error mapping, security headers, routing, rate limits, endpoints.
/// Built once from the app's service provider; <c>monitors serve</c> (Kestrel) and the Functions app (ASP.NET Core
/// integration) both hand each <see cref="HttpContext"/> to <see cref="InvokeAsync"/>, so routes, headers and errors
/// are the same in both.
/// </summary>
public sealed class SiteApplication
{
    private readonly RequestDelegate _pipeline;

    public SiteApplication(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseMiddleware<SiteErrorMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseEndpoints(SiteEndpoints.Map);
        _pipeline = app.Build();
    }

    /// <summary>Runs the pipeline for one request. <paramref name="asOperator"/>: the host already checked an operator key.</summary>
    public Task InvokeAsync(HttpContext context, bool asOperator = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A host that routed the request itself (the Functions worker) may have set its own endpoint: route again here.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        if (asOperator)
        {
            context.Items[HttpBridge.OperatorItem] = true;
        }
        else
        {
            context.Items.Remove(HttpBridge.OperatorItem);
        }

        return _pipeline(context);
    }
}

/// <summary>
/// Turns refusals into responses: problem+json (RFC 9457) for the API, a page for people (every route outside
/// <c>/api/</c>, and the confirm and unsubscribe links of emails) unless they ask for JSON. A route that does not exist,
/// or a method a route does not take, gets the same treatment.
/// </summary>
internal sealed partial class SiteErrorMiddleware(RequestDelegate next, EmailTemplates templates, ILogger<SiteErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            var request = ApiRequest.Create(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value, Headers(context), null);
            SecurityHeadersMiddleware.Apply(context.Response);
            await HttpBridge.WriteAsync(context, Refusal(e, request));
            return;
        }

        // The router answered by itself (no such route, or not this method) and wrote nothing: say why.
        if (context.Response.StatusCode is 404 or 405 && context.Response.ContentType is null && !context.Response.HasStarted)
        {
            var request = ApiRequest.Create(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value, Headers(context), null);
            var allow = context.Response.Headers.Allow.ToString();
            await HttpBridge.WriteAsync(context, NotRouted(request, allow));
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Headers(HttpContext context) =>
        context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));

    private ApiResponse NotRouted(ApiRequest request, string allow)
    {
        if (!string.IsNullOrEmpty(allow))
        {
            return ApiResponse.Problem(405, "Method not allowed", $"{request.Path} takes {allow}, not {request.Method}.", headers: new Dictionary<string, string> { ["Allow"] = allow });
        }

        const string Detail = "There is nothing here. Start from the home page (/), the platforms (/platforms) or the search (/search); the API is under /api/.";
        return IsPage(request) && !SubscriberApi.WantsJson(request)
            ? ApiResponse.Page(404, templates.RenderHtml("page", new PageView("Not found", "Page not found", [Detail], [new LinkView("Home", "/")])))
            : ApiResponse.Problem(404, "Not found", $"No endpoint at {request.Path}. {Detail}");
    }

    private ApiResponse Refusal(Exception e, ApiRequest request)
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
            RequestTooLargeException => (413, "Body too large", "body-too-large", null, null),
            SiteNotFoundException n => (404, n.Title, "not-found", null, null),
            InvalidSiteRequestException v => (400, "Invalid request", "invalid-request", new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [v.Field] = [v.Message] } }, null),
            AntiforgeryValidationException => (400, "Form expired", "antiforgery", null, null),
            BadHttpRequestException b => (b.StatusCode, "Bad request", "bad-request", null, null),
            _ => (500, "Internal error", (string?)null, (Dictionary<string, object?>?)null, (Dictionary<string, string>?)null),
        };
        var detail = e switch
        {
            _ when status == 500 => "Something went wrong on our side; nothing was changed. Try again later.",
            AntiforgeryValidationException => "This form was not sent from a page of this site, or the page is too old. Nothing was changed: go back, reload the page and send it again.",
            _ => e.Message,
        };
        if (status == 500)
        {
            LogFailed(logger, e, request.Method, request.Path);
        }

        if (IsPage(request) && !SubscriberApi.WantsJson(request))
        {
            return ApiResponse.Page(status, templates.RenderHtml("page", new PageView(title, title, [detail], [new LinkView("Home", "/")])));
        }

        return ApiResponse.Problem(status, title, detail, type, extensions, headers);
    }

    /// <summary>People see pages: everything outside <c>/api/</c>, and the two API links in emails (confirm, unsubscribe).</summary>
    internal static bool IsPage(ApiRequest request)
    {
        var path = request.Path.TrimEnd('/');
        return !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/api/confirm", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/api/unsubscribe", StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "HTTP {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
}

/// <summary>
/// Headers every response gets unless its endpoint set its own: nothing is cached unless an endpoint says so (pages and
/// feeds do, with an ETag); nothing is sniffed or framed; no Referer leaks a token in a URL; and a strict CSP — no
/// script at all, styles only from this origin's stylesheet, forms post only here.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        Apply(context.Response);
        return next(context);
    }

    /// <summary>Adds each header the response does not have yet.</summary>
    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.TryAdd("Cache-Control", "no-store");
        headers.TryAdd("X-Content-Type-Options", "nosniff");
        headers.TryAdd("Referrer-Policy", "no-referrer");
        headers.TryAdd("X-Frame-Options", "DENY");
        headers.TryAdd("Content-Security-Policy", ApiResponse.ContentSecurityPolicy);
        headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
        headers.TryAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }
}
