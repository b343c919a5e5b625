using System.Collections.Frozen;
using System.Diagnostics;
using Monitors.Core.Telemetry;

namespace Monitors.Core.Checking;

/// <summary>How a <see cref="CheckResult"/> is told to <see cref="MonitorsTelemetry"/>: the outcome as the dashboards' tag.</summary>
public static class CheckTelemetry
{
    private static readonly FrozenDictionary<CheckOutcome, string> Outcomes = MonitorsTelemetry.LowerCaseNames<CheckOutcome>();

    /// <summary>Records a finished check: <c>monitors.checks</c>, <c>monitors.check.duration</c> and the span's outcome.</summary>
    public static void RecordCheck(this MonitorsTelemetry telemetry, CheckResult result, TimeSpan duration, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(result);
        telemetry.RecordCheck(
            Outcomes[result.Outcome],
            result.Outcome == CheckOutcome.Failed ? result.Failure : null,
            result.IsFailure,
            result.Detail,
            duration,
            activity);
    }
}
