using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Subscriptions;
using Monitors.Functions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Alerts;

/// <summary>The HTTP-triggered functions, built through DI and called with the worker's request and response types.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpFunctionsTests
{
    [Fact]
    public async Task SubscriberApi_SignUp_Answers202WithJsonAndSecurityHeaders()
    {
        await using var h = await MailHarness.CreateAsync();
        var email = MailHarness.UniqueEmail("fn");
        var function = ActivatorUtilities.CreateInstance<SubscriberApiFunction>(h.Services);

        var response = (FakeResponse)await function.RunAsync(FakeRequest.Create("POST", "/api/subscribers", JsonSerializer.Serialize(new { email })), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("no-store", response.Headers.GetValues("Cache-Control").Single());
        Assert.StartsWith("application/json", response.Headers.GetValues("Content-Type").Single(), StringComparison.Ordinal);
        Assert.Contains("confirmation-sent", response.Text, StringComparison.Ordinal);
        Assert.Single(h.SendGrid.To(email));
    }

    [Fact]
    public async Task SetTier_WhoseKeyTheHostChecked_ChangesTheTier_WhileTheOpenApiRouteRefusesIt()
    {
        await using var h = await MailHarness.CreateAsync();
        var s = await h.SubscribeAsync(Tier.Free);
        var body = JsonSerializer.Serialize(new { tier = "monitor" });

        var open = (FakeResponse)await ActivatorUtilities.CreateInstance<SubscriberApiFunction>(h.Services)
            .RunAsync(FakeRequest.Create("PUT", $"/api/subscribers/{s.Id}/tier", body), CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Equal(Tier.Free, (await h.Subscriptions.GetAsync(s.Id)).Tier);

        var admin = (FakeResponse)await ActivatorUtilities.CreateInstance<SetTier>(h.Services)
            .RunAsync(FakeRequest.Create("PUT", $"/api/subscribers/{s.Id}/tier", body), s.Id, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(Tier.Monitor, (await h.Subscriptions.GetAsync(s.Id)).Tier);
    }

    [Fact]
    public async Task ChangePage_UnknownId_Is404Page()
    {
        await using var h = await MailHarness.CreateAsync();

        var response = (FakeResponse)await ActivatorUtilities.CreateInstance<PageFunctions>(h.Services)
            .ChangeAsync(FakeRequest.Create("GET", "/changes/20990101-000000000000"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No such change record", response.Text, StringComparison.Ordinal);
    }

    private sealed class FakeRequest(FunctionContext context, string method, Uri url, string body) : HttpRequestData(context)
    {
        public static FakeRequest Create(string method, string pathAndQuery, string body = "")
        {
            var request = new FakeRequest(new FakeContext(), method, new Uri("https://monitors.test" + pathAndQuery), body);
            if (body.Length > 0)
            {
                request.Headers.Add("Content-Type", "application/json");
            }

            return request;
        }

        public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body));
        public override HttpHeadersCollection Headers { get; } = [];
        public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];
        public override Uri Url { get; } = url;
        public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
        public override string Method { get; } = method;

        public override HttpResponseData CreateResponse() => new FakeResponse(FunctionContext);
    }

    private sealed class FakeResponse(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; }
        public override HttpHeadersCollection Headers { get; set; } = [];
        public override Stream Body { get; set; } = new MemoryStream();
        public override HttpCookies Cookies => throw new NotSupportedException();

        public string Text => Encoding.UTF8.GetString(((MemoryStream)Body).ToArray());
    }

    private sealed class FakeContext : FunctionContext
    {
        public override string InvocationId => "test";
        public override string FunctionId => "test";
        public override TraceContext TraceContext => throw new NotSupportedException();
        public override BindingContext BindingContext => throw new NotSupportedException();
        public override RetryContext RetryContext => throw new NotSupportedException();
        public override IServiceProvider InstanceServices { get; set; } = new ServiceCollection().BuildServiceProvider();
        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();
        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
        public override IInvocationFeatures Features => throw new NotSupportedException();
    }
}
