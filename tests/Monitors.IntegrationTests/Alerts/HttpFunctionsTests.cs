using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Subscriptions;
using Monitors.Functions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Alerts;

/// <summary>
/// The HTTP-triggered functions, built through DI and called as the worker's ASP.NET Core integration calls them: with
/// an <see cref="HttpContext"/> whose request services are the invocation's scope.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpFunctionsTests
{
    [Fact]
    public async Task SiteFunction_SignUp_Answers202WithJsonAndSecurityHeaders()
    {
        await using var h = await MailHarness.CreateAsync();
        var email = MailHarness.UniqueEmail("fn");

        var response = await SiteAsync(h, "POST", "/api/subscribers", JsonSerializer.Serialize(new { email }));

        Assert.Equal((int)HttpStatusCode.Accepted, response.Status);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Contains("default-src 'none'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("confirmation-sent", response.Text, StringComparison.Ordinal);
        Assert.Single(h.SendGrid.To(email));
    }

    [Fact]
    public async Task SetTier_WhoseKeyTheHostChecked_ChangesTheTier_WhileTheOpenSiteRouteRefusesIt()
    {
        await using var h = await MailHarness.CreateAsync();
        var s = await h.SubscribeAsync(Tier.Free);
        var body = JsonSerializer.Serialize(new { tier = "monitor" });

        var open = await SiteAsync(h, "PUT", $"/api/subscribers/{s.Id}/tier", body);
        Assert.Equal(401, open.Status);
        Assert.StartsWith("application/problem+json", open.ContentType, StringComparison.Ordinal);
        Assert.Equal(Tier.Free, (await h.Subscriptions.GetAsync(s.Id)).Tier);

        var context = NewContext(h, "PUT", $"/api/subscribers/{s.Id}/tier", body);
        Assert.IsType<EmptyResult>(await ActivatorUtilities.CreateInstance<SetTier>(h.Services).RunAsync(context.Request));
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(Tier.Monitor, (await h.Subscriptions.GetAsync(s.Id)).Tier);
    }

    /// <summary>
    /// Issue 12 item 8: whichever function the host's router picks for a path, the operator endpoint is reached as an
    /// operator only through the key-protected function. Every anonymous way to the tier route — any method, any
    /// spelling of the path, headers a client could forge — changes nothing.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/subscribers/{id}/tier")]
    [InlineData("PUT", "/api/subscribers/{id}/tier/")]
    [InlineData("PUT", "/API/Subscribers/{id}/TIER")]
    [InlineData("PUT", "/api/subscribers/{id}/./tier")]
    [InlineData("PUT", "/api//subscribers/{id}/tier")]
    [InlineData("PUT", "/api/subscribers/{id}%2Ftier")]
    [InlineData("POST", "/api/subscribers/{id}/tier")]
    [InlineData("PATCH", "/api/subscribers/{id}/tier")]
    [InlineData("PUT", "/api/subscribers/{id}/preferences")]
    public async Task OperatorRoute_CannotBeReachedThroughTheAnonymousFunction(string method, string path)
    {
        await using var h = await MailHarness.CreateAsync();
        var s = await h.SubscribeAsync(Tier.Free);
        var context = NewContext(h, method, path.Replace("{id}", s.Id, StringComparison.Ordinal), JsonSerializer.Serialize(new { tier = "monitor" }));
        context.Request.Headers["X-Functions-Key"] = "forged";
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"] = "admin";
        context.Items["Monitors.Operator"] = true; // a string key is not the pipeline's marker

        await ActivatorUtilities.CreateInstance<SiteFunction>(h.Services).RunAsync(context.Request);

        Assert.True(context.Response.StatusCode >= 400, $"{method} {path} answered {context.Response.StatusCode}");
        Assert.Equal(Tier.Free, (await h.Subscriptions.GetAsync(s.Id)).Tier);
    }

    [Fact]
    public async Task SiteFunction_UnknownChange_Is404Page()
    {
        await using var h = await MailHarness.CreateAsync();

        var response = await SiteAsync(h, "GET", "/changes/20990101-000000000000");

        Assert.Equal(404, response.Status);
        Assert.StartsWith("text/html", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("No such change record", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiteFunction_WrongMethod_Is405ProblemWithAllow()
    {
        await using var h = await MailHarness.CreateAsync();

        var response = await SiteAsync(h, "DELETE", "/api/subscribers");

        Assert.Equal(405, response.Status);
        Assert.Contains("POST", response.Headers.Allow.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Functions app serves the same site as <c>monitors serve</c>: pages, their JSON twins, feeds and search through
    /// the catch-all function, and a form POST that passes antiforgery only with the token and cookie of its own page.
    /// </summary>
    [Fact]
    public async Task SiteFunction_PagesJsonFeedsSearchAndAFormPost_AnswerAsUnderServe()
    {
        await using var h = await MailHarness.CreateAsync();
        var changeId = await h.RecordChangeAsync("All disputes will be resolved by binding arbitration and you waive any class action.");
        var p = h.PlatformId;

        foreach (var (path, marker) in new[]
        {
            ("/", $"href=\"/platforms/{p}\""),
            ($"/platforms/{p}", $"/changes/{changeId}"),
            ($"/platforms/{p}/documents/terms", "data-testid=\"outline\""),
            ($"/changes/{changeId}", "data-testid=\"full-diff\""),
            ("/topics/arbitration", $"href=\"/platforms/{p}\""),
            ($"/search?q=arbitration&platform={p}", $"/changes/{changeId}"),
        })
        {
            var page = await SiteAsync(h, "GET", path);
            Assert.True(page.Status == 200, $"{path}: {page.Status}\n{page.Text}");
            Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
            Assert.Contains(marker, page.Text, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", page.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        }

        var json = await SiteAsync(h, "GET", $"/api/platforms/{p}");
        Assert.Equal(200, json.Status);
        Assert.StartsWith("application/json", json.ContentType, StringComparison.Ordinal);
        Assert.Contains(changeId, json.Text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(json.Headers.ETag.ToString()), "a cacheable answer carries an ETag");

        var feed = await SiteAsync(h, "GET", $"/platforms/{p}/feed.atom");
        Assert.Equal(200, feed.Status);
        Assert.StartsWith("application/atom+xml", feed.ContentType, StringComparison.Ordinal);
        Assert.Contains(System.Xml.Linq.XDocument.Parse(feed.Text).Root!.Elements(System.Xml.Linq.XName.Get("entry", "http://www.w3.org/2005/Atom")),
            e => e.Element(System.Xml.Linq.XName.Get("id", "http://www.w3.org/2005/Atom"))!.Value.EndsWith($"/changes/{changeId}", StringComparison.Ordinal));

        // The sign-up form: refused without its antiforgery pair, accepted with the cookie and field of its own page.
        var email = MailHarness.UniqueEmail("fn-form");
        var form = $"email={Uri.EscapeDataString(email)}&tier=free&platform={p}";
        var refused = await FormAsync(h, "/subscribe", form, cookie: null);
        Assert.Equal(400, refused.Status);
        Assert.Empty(h.SendGrid.To(email));

        var subscribePage = NewContext(h, "GET", "/subscribe");
        await ActivatorUtilities.CreateInstance<SiteFunction>(h.Services).RunAsync(subscribePage.Request);
        var html = Encoding.UTF8.GetString(((MemoryStream)subscribePage.Response.Body).ToArray());
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__af\" value=\"([^\"]+)\"").Groups[1].Value;
        var cookie = subscribePage.Response.Headers.SetCookie.ToString().Split(';')[0];
        Assert.NotEmpty(token);
        Assert.StartsWith("monitors-af=", cookie, StringComparison.Ordinal);

        var accepted = await FormAsync(h, "/subscribe", $"__af={Uri.EscapeDataString(System.Net.WebUtility.HtmlDecode(token))}&{form}", cookie);
        Assert.True(accepted.Status == 202, $"{accepted.Status}\n{accepted.Text}");
        Assert.Contains("Check your inbox", accepted.Text, StringComparison.Ordinal);
        Assert.Single(h.SendGrid.To(email));
    }

    private static async Task<(int Status, string Text)> FormAsync(MailHarness h, string path, string body, string? cookie)
    {
        var context = NewContext(h, "POST", path, body);
        context.Request.ContentType = "application/x-www-form-urlencoded";
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = cookie;
        }

        Assert.IsType<EmptyResult>(await ActivatorUtilities.CreateInstance<SiteFunction>(h.Services).RunAsync(context.Request));
        return (context.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    internal static async Task<(int Status, string ContentType, IHeaderDictionary Headers, string Text)> SiteAsync(MailHarness h, string method, string pathAndQuery, string body = "", string? accept = null)
    {
        var context = NewContext(h, method, pathAndQuery, body);
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        var result = await ActivatorUtilities.CreateInstance<SiteFunction>(h.Services).RunAsync(context.Request);
        Assert.IsType<EmptyResult>(result);
        var text = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        return (context.Response.StatusCode, context.Response.ContentType ?? string.Empty, context.Response.Headers, text);
    }

    /// <summary>A request as the worker hands it over: its own scope of the app's services, a readable body, a response body to write.</summary>
    internal static DefaultHttpContext NewContext(MailHarness h, string method, string pathAndQuery, string body = "")
    {
        var scope = h.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("monitors.test");
        context.Request.Path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        context.Request.QueryString = q < 0 ? QueryString.Empty : new QueryString(pathAndQuery[q..]);
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (body.Length > 0)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        context.Response.Body = new MemoryStream();
        context.Response.RegisterForDisposeAsync(scope);
        return context;
    }
}
