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
