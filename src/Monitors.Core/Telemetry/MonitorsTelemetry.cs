using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Monitors.Core.Changes;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;

namespace Monitors.Core.Telemetry;

/// <summary>
/// The metrics and traces of Monitors: one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named
/// <see cref="Name"/>. Exporters subscribe by that name (Application Insights in the Functions app, the console with
/// <c>monitors --telemetry console</c>); with no exporter listening, recording costs next to nothing. The instrument
/// and tag names are what the dashboards in docs/operations.md query: rename them there too.
/// </summary>
public sealed class MonitorsTelemetry : IDisposable
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Monitors";

    public const string ChecksInstrument = "monitors.checks";
    public const string CheckDurationInstrument = "monitors.check.duration";
    public const string ChangesInstrument = "monitors.changes";
    public const string AlertsInstrument = "monitors.alerts";

    /// <summary>Outcome tag of a check that threw (the queue retries it).</summary>
    public const string ExceptionFailure = "exception";

    /// <summary>Outcome tag of a check that failed (the lower-case name of the checker's <c>Failed</c> outcome).</summary>
    public const string FailedOutcome = "failed";

    private static readonly FrozenDictionary<FailureKind, string> Failures = LowerCaseNames<FailureKind>();
    private static readonly FrozenDictionary<Severity, string> Severities = LowerCaseNames<Severity>();

    // Checks take from a fraction of a second (304) to minutes (slow site, retries); the SDK's default buckets are for milliseconds.
    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    // ActivitySource has no factory; this one lives as long as the container that owns the meter.
    private readonly ActivitySource _source = new(Name);
    private readonly Counter<long> _checks;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _changes;
    private readonly Counter<long> _alerts;

    public MonitorsTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Name);
        _checks = meter.CreateCounter<long>(ChecksInstrument, "{check}", "Document checks by outcome; failed checks also by failure kind.");
        _checkDuration = meter.CreateHistogram(CheckDurationInstrument, "s", "How long a document check took, by outcome.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _changes = meter.CreateCounter<long>(ChangesInstrument, "{change}", "Change records stored, by severity.");
        _alerts = meter.CreateCounter<long>(AlertsInstrument, "{alert}", "Alert emails, by result (sent or failed).");
    }

    /// <summary>Starts the span of one check (<c>check {platform}/{document}</c>); null when nothing listens.</summary>
    public Activity? StartCheck(DocumentKey document)
    {
        var activity = _source.StartActivity("check");
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = $"check {document.PlatformId}/{document.DocumentId}";
        activity.SetTag("platform", document.PlatformId);
        activity.SetTag("document", document.DocumentId);
        return activity;
    }

    /// <summary>
    /// Records a finished check: <c>monitors.checks</c>, <c>monitors.check.duration</c> and the span's outcome. The checker
    /// calls it with its outcome's lower-case name (<c>CheckTelemetry.RecordCheck</c>): telemetry knows tags, not checks.
    /// </summary>
    /// <param name="failure">For a failed check: why (its <see cref="FailureKind"/>); else null.</param>
    /// <param name="isFailure">The check's result is a failure: the span's status is an error, described by <paramref name="detail"/>.</param>
    public void RecordCheck(string outcome, FailureKind? failure, bool isFailure, string? detail, TimeSpan duration, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var failureTag = failure is { } kind ? Failures[kind] : null;
        Record(outcome, failureTag, duration);
        activity?.SetTag("outcome", outcome);
        if (failureTag is not null)
        {
            activity?.SetTag("failure", failureTag);
        }

        if (isFailure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, detail);
        }
    }

    /// <summary>Records a check that threw: outcome <c>failed</c>, failure <c>exception</c>, or <c>cancelled</c> when it was cancelled.</summary>
    public void RecordCheckError(Exception exception, TimeSpan duration, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var cancelled = exception is OperationCanceledException;
        var outcome = cancelled ? "cancelled" : FailedOutcome;
        var failure = cancelled ? null : ExceptionFailure;
        Record(outcome, failure, duration);
        activity?.SetTag("outcome", outcome);
        if (failure is not null)
        {
            activity?.SetTag("failure", failure);
            activity?.AddException(exception);
        }

        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }

    /// <summary>Records one stored change record.</summary>
    public void RecordChange(Severity severity) => _changes.Add(1, new KeyValuePair<string, object?>("severity", Severities[severity]));

    /// <summary>Records one alert email: handed to the email service (<paramref name="sent"/>) or given up on.</summary>
    public void RecordAlert(bool sent) => _alerts.Add(1, new KeyValuePair<string, object?>("result", sent ? "sent" : "failed"));

    public void Dispose() => _source.Dispose();

    private void Record(string outcome, string? failure, TimeSpan duration)
    {
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome);
        if (failure is null)
        {
            _checks.Add(1, outcomeTag);
        }
        else
        {
            _checks.Add(1, outcomeTag, new KeyValuePair<string, object?>("failure", failure));
        }

        _checkDuration.Record(duration.TotalSeconds, outcomeTag);
    }

    /// <summary>Lower-case tag values, as the dashboards query them (outcome=firstseen); computed once, not per check.</summary>
    public static FrozenDictionary<TEnum, string> LowerCaseNames<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().ToFrozenDictionary(value => value, value => value.ToString().ToLowerInvariant());
}
