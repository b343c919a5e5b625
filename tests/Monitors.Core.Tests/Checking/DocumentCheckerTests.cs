using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Fetching;
using Monitors.Core.Site;
using Monitors.Core.Storage;

namespace Monitors.Core.Tests.Checking;

/// <summary>
/// The transitions of <see cref="DocumentChecker"/> over in-memory stores and a site in memory: first seen, unchanged,
/// technical, substantive (recorded and published), a failed fetch (a failure, never a change) and the guard (an error
/// page is not a change). The same paths end to end against Azurite: tests/Monitors.IntegrationTests/Checking.
/// </summary>
public sealed class DocumentCheckerTests : IDisposable
{
    private static readonly Uri TermsUrl = new("https://example.test/terms");

    private static readonly string[] Clauses =
    [
        "You must be at least 18 years old to use the service.",
        "We may suspend accounts that violate these terms.",
        "These terms are governed by the laws of Ireland.",
        "We keep usage logs for security and abuse prevention for ninety days.",
    ];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly StubFetcher _site = new();
    private readonly InMemoryArchive _archive = new();
    private readonly InMemoryDocumentStateStore _states = new();
    private readonly InMemoryVersionHistory _history = new();
    private readonly InMemoryChangeStore _changes = new();
    private readonly InMemoryWorkQueue _queue = new();
    private readonly InMemorySiteIndex _index = new();
    private readonly RecordingOperatorNotifier _operator = new();
    private ServiceProvider? _services;

    private static DocumentKey Key => new("example", "terms");

    [Fact]
    public async Task Check_FirstVersion_RecordsFirstSeenVersionWithoutChangeRecord()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses));
        var checker = Checker();

        var result = await checker.CheckAsync(Message());

        Assert.Equal(CheckOutcome.FirstSeen, result.Outcome);
        var state = await _states.GetAsync(Key);
        Assert.Equal(result.VersionId, state!.CurrentVersionId);
        Assert.Equal(1, state.VersionCount);
        Assert.Null(state.UnpublishedVersionId);
        var entry = Assert.Single(_history.List(Key));
        Assert.Equal(VersionKind.First, entry.Kind);
        Assert.Null(entry.ChangeId);
        Assert.Contains(Clauses[1], await _archive.GetVersionAsync(Key, result.VersionId!), StringComparison.Ordinal);
        Assert.DoesNotContain("Cookies", await _archive.GetVersionAsync(Key, result.VersionId!), StringComparison.Ordinal);
        Assert.Equal(1, _archive.SnapshotCount(Key));
        Assert.Empty(_changes.All);
        Assert.Empty(_queue.Sent<ChangeNotice>(StorageNames.Queues.Changes));
        Assert.NotEmpty(_index.Clauses(Key));
    }

    [Fact]
    public async Task Check_UnchangedDocument_RecordsNoVersion()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses, token: "a1"));
        var checker = Checker();
        var (first, second) = await CheckThenAsync(checker, () => _site.ServeHtml(TermsUrl, Page(Clauses, token: "b2"))); // other chrome, same text

        Assert.Equal(CheckOutcome.Unchanged, second.Outcome);
        Assert.Equal(first.VersionId, second.VersionId);
        Assert.Single(_history.List(Key));
        Assert.Equal(1, _archive.SnapshotCount(Key)); // the bytes differ, the text does not: no new snapshot
        Assert.Equal(_clock.GetUtcNow(), (await _states.GetAsync(Key))!.LastCheckedAt);
        Assert.Equal(2, _site.Requests(TermsUrl));
    }

    [Fact]
    public async Task Check_DifferenceNormalisationHides_IsTechnicalAndRecordsNothing()
    {
        // A tracking id in a visible link changes on every request: the text differs, its normalised form does not.
        _site.ServeHtml(TermsUrl, Page(Clauses, link: "https://example.test/policy?did=1001"));
        var checker = Checker();
        var (first, second) = await CheckThenAsync(checker, () => _site.ServeHtml(TermsUrl, Page(Clauses, link: "https://example.test/policy?did=1002")));

        Assert.Equal(CheckOutcome.Technical, second.Outcome);
        Assert.Equal(first.VersionId, second.VersionId);
        var state = await _states.GetAsync(Key);
        Assert.Equal(first.VersionId, state!.CurrentVersionId);
        Assert.Equal(1, state.VersionCount);
        Assert.Single(_history.List(Key));
        Assert.Equal(1, _archive.VersionCount(Key));
        Assert.Empty(_changes.All);
    }

    [Fact]
    public async Task Check_SubstantiveChange_RecordsVersionAndChangeRecordAndPublishesIt()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses));
        var checker = Checker(confirmDelay: TimeSpan.Zero);
        var (first, changed) = await CheckThenAsync(checker, () => _site.ServeHtml(TermsUrl, Page([Clauses[0], "We may suspend or terminate accounts that violate these terms, without notice.", Clauses[2], Clauses[3]])));

        Assert.Equal(CheckOutcome.Changed, changed.Outcome);
        Assert.NotEqual(first.VersionId, changed.VersionId);
        var record = Assert.Single(_changes.All);
        Assert.Equal(changed.ChangeId, record.Id);
        Assert.Equal(first.VersionId, record.PreviousVersionId);
        Assert.Equal(changed.VersionId, record.NewVersionId);
        Assert.Contains(record.Changes, c => (c.After ?? string.Empty).Contains("without notice", StringComparison.Ordinal));
        Assert.NotNull(record.Summary); // written at publish time
        var versions = _history.List(Key);
        Assert.Equal(2, versions.Count);
        Assert.Equal(VersionKind.Substantive, versions[0].Kind);
        Assert.Equal(record.Id, versions[0].ChangeId);
        var notice = Assert.Single(_queue.Sent<ChangeNotice>(StorageNames.Queues.Changes));
        Assert.Equal(new ChangeNotice(record.Id, "example", "terms"), notice);
        Assert.Equal(record.Id, Assert.Single(_index.Changes).ChangeId);
        var state = await _states.GetAsync(Key);
        Assert.Equal(changed.VersionId, state!.CurrentVersionId);
        Assert.Equal(2, state.VersionCount);
        Assert.Null(state.UnpublishedChangeId);
    }

    [Fact]
    public async Task Check_SubstantiveChange_ReadsEachArchivedVersionOnce()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses));
        var checker = Checker(confirmDelay: TimeSpan.Zero);
        var first = await checker.CheckAsync(Message());
        _archive.ForgetReads();
        _site.ServeHtml(TermsUrl, Page([Clauses[0], "We may suspend or terminate accounts that violate these terms, without notice.", Clauses[2], Clauses[3]]));
        _clock.Advance(TimeSpan.FromHours(6));

        var changed = await checker.CheckAsync(Message());

        Assert.Equal(CheckOutcome.Changed, changed.Outcome);
        // The comparison reads the current version; the change record reuses it and the text just fetched. The one read of
        // the new version is the site's update (inline in this test), which runs apart from the check in the app.
        Assert.Equal(1, _archive.Reads(Key, first.VersionId!));
        Assert.Equal(1, _archive.Reads(Key, changed.VersionId!));
    }

    [Fact]
    public async Task Check_SubstantiveChangeWithConfirmDelay_WaitsForTheRefetchBeforeRecording()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses));
        var checker = Checker(confirmDelay: TimeSpan.FromMinutes(10));
        await checker.CheckAsync(Message());

        _site.ServeHtml(TermsUrl, Page([Clauses[0], "We may suspend accounts without notice.", Clauses[2], Clauses[3]]));
        _clock.Advance(TimeSpan.FromHours(6));
        var seen = await checker.CheckAsync(Message());
        var pendingChanges = _changes.All.Count;
        _clock.Advance(TimeSpan.FromMinutes(10));
        var confirmed = await checker.CheckAsync(Message(CheckReason.Confirmation));

        Assert.Equal(CheckOutcome.PendingConfirmation, seen.Outcome);
        Assert.Equal(0, pendingChanges);
        var confirmation = Assert.Single(_queue.Sent<CheckMessage>(StorageNames.Queues.Checks));
        Assert.Equal(CheckReason.Confirmation, confirmation.Reason);
        Assert.Equal(TimeSpan.FromMinutes(10), Assert.Single(_queue.Delays(StorageNames.Queues.Checks)));
        Assert.Equal(CheckOutcome.Changed, confirmed.Outcome);
        Assert.Equal(seen.VersionId, confirmed.VersionId);
        Assert.Single(_changes.All);
    }

    [Fact]
    public async Task Check_FetchFails_RecordsAFailureNeverAChange()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses));
        var checker = Checker(confirmDelay: TimeSpan.Zero);
        var (first, failed) = await CheckThenAsync(checker, () => _site.Fail(TermsUrl, FailureKind.Transient, "HTTP 503 from example.test"));

        Assert.Equal(CheckOutcome.Failed, failed.Outcome);
        var state = await _states.GetAsync(Key);
        Assert.Equal(FailureKind.Transient, state!.LastFailureKind);
        Assert.Equal("HTTP 503 from example.test", state.LastFailureReason);
        Assert.Equal(1, state.FailureStreak);
        Assert.Equal(_clock.GetUtcNow(), state.FailingSince);
        Assert.Equal(first.VersionId, state.CurrentVersionId);
        Assert.False(state.NeedsAttention);
        Assert.Single(_history.List(Key));
        Assert.Empty(_changes.All);
        Assert.Empty(_queue.Sent<ChangeNotice>(StorageNames.Queues.Changes));
        Assert.Empty(_operator.Notices);
    }

    [Fact]
    public async Task Check_RepeatedFailures_TellTheOperatorOnceThenOnceWhenTrackingResumes()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses));
        var checker = Checker(confirmDelay: TimeSpan.Zero);
        await checker.CheckAsync(Message());
        var threshold = DetectionSettings.Default.FailuresBeforeAttention;

        _site.Fail(TermsUrl, FailureKind.Blocked, "HTTP 403 from example.test");
        var noticesAfterEachFailure = new List<int>();
        for (var i = 0; i < threshold + 2; i++)
        {
            _clock.Advance(TimeSpan.FromHours(6));
            await checker.CheckAsync(Message());
            noticesAfterEachFailure.Add(_operator.Notices.Count);
        }

        var whileFailing = _operator.Notices.ToArray();
        _site.ServeHtml(TermsUrl, Page(Clauses));
        _clock.Advance(TimeSpan.FromHours(6));
        var back = await checker.CheckAsync(Message());

        // Told on the failure that reaches the threshold, and not again while it keeps failing.
        Assert.Equal(Enumerable.Range(1, threshold + 2).Select(n => n >= threshold ? 1 : 0), noticesAfterEachFailure);
        Assert.Equal(new[] { ("attention", Key) }, whileFailing);
        Assert.Equal(CheckOutcome.Unchanged, back.Outcome);
        Assert.Equal(new[] { ("attention", Key), ("resumed", Key) }, _operator.Notices.ToArray());
        var state = await _states.GetAsync(Key);
        Assert.False(state!.NeedsAttention);
        Assert.Equal(0, state.FailureStreak);
        Assert.Empty(_changes.All);
    }

    [Fact]
    public async Task Check_ErrorPageAfterGoodVersion_IsASuspiciousFailureNotAChange()
    {
        _site.ServeHtml(TermsUrl, Page(Clauses));
        var checker = Checker(confirmDelay: TimeSpan.Zero);
        // Served with 200, as many sites do: only the guard can tell it from a rewrite.
        var (first, result) = await CheckThenAsync(checker, () => _site.ServeHtml(TermsUrl, Chrome("<h1>This page isn't available</h1><p>Please try again later.</p>", "c3")));

        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        var state = await _states.GetAsync(Key);
        Assert.Equal(FailureKind.Suspicious, state!.LastFailureKind);
        Assert.Equal(first.VersionId, state.CurrentVersionId);
        Assert.Null(state.PendingVersionId);
        Assert.Single(_history.List(Key));
        Assert.Equal(1, _archive.VersionCount(Key)); // the error page never becomes a version
        Assert.Equal(2, _archive.SnapshotCount(Key)); // its bytes are kept as evidence
        Assert.Empty(_changes.All);
    }

    [Fact]
    public async Task Check_ErrorPageAsFirstFetch_NeverBecomesTheFirstVersion()
    {
        _site.ServeHtml(TermsUrl, Chrome("<h1>Access denied</h1><p>Please enable JavaScript and cookies to continue.</p>", "d4"));
        var checker = Checker();

        var result = await checker.CheckAsync(Message());

        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        var state = await _states.GetAsync(Key);
        Assert.Equal(FailureKind.Suspicious, state!.LastFailureKind);
        Assert.Null(state.CurrentVersionId);
        Assert.Empty(_history.List(Key));
        Assert.Equal(0, _archive.VersionCount(Key));
    }

    [Fact]
    public async Task Check_DocumentNotInCatalog_IsReportedWithoutFetching()
    {
        var checker = Checker();

        var result = await checker.CheckAsync(new CheckMessage("example", "gone"));

        Assert.Equal(CheckOutcome.UnknownDocument, result.Outcome);
        Assert.Equal(0, _site.Requests(TermsUrl));
        Assert.Null(await _states.GetAsync(new DocumentKey("example", "gone")));
    }

    public void Dispose() => _services?.Dispose();

    /// <summary>Checks the document as the site serves it, then six hours after <paramref name="change"/> changed the site.</summary>
    private async Task<(CheckResult First, CheckResult Next)> CheckThenAsync(DocumentChecker checker, Action change)
    {
        var first = await checker.CheckAsync(Message());
        change();
        _clock.Advance(TimeSpan.FromHours(6));
        return (first, await checker.CheckAsync(Message()));
    }

    private static CheckMessage Message(CheckReason reason = CheckReason.Scheduled) => new("example", "terms", reason);

    /// <summary>The checker as the hosts compose it (AddMonitorsCore), over the in-memory stores and site of this test.</summary>
    private DocumentChecker Checker(TimeSpan? confirmDelay = null)
    {
        var detection = DetectionSettings.Default with { ConfirmDelay = confirmDelay ?? DetectionSettings.Default.ConfirmDelay };
        var terms = new DocumentDeclaration("terms", "Terms of Service", "Terms of Service", TermsUrl, [new CssSelector("main")], []) { Detection = detection };
        // The site's read models inline, so a test reads them as soon as the check returns.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Monitors:Checks:UpdateSiteInline"] = "true" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(new PlatformCatalog([new Platform("example", "Example", null, [terms])]));
        services.AddMonitorsCore(configuration);
        services.Replace(ServiceDescriptor.Singleton<IDocumentFetcher>(_site));
        services.Replace(ServiceDescriptor.Singleton<IOperatorNotifier>(_operator));
        services.Replace(ServiceDescriptor.Singleton<IArchive>(_archive));
        services.Replace(ServiceDescriptor.Singleton<IDocumentStateStore>(_states));
        services.Replace(ServiceDescriptor.Singleton<IVersionHistory>(_history));
        services.Replace(ServiceDescriptor.Singleton<IChangeStore>(_changes));
        services.Replace(ServiceDescriptor.Singleton<IWorkQueue>(_queue));
        services.Replace(ServiceDescriptor.Singleton(_index.AsSiteIndex()));
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<DocumentChecker>();
    }

    private static string Page(IReadOnlyList<string> clauses, string token = "t0", string? link = null) =>
        Chrome(
            "<h1>Terms of Service</h1>" + string.Concat(clauses.Select((c, i) => $"<h2>{i + 1}. Section {i + 1}</h2><p>{i + 1}.1. {c}</p>"))
                + (link is null ? string.Empty : $"<p>Read <a href=\"{link}\">the policy</a>.</p>"),
            token);

    /// <summary>A page whose chrome (menu, cookie banner, tokens) is outside <c>main</c> and differs with <paramref name="token"/>.</summary>
    private static string Chrome(string main, string token) => $"""
        <!doctype html><html data-r="{token}"><head><title>T</title><script>var s="{token}";</script></head>
        <body><nav><a href="/x?s={token}">Menu {token}</a></nav>
        <div class="cookie-banner">Cookies! <button>OK</button></div>
        <main data-build="{token}">{main}</main>
        <footer>Rendered {token}</footer></body></html>
        """;
}
