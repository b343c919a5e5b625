using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Telemetry;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitors.Core.Alerts;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Tests.Subscriptions;

/// <summary>Subscribers in memory, with the store's ETag semantics (a stale ETag loses).</summary>
internal sealed class InMemorySubscriberStore : ISubscriberStore
{
    private readonly ConcurrentDictionary<string, Subscriber> _byId = new();
    private readonly ConcurrentDictionary<string, string> _byEmail = new();
    private long _etag;

    public Task<Subscriber?> GetAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byId.GetValueOrDefault(subscriberId));

    public Task<Subscriber?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byEmail.TryGetValue(email, out var id) ? _byId.GetValueOrDefault(id) : null);

    public Task<bool> TryAddAsync(Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        if (!_byEmail.TryAdd(subscriber.Email, subscriber.Id))
        {
            return Task.FromResult(false);
        }

        _byId[subscriber.Id] = subscriber with { ETag = NextETag() };
        return Task.FromResult(true);
    }

    public Task<Subscriber?> TryUpdateAsync(Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        lock (_byId)
        {
            if (!_byId.TryGetValue(subscriber.Id, out var current) || current.ETag != subscriber.ETag)
            {
                return Task.FromResult<Subscriber?>(null);
            }

            var saved = subscriber with { ETag = NextETag() };
            _byId[subscriber.Id] = saved;
            return Task.FromResult<Subscriber?>(saved);
        }
    }

    public async IAsyncEnumerable<Subscriber> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var s in _byId.Values)
        {
            yield return s;
        }
    }

    private string NextETag() => "W/" + Interlocked.Increment(ref _etag);
}

internal sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly ConcurrentDictionary<(string Subscriber, string Platform), Subscription> _rows = new();

    public Task SaveAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        _rows[(subscription.SubscriberId, subscription.PlatformId)] = subscription;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string subscriberId, string platformId, CancellationToken cancellationToken = default)
    {
        _rows.TryRemove((subscriberId, platformId), out _);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<Subscription> ListBySubscriberAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        _rows.Values.Where(r => r.SubscriberId == subscriberId).ToAsyncEnumerable();

    public IAsyncEnumerable<Subscription> ListByPlatformAsync(string platformId, CancellationToken cancellationToken = default) =>
        _rows.Values.Where(r => r.PlatformId == platformId).ToAsyncEnumerable();
}

internal sealed class InMemoryDeliveryStore : IDeliveryStore
{
    private readonly ConcurrentDictionary<(string, string), Delivery> _rows = new();
    private long _etag;

    public Task<Delivery?> GetAsync(string subscriberId, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rows.GetValueOrDefault((subscriberId, key)));

    public Task<Delivery?> TryAddAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        var saved = delivery with { ETag = "e" + Interlocked.Increment(ref _etag) };
        return Task.FromResult(_rows.TryAdd((delivery.SubscriberId, delivery.Key), saved) ? saved : null);
    }

    public Task<Delivery?> TryUpdateAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            var key = (delivery.SubscriberId, delivery.Key);
            if (!_rows.TryGetValue(key, out var current) || current.ETag != delivery.ETag)
            {
                return Task.FromResult<Delivery?>(null);
            }

            var saved = delivery with { ETag = "e" + Interlocked.Increment(ref _etag) };
            _rows[key] = saved;
            return Task.FromResult<Delivery?>(saved);
        }
    }

    public IAsyncEnumerable<Delivery> ListAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        _rows.Values.Where(d => d.SubscriberId == subscriberId).ToAsyncEnumerable();
}

/// <summary>Keeps what it was asked to send; can be told to fail the next sends.</summary>
internal sealed class RecordingEmailSender : IEmailSender
{
    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    public int FailNext { get; set; }

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new EmailDeliveryException("provider said 500", isTransient: true, 500);
        }

        Sent.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>The objects under test, built once per test over in-memory stores and a fake clock.</summary>
internal sealed class SubscriptionsFixture
{
    public const string SigningKey = "unit-test-signing-key-0123456789abcdef-0123456789";

    public SubscriptionsFixture(int platforms = 30)
    {
        Catalog = new PlatformCatalog(Enumerable.Range(1, platforms).Select(i => new Platform($"platform-{i}", $"Platform {i}", null, [])));
        Tokens = new TokenService(Options.Create(new TokenOptions { SigningKey = SigningKey }), Time);
        Links = new LinkBuilder(Options.Create(new PublicSiteOptions { PublicBaseUrl = "https://monitors.example.com" }), Tokens);
        Composer = new EmailComposer(new EmailTemplates(), Links, Catalog, Options.Create(new TokenOptions { SigningKey = SigningKey }));
        Service = new SubscriptionService(Subscribers, Subscriptions, Catalog, new SignUpMailer(Composer, Sender), Time, NullLogger<SubscriptionService>.Instance);
        Telemetry = new MonitorsTelemetry(MeterFactory);
        Ledger = new DeliveryLedger(Deliveries, Sender, Options.Create(new DeliveryOptions { InFlightWait = TimeSpan.FromMilliseconds(300) }), Time, Telemetry, NullLogger<DeliveryLedger>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    public IMeterFactory MeterFactory { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
    public MonitorsTelemetry Telemetry { get; }
    public PlatformCatalog Catalog { get; }
    public InMemorySubscriberStore Subscribers { get; } = new();
    public InMemorySubscriptionStore Subscriptions { get; } = new();
    public InMemoryDeliveryStore Deliveries { get; } = new();
    public RecordingEmailSender Sender { get; } = new();
    public TokenService Tokens { get; }
    public LinkBuilder Links { get; }
    public EmailComposer Composer { get; }
    public SubscriptionService Service { get; }
    public DeliveryLedger Ledger { get; }

    public async Task<Subscriber> ConfirmedAsync(string email, Tier tier = Tier.Free, params string[] follow)
    {
        var result = await Service.SignUpAsync(email, follow, tier, confirmed: true);
        return result.Subscriber;
    }

    public static ChangeRecord Change(
        string platformId = "platform-1",
        string platformName = "Platform 1",
        string documentTitle = "Terms of Service",
        string headline = "Platform 1 changed its Terms of Service",
        Severity severity = Severity.Medium,
        DateTimeOffset? detectedAt = null,
        string id = "20260302-0123456789ab",
        IReadOnlyList<ClauseChange>? changes = null,
        IReadOnlyList<TopicMatch>? topics = null) => new()
    {
        Id = id,
        PlatformId = platformId,
        PlatformName = platformName,
        DocumentId = "terms",
        DocumentTitle = documentTitle,
        DetectedAt = detectedAt ?? new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero),
        PreviousVersionId = new string('a', 64),
        NewVersionId = new string('b', 64),
        Headline = headline,
        Severity = severity,
        Changes = changes ??
        [
            new ClauseChange("3. Data", null, ClauseChangeKind.Modified, "We do not use your content.", "We may use your content to train models.",
                [new(SegmentKind.Deleted, "We do not use"), new(SegmentKind.Inserted, "We may use"), new(SegmentKind.Unchanged, " your content"), new(SegmentKind.Inserted, " to train models"), new(SegmentKind.Unchanged, ".")],
                "We may use your content to train models.") { TopicIds = ["ai-training"] },
        ],
        Stats = new ChangeStats(0, 0, 1, 0, 0, 6, 3),
        Topics = topics ?? [new TopicMatch("ai-training", "AI training", ["train models"])],
    };
}
