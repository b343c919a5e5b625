using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitors.Cli.Api;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Alerts;

/// <summary>
/// The real service graph against Azurite (see <see cref="PipelineHarness"/>) with SendGrid configured and pointed at a
/// loopback <see cref="SendGridStandIn"/>, the HTTP API served by the same loopback Kestrel host as <c>monitors serve</c>,
/// and the log captured. Queue helpers handle only this test's messages, so other tests' messages are left alone.
/// </summary>
internal sealed partial class MailHarness : IAsyncDisposable
{
    public const string AdminKey = "integration-admin-key-0123456789";
    public const string PublicBase = "https://monitors.test";

    private MailHarness(PipelineHarness pipeline, SendGridStandIn sendGrid, TestSite site, LoopbackApiServer api, CapturingLoggerProvider log)
    {
        Pipeline = pipeline;
        SendGrid = sendGrid;
        Site = site;
        Api = api;
        Log = log;
        Http = new HttpClient { BaseAddress = api.BaseUrl };
    }

    public PipelineHarness Pipeline { get; }
    public SendGridStandIn SendGrid { get; }
    public TestSite Site { get; }
    public LoopbackApiServer Api { get; }
    public CapturingLoggerProvider Log { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => Pipeline.Services;
    public string PlatformId => Pipeline.Platform.Id;
    public SubscriptionService Subscriptions => Services.GetRequiredService<SubscriptionService>();
    public IWorkQueue Queue => Services.GetRequiredService<IWorkQueue>();

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("n")[..10]}@example.com";

    /// <summary>A harness whose platform has one document, <c>terms</c>, served by a test site with the base clauses (no confirmation delay).</summary>
    public static async Task<MailHarness> CreateAsync(IDictionary<string, string?>? settings = null, PlatformCatalog? catalog = null)
    {
        var sendGrid = await SendGridStandIn.StartAsync();
        var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        var log = new CapturingLoggerProvider();
        var all = new Dictionary<string, string?>
        {
            ["Monitors:Email:SendGridApiKey"] = "SG.integration-test-key",
            ["Monitors:Email:SendGridHost"] = sendGrid.BaseUrl,
            ["Monitors:Email:FromAddress"] = "alerts@monitors.test",
            ["Monitors:Email:SendRetryDelay"] = "00:00:00.010",
            ["Monitors:Tokens:SigningKey"] = "integration-test-signing-key-0123456789abcdef",
            ["Monitors:PublicBaseUrl"] = PublicBase,
            ["Monitors:Api:AdminKey"] = AdminKey,
            ["Monitors:Deliveries:InFlightWait"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var detection = DetectionSettings.Default with { ConfirmDelay = TimeSpan.Zero };
        var pipeline = await PipelineHarness.CreateAsync(
            [PipelineHarness.Document("terms", site.Url("/terms"), detection)],
            all,
            services =>
            {
                services.AddSingleton<ILoggerProvider>(log);
                if (catalog is not null)
                {
                    services.AddSingleton(catalog);
                }
            });
        var api = new LoopbackApiServer(pipeline.Services, 0);
        await api.StartAsync(CancellationToken.None);
        return new MailHarness(pipeline, sendGrid, site, api, log);
    }

    /// <summary>Checks the first version, changes the page (extra clauses) and checks again: returns the change id.</summary>
    public async Task<string> RecordChangeAsync(params string[] extraClauses)
    {
        if ((await Services.GetRequiredService<IDocumentStateStore>().GetAsync(new DocumentKey(PlatformId, "terms")))?.CurrentVersionId is null)
        {
            Assert.Equal(CheckOutcome.FirstSeen, (await Pipeline.CheckAsync("terms")).Outcome);
        }

        var clauses = Pages.BaseClauses.Concat(extraClauses.Length > 0 ? extraClauses : [$"We may share usage data with partners ({Guid.NewGuid():n})."]).ToArray();
        Site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(clauses)));
        Pipeline.Clock.Advance(TimeSpan.FromHours(6));
        var result = await Pipeline.CheckAsync("terms");
        Assert.Equal(CheckOutcome.Changed, result.Outcome);
        return result.ChangeId!;
    }

    /// <summary>Handles the messages of <paramref name="queue"/> whose body contains <paramref name="marker"/>, as the queue trigger would.</summary>
    /// <returns>How many were handled without an exception.</returns>
    public Task<int> DrainMineAsync(string queue, string marker, Func<string, CancellationToken, Task> handler, int maxDequeueCount = 5) =>
        DrainMineAsync(queue, body => body.Contains(marker, StringComparison.Ordinal), handler, maxDequeueCount);

    /// <summary>Handles the messages of <paramref name="queue"/> that <paramref name="isMine"/> picks; others stay hidden for 5 s, so pick all of a test's at once.</summary>
    public async Task<int> DrainMineAsync(string queue, Func<string, bool> isMine, Func<string, CancellationToken, Task> handler, int maxDequeueCount = 5)
    {
        var handled = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var messages = await Queue.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(5));
            var mine = messages.Where(m => isMine(m.Body)).ToArray();
            if (messages.Count == 0 || (mine.Length == 0 && messages.Count < 32))
            {
                return handled;
            }

            foreach (var message in mine)
            {
                try
                {
                    await handler(message.Body, CancellationToken.None);
                    await Queue.DeleteAsync(message);
                    handled++;
                }
                catch (Exception) when (message.DequeueCount >= maxDequeueCount)
                {
                    await Queue.MoveToPoisonAsync(message);
                }
                catch (Exception)
                {
                    // Left on the queue: visible again after the visibility timeout, like a failed trigger.
                }
            }
        }

        return handled;
    }

    /// <summary>Runs the <c>changes</c> and <c>alerts</c> queues for this test's platform.</summary>
    public async Task DeliverAlertsAsync(string changeId)
    {
        var fanOut = Services.GetServices<Monitors.Core.Queues.IQueueHandler>().Single(h => h.Queue == StorageNames.Queues.Changes);
        var alerts = Services.GetServices<Monitors.Core.Queues.IQueueHandler>().Single(h => h.Queue == StorageNames.Queues.Alerts);
        await DrainMineAsync(StorageNames.Queues.Changes, changeId, fanOut.HandleAsync);
        await DrainMineAsync(StorageNames.Queues.Alerts, changeId, alerts.HandleAsync);
    }

    public async Task<Subscriber> SubscribeAsync(Tier tier, string? email = null)
    {
        var result = await Subscriptions.SignUpAsync(email ?? UniqueEmail(tier.ToString().ToLowerInvariant()), [PlatformId], tier, confirmed: true);
        return result.Subscriber;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, object? json = null, string? bearer = null, string? adminKey = null, string? accept = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery.StartsWith(PublicBase, StringComparison.Ordinal) ? pathAndQuery[PublicBase.Length..] : pathAndQuery);
        if (json is not null)
        {
            request.Content = new StringContent(json as string ?? JsonSerializer.Serialize(json), Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (adminKey is not null)
        {
            request.Headers.Add("X-Admin-Key", adminKey);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return Http.SendAsync(request);
    }

    /// <summary>The first link in a text body that starts with <paramref name="prefix"/> (e.g. <c>https://monitors.test/api/confirm</c>).</summary>
    public static string Link(string text, string prefix)
    {
        var match = LinkPattern().Matches(text).Select(m => m.Value).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return match ?? throw new Xunit.Sdk.XunitException($"No link starting with {prefix} in:\n{text}");
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Api.DisposeAsync();
        await Pipeline.DisposeAsync();
        await Site.DisposeAsync();
        await SendGrid.DisposeAsync();
    }

    [GeneratedRegex(@"https://monitors\.test/[^\s""<>]+")]
    private static partial Regex LinkPattern();
}

/// <summary>Keeps every log line (category, level, message), so a test can assert what was logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Lines.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
