using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Net;
using System.Text;
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
        var started = TimeProvider.System.GetTimestamp();

        var result = await FetcherHost.FetchAsync(new Uri("http://10.0.0.1/"), ("MaxRetries", "3"), ("RetryDelay", "00:00:01"));

        Assert.Equal(FailureKind.Refused, result.Failure);
        // Three retries would wait at least 1 + 2 + 4 s.
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(1));
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
