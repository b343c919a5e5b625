using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Fetching;

namespace Monitors.Core.Tests.Fetching;

/// <summary>
/// The connect callback's address policy, end to end. Has its own server (own port) so the connection-attempt
/// listener's positive control is not satisfied by another test's traffic.
/// </summary>
public sealed class SsrfGuardTests(DocumentServer server) : IClassFixture<DocumentServer>
{
    private static readonly byte[] PageBytes = Encoding.UTF8.GetBytes("<html><body><p>Terms</p></body></html>");

    [Fact]
    public async Task Fetch_LoopbackNotAllowed_IsRefusedAndServerSeesNothing()
    {
        var url = server.Serve("loopback", DocumentServer.Respond(200, "text/html", PageBytes));

        var result = await FetcherHost.FetchAsync(url, ("AllowLoopback", "false"));

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Refused, result.Failure);
        Assert.Contains("127.0.0.1 (loopback)", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(server.RequestsTo(url));
    }

    [Fact]
    public async Task Fetch_HostNameResolvingToLoopback_IsRefused()
    {
        var url = new UriBuilder(server.Serve("localhost", DocumentServer.Respond(200, "text/html", PageBytes))) { Host = "localhost" }.Uri;

        var result = await FetcherHost.FetchAsync(url, ("AllowLoopback", "false"));

        Assert.Equal(FailureKind.Refused, result.Failure);
        Assert.Contains("localhost resolves to", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(server.RequestsTo(url));
    }

    [Fact]
    public async Task Fetch_HostNameResolvingToLoopback_IsFetchedWhenAllowed()
    {
        // localhost may resolve to ::1 first, where nothing listens: the connector must fall through to 127.0.0.1.
        var url = new UriBuilder(server.Serve("localhost-ok", DocumentServer.Respond(200, "text/html", PageBytes))) { Host = "localhost" }.Uri;

        var result = await FetcherHost.FetchAsync(url);

        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Single(server.RequestsTo(url));
    }

    [Theory]
    [InlineData("http://10.0.0.1/terms", "10.0.0.1", 80)]
    [InlineData("http://192.168.1.1:8080/", "192.168.1.1", 8080)]
    [InlineData("https://169.254.169.254/latest/meta-data/", "169.254.169.254", 443)]
    [InlineData("http://[fd00::1]/", "fd00::1", 80)]
    [InlineData("http://[::ffff:10.1.2.3]/", "::ffff:10.1.2.3", 80)]
    public async Task Fetch_NonPublicLiteralAddress_IsRefusedWithoutConnecting(string target, string address, int port)
    {
        using var connections = new ConnectionAttemptListener();

        var refused = await FetcherHost.FetchAsync(new Uri(target), ("AllowLoopback", "true"), ("AllowPrivateNetworks", "false"));
        // Positive control: the listener does see the connections the fetcher makes.
        var allowed = await FetcherHost.FetchAsync(server.Serve("control", DocumentServer.Respond(200, "text/html", PageBytes)));

        Assert.Equal(FailureKind.Refused, refused.Failure);
        Assert.Contains(IPAddress.Parse(address).ToString(), refused.FailureReason, StringComparison.Ordinal);
        Assert.Equal(FetchOutcome.Fetched, allowed.Outcome);
        Assert.Contains(ConnectionAttemptListener.Describe(IPAddress.Loopback, server.BaseUrl.Port), connections.Attempts);
        Assert.DoesNotContain(ConnectionAttemptListener.Describe(IPAddress.Parse(address), port), connections.Attempts);
    }

    [Fact]
    public async Task Fetch_RedirectToPrivateAddress_IsRefused()
    {
        var url = server.Serve("to-private", DocumentServer.Redirect(302, "http://10.0.0.1/admin"));
        using var connections = new ConnectionAttemptListener();

        var result = await FetcherHost.FetchAsync(url, ("AllowLoopback", "true"));

        Assert.Equal(FailureKind.Refused, result.Failure);
        Assert.Equal(new Uri("http://10.0.0.1/admin"), result.FinalUrl);
        Assert.Equal(1, result.Redirects);
        Assert.Single(server.RequestsTo(url));
        Assert.DoesNotContain(ConnectionAttemptListener.Describe(IPAddress.Parse("10.0.0.1"), 80), connections.Attempts);
    }

    [Fact]
    public async Task Fetch_RefusedAddress_IsNotRetried()
    {
        using var logs = new RecordingLoggerProvider();
        await using var services = FetcherHost.BuildServices(logs, ("AllowLoopback", "false"), ("MaxRetries", "2"));
        var fetcher = services.GetRequiredService<IDocumentFetcher>();
        var failing = new Uri($"http://localhost:{server.BaseUrl.Port}/"); // refused, whatever it resolves to

        var refused = await fetcher.FetchAsync(new FetchRequest(new Uri("http://10.0.0.1/")));
        var refusedByName = await fetcher.FetchAsync(new FetchRequest(failing));
        var retriesAfterRefusals = logs.Messages.Count(m => m.Contains("OnRetry", StringComparison.Ordinal));

        Assert.Equal(FailureKind.Refused, refused.Failure);
        Assert.Equal(FailureKind.Refused, refusedByName.Failure);
        Assert.Equal(0, retriesAfterRefusals);
    }

    [Fact]
    public async Task Fetch_ServerError_IsRetriedAndLogged()
    {
        // Positive control for the test above: retries do show up in the log as OnRetry events.
        using var logs = new RecordingLoggerProvider();
        await using var services = FetcherHost.BuildServices(logs, ("MaxRetries", "2"));
        var url = server.Serve("retry-logged", DocumentServer.Status(503));

        var result = await services.GetRequiredService<IDocumentFetcher>().FetchAsync(new FetchRequest(url));

        Assert.Equal(FailureKind.Transient, result.Failure);
        Assert.Equal(2, logs.Messages.Count(m => m.Contains("OnRetry", StringComparison.Ordinal)));
    }

    /// <summary>Records the socket connect attempts of this process (the runtime's System.Net.Sockets events).</summary>
    private sealed class ConnectionAttemptListener : EventListener
    {
        private readonly ConcurrentQueue<string> _attempts = new();

        public IReadOnlyCollection<string> Attempts => _attempts.ToArray();

        /// <summary>How the runtime's ConnectStart event names an endpoint.</summary>
        public static string Describe(IPAddress address, int port) => new IPEndPoint(address, port).Serialize().ToString();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "System.Net.Sockets")
                EnableEvents(eventSource, EventLevel.Informational);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "ConnectStart" && eventData.Payload is [string address, ..])
                _attempts.Enqueue(address);
        }
    }
}
