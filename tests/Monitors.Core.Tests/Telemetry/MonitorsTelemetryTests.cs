using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Changes;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Monitors.Core.Telemetry;

namespace Monitors.Core.Tests.Telemetry;

public sealed class MonitorsTelemetryTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MonitorsTelemetry _telemetry;
    private readonly MetricCapture _metrics;

    public MonitorsTelemetryTests()
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<MonitorsTelemetry>().BuildServiceProvider();
        _metrics = new MetricCapture(_services.GetRequiredService<IMeterFactory>());
        _telemetry = _services.GetRequiredService<MonitorsTelemetry>();
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void RecordCheck_FirstSeen_CountsOutcomeInLowerCaseAndRecordsDurationInSeconds()
    {
        var result = new CheckResult(new DocumentKey("acme", "terms"), CheckOutcome.FirstSeen, "v1");

        _telemetry.RecordCheck(result, TimeSpan.FromMilliseconds(1500));

        var check = Assert.Single(_metrics.Of("monitors.checks"));
        Assert.Equal(1, check.Value);
        Assert.Equal("firstseen", check.Tag("outcome"));
        Assert.False(check.Tags.ContainsKey("failure"));
        var duration = Assert.Single(_metrics.Of("monitors.check.duration"));
        Assert.Equal(1.5, duration.Value, precision: 6);
        Assert.Equal("firstseen", duration.Tag("outcome"));
    }

    [Theory]
    [InlineData(CheckOutcome.Unchanged, "unchanged")]
    [InlineData(CheckOutcome.Changed, "changed")]
    [InlineData(CheckOutcome.PendingConfirmation, "pendingconfirmation")]
    [InlineData(CheckOutcome.UnknownDocument, "unknowndocument")]
    public void RecordCheck_TagsEachOutcome(CheckOutcome outcome, string expected)
    {
        _telemetry.RecordCheck(new CheckResult(new DocumentKey("acme", "terms"), outcome), TimeSpan.FromSeconds(2));

        Assert.Equal(expected, Assert.Single(_metrics.Of("monitors.checks")).Tag("outcome"));
    }

    [Fact]
    public void RecordCheck_Failed_AlsoTagsTheFailureKind()
    {
        var result = new CheckResult(new DocumentKey("acme", "terms"), CheckOutcome.Failed, Detail: "StructureChanged: selector main matched nothing")
        {
            Failure = FailureKind.StructureChanged,
        };

        _telemetry.RecordCheck(result, TimeSpan.FromSeconds(3));

        var check = Assert.Single(_metrics.Of("monitors.checks"));
        Assert.Equal("failed", check.Tag("outcome"));
        Assert.Equal("structurechanged", check.Tag("failure"));
        // The duration histogram keeps to one dimension, so the dashboard's per-outcome means stay comparable.
        var duration = Assert.Single(_metrics.Of("monitors.check.duration"));
        Assert.Equal("failed", duration.Tag("outcome"));
        Assert.False(duration.Tags.ContainsKey("failure"));
    }

    [Fact]
    public void RecordCheckError_Exception_IsAFailedCheckOfKindException_AndCancellationIsCancelled()
    {
        _telemetry.RecordCheckError(new InvalidOperationException("boom"), TimeSpan.FromSeconds(1));
        _telemetry.RecordCheckError(new OperationCanceledException(), TimeSpan.FromSeconds(1));

        var checks = _metrics.Of("monitors.checks");
        Assert.Equal(2, checks.Count);
        Assert.Equal(("failed", "exception"), (checks[0].Tag("outcome"), checks[0].Tag("failure")));
        Assert.Equal(("cancelled", null), (checks[1].Tag("outcome"), checks[1].Tag("failure")));
    }

    [Fact]
    public void RecordChange_CountsBySeverity()
    {
        _telemetry.RecordChange(Severity.High);
        _telemetry.RecordChange(Severity.Low);
        _telemetry.RecordChange(Severity.High);

        var changes = _metrics.Of("monitors.changes");
        Assert.All(changes, c => Assert.Equal(1, c.Value));
        Assert.Equal(["high", "high", "low"], changes.Select(c => c.Tag("severity")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RecordAlert_CountsSentAndFailed()
    {
        _telemetry.RecordAlert(sent: true);
        _telemetry.RecordAlert(sent: false);
        _telemetry.RecordAlert(sent: true);

        var alerts = _metrics.Of("monitors.alerts");
        Assert.Equal(["failed", "sent", "sent"], alerts.Select(a => a.Tag("result")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StartCheck_ThenRecordCheck_GivesASpanNamedForTheDocumentWithItsOutcome()
    {
        var platform = $"acme-{Guid.NewGuid():n}";
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MonitorsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(listener);
        var key = new DocumentKey(platform, "terms");

        using (var activity = _telemetry.StartCheck(key))
        {
            _telemetry.RecordCheck(new CheckResult(key, CheckOutcome.Failed, Detail: "Blocked: HTTP 403") { Failure = FailureKind.Blocked }, TimeSpan.FromSeconds(1), activity);
        }

        var span = Assert.Single(stopped, a => Equals(a.GetTagItem("platform"), platform));
        Assert.Equal($"check {platform}/terms", span.DisplayName);
        Assert.Equal("terms", span.GetTagItem("document"));
        Assert.Equal("failed", span.GetTagItem("outcome"));
        Assert.Equal("blocked", span.GetTagItem("failure"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }
}
