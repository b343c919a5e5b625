using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Api;
using Monitors.Core.Site;

namespace Monitors.Web;

/// <summary>
/// Every route of the site and the API, in one table. Each handler reads the request, calls one core service and writes
/// what it returns; refusals are thrown and mapped by <see cref="SiteErrorMiddleware"/>.
/// </summary>
public static class SiteEndpoints
{
    /// <summary>The rate-limit policy of sign-up (see <see cref="SiteOptions.SignUpsPerWindow"/>).</summary>
    public const string SignUpPolicy = "sign-up";

    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder e)
    {
        ArgumentNullException.ThrowIfNull(e);

        // The subscriber API (JSON), as before the move.
        e.MapPost("/api/subscribers", Api((api, r, c) => api.SignUpAsync(r, c.RequestAborted))).RequireRateLimiting(SignUpPolicy);
        e.MapGet("/api/confirm", Api((api, r, c) => api.ConfirmAsync(r, c.RequestAborted)));
        e.MapGet("/api/unsubscribe", Api((api, r, c) => api.UnsubscribePageAsync(r, c.RequestAborted)));
        e.MapPost("/api/unsubscribe", Api((api, r, c) => api.UnsubscribeAsync(r, c.RequestAborted)));
        e.MapGet("/api/subscribers/{id}", Api((api, r, c) => api.GetAsync(r, Route(c, "id"), c.RequestAborted)));
        e.MapGet("/api/subscribers/{id}/subscriptions", Api((api, r, c) => api.ListSubscriptionsAsync(r, Route(c, "id"), c.RequestAborted)));
        e.MapPut("/api/subscribers/{id}/subscriptions/{platform}", Api((api, r, c) => api.FollowAsync(r, Route(c, "id"), Route(c, "platform"), c.RequestAborted)));
        e.MapDelete("/api/subscribers/{id}/subscriptions/{platform}", Api((api, r, c) => api.UnfollowAsync(r, Route(c, "id"), Route(c, "platform"), c.RequestAborted)));
        e.MapMethods("/api/subscribers/{id}/preferences", [HttpMethods.Patch, HttpMethods.Put], Api((api, r, c) => api.UpdatePreferencesAsync(r, Route(c, "id"), c.RequestAborted)));
        e.MapPut("/api/subscribers/{id}/tier", Api((api, r, c) => api.SetTierAsync(r, Route(c, "id"), c.RequestAborted)));

        // Pages (and their JSON twins under /api/), feeds.
        e.MapMethods("/", GetOrHead, Form((forms, pages, r, af, c) => pages.HomeAsync(r, af, c.RequestAborted)));
        e.MapMethods("/platforms", GetOrHead, Page((p, r, c) => p.PlatformsAsync(r)));
        e.MapMethods("/platforms/{platform}", GetOrHead, Page((p, r, c) => p.PlatformAsync(r, Route(c, "platform"), c.RequestAborted)));
        e.MapMethods("/platforms/{platform}/documents/{document}", GetOrHead, Page((p, r, c) => p.DocumentAsync(r, Route(c, "platform"), Route(c, "document"), c.RequestAborted)));
        e.MapMethods("/platforms/{platform}/documents/{document}/versions/{version}", GetOrHead, Page((p, r, c) => p.VersionAsync(r, Route(c, "platform"), Route(c, "document"), Route(c, "version"), c.RequestAborted)));
        e.MapMethods("/platforms/{platform}/documents/{document}/diff", GetOrHead, Page((p, r, c) => p.DiffAsync(r, Route(c, "platform"), Route(c, "document"), c.RequestAborted)));
        e.MapMethods("/platforms/{platform}/documents/{document}/clauses/{clause}", GetOrHead, Page((p, r, c) => p.ProvisionAsync(r, Route(c, "platform"), Route(c, "document"), Route(c, "clause"), c.RequestAborted)));
        e.MapMethods("/changes/{id}", GetOrHead, Page((p, r, c) => p.ChangeAsync(r, Route(c, "id"), c.RequestAborted)));
        e.MapMethods("/topics", GetOrHead, Page((p, r, c) => p.TopicsAsync(r)));
        e.MapMethods("/topics/{topic}", GetOrHead, Page((p, r, c) => p.TopicAsync(r, Route(c, "topic"), c.RequestAborted)));
        e.MapMethods("/search", GetOrHead, Page((p, r, c) => p.SearchAsync(r, c.RequestAborted)));
        foreach (var (route, _) in JsonTwins)
        {
            e.MapMethods("/api" + route, GetOrHead, context => Dispatch(context, route));
        }

        e.MapMethods("/feeds/changes.atom", GetOrHead, Feed((f, c) => f.SiteAsync(c.RequestAborted)));
        e.MapMethods("/platforms/{platform}/feed.atom", GetOrHead, Feed((f, c) => f.PlatformAsync(Route(c, "platform"), null, c.RequestAborted)));
        e.MapMethods("/platforms/{platform}/documents/{document}/feed.atom", GetOrHead, Feed((f, c) => f.PlatformAsync(Route(c, "platform"), Route(c, "document"), c.RequestAborted)));
        e.MapMethods("/topics/{topic}/feed.atom", GetOrHead, Feed((f, c) => f.TopicAsync(Route(c, "topic"), c.RequestAborted)));

        // Subscription pages as forms: every POST carries an antiforgery token, checked before the form is read.
        e.MapMethods("/subscribe", GetOrHead, Form((forms, pages, r, af, c) => Task.FromResult(forms.SubscribePage(r, af))));
        e.MapPost("/subscribe", Form((forms, pages, r, af, c) => forms.SubscribeAsync(r, af, c.RequestAborted), validate: true)).RequireRateLimiting(SignUpPolicy);
        e.MapMethods("/manage", GetOrHead, Form((forms, pages, r, af, c) => forms.ManagePageAsync(r, af, c.RequestAborted)));
        e.MapPost("/manage/follow", Form((forms, pages, r, af, c) => forms.FollowAsync(r, af, c.RequestAborted), validate: true));
        e.MapPost("/manage/unfollow", Form((forms, pages, r, af, c) => forms.UnfollowAsync(r, af, c.RequestAborted), validate: true));
        e.MapPost("/manage/preferences", Form((forms, pages, r, af, c) => forms.PreferencesAsync(r, af, c.RequestAborted), validate: true));

        e.MapMethods("/site.css", GetOrHead, SiteAssets.StylesheetAsync);
        e.MapMethods("/favicon.svg", GetOrHead, SiteAssets.FaviconAsync);
        e.MapMethods("/favicon.ico", GetOrHead, SiteAssets.FaviconAsync);
    }

    /// <summary>The pages whose data is also served as JSON under <c>/api/…</c> (same handler, JSON rendering).</summary>
    private static readonly (string Route, string Name)[] JsonTwins =
    [
        ("/platforms", "platforms"),
        ("/platforms/{platform}", "platform"),
        ("/platforms/{platform}/documents/{document}", "document"),
        ("/platforms/{platform}/documents/{document}/diff", "diff"),
        ("/platforms/{platform}/documents/{document}/clauses/{clause}", "clause"),
        ("/topics", "topics"),
        ("/topics/{topic}", "topic"),
        ("/changes", "search"),
        ("/changes/{id}", "change"),
    ];

    private static Task Dispatch(HttpContext context, string route) => route switch
    {
        "/platforms" => Page((p, r, c) => p.PlatformsAsync(r))(context),
        "/platforms/{platform}" => Page((p, r, c) => p.PlatformAsync(r, Route(c, "platform"), c.RequestAborted))(context),
        "/platforms/{platform}/documents/{document}" => Page((p, r, c) => p.DocumentAsync(r, Route(c, "platform"), Route(c, "document"), c.RequestAborted))(context),
        "/platforms/{platform}/documents/{document}/diff" => Page((p, r, c) => p.DiffAsync(r, Route(c, "platform"), Route(c, "document"), c.RequestAborted))(context),
        "/platforms/{platform}/documents/{document}/clauses/{clause}" => Page((p, r, c) => p.ProvisionAsync(r, Route(c, "platform"), Route(c, "document"), Route(c, "clause"), c.RequestAborted))(context),
        "/topics" => Page((p, r, c) => p.TopicsAsync(r))(context),
        "/topics/{topic}" => Page((p, r, c) => p.TopicAsync(r, Route(c, "topic"), c.RequestAborted))(context),
        "/changes" => Page((p, r, c) => p.SearchAsync(r, c.RequestAborted))(context),
        _ => Page((p, r, c) => p.ChangeAsync(r, Route(c, "id"), c.RequestAborted))(context),
    };

    internal static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? string.Empty;

    private static RequestDelegate Api(Func<SubscriberApi, ApiRequest, HttpContext, Task<ApiResponse>> handler) => Handle(handler);

    private static RequestDelegate Page(Func<SitePages, ApiRequest, HttpContext, Task<ApiResponse>> handler) => Handle(handler);

    private static RequestDelegate Feed(Func<AtomFeeds, HttpContext, Task<ApiResponse>> handler) => Handle<AtomFeeds>((f, r, c) => handler(f, c));

    /// <summary>
    /// A page with forms: gets a fresh antiforgery token for its forms; with <paramref name="validate"/>, the posted
    /// form's token is checked first (a missing or foreign one is refused with 400 and nothing is done).
    /// </summary>
    private static RequestDelegate Form(Func<SiteForms, SitePages, ApiRequest, HiddenView?, HttpContext, Task<ApiResponse>> handler, bool validate = false) =>
        async context =>
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (validate)
            {
                context.Request.EnableBuffering();
                await antiforgery.ValidateRequestAsync(context);
                context.Request.Body.Position = 0;
            }

            var tokens = antiforgery.GetAndStoreTokens(context);
            var request = await HttpBridge.ReadAsync(context);
            var response = await handler(
                context.RequestServices.GetRequiredService<SiteForms>(),
                context.RequestServices.GetRequiredService<SitePages>(),
                request,
                new HiddenView(tokens.FormFieldName, tokens.RequestToken!),
                context);
            await WriteCachedAsync(context, response);
        };

    private static RequestDelegate Handle<TService>(Func<TService, ApiRequest, HttpContext, Task<ApiResponse>> handler)
        where TService : notnull =>
        async context =>
        {
            var request = await HttpBridge.ReadAsync(context);
            var response = await handler(context.RequestServices.GetRequiredService<TService>(), request, context);
            await WriteCachedAsync(context, response);
        };

    /// <summary>
    /// Writes the response; one a cache may keep (<c>Cache-Control: public</c>) gets a strong ETag of its body, and a
    /// request that already holds that body (<c>If-None-Match</c>) gets 304 without it.
    /// </summary>
    private static async Task WriteCachedAsync(HttpContext context, ApiResponse response)
    {
        if (response.Status == 200 && response.Headers.TryGetValue("Cache-Control", out var cache) && cache.StartsWith("public", StringComparison.Ordinal))
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(response.Body)))[..32]}\"";
            var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase) { ["ETag"] = etag, ["Vary"] = "Accept" };
            response = response with { Headers = headers };
            var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
            if (ifNoneMatch.Length > 0 && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Contains(etag, StringComparer.Ordinal)))
            {
                response = response with { Status = StatusCodes.Status304NotModified, Body = string.Empty };
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                foreach (var (name, value) in response.Headers)
                {
                    context.Response.Headers[name] = value;
                }

                return;
            }
        }

        await HttpBridge.WriteAsync(context, response);
    }
}
