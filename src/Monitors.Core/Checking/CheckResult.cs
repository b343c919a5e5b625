using System.Text.Json.Serialization;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>What one check found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    /// <summary>The first version of the document was recorded; no alert.</summary>
    FirstSeen,
    /// <summary>Same canonical text as the current version (or HTTP 304).</summary>
    Unchanged,
    /// <summary>A substantive change was seen once and waits for a confirming re-fetch.</summary>
    PendingConfirmation,
    /// <summary>A confirmed substantive change: a new version and a change record.</summary>
    Changed,
    /// <summary>Only what normalisation hides changed: a new version, no change record, no alert.</summary>
    Technical,
    /// <summary>The page flipped to another text and back before confirmation: no change.</summary>
    Flap,
    /// <summary>Fetch, extraction or the suspicious-version guard failed: recorded as a failure, never as a change.</summary>
    Failed,
    /// <summary>The message names a platform or document the catalog no longer has.</summary>
    UnknownDocument,
    /// <summary>
    /// Not checked: the document's page is rendered by scripts in the browser (<c>executeClientScripts</c>), and checking
    /// the served HTML would track an empty shell. Nothing is recorded; <c>monitors status</c> lists such documents.
    /// </summary>
    NeedsBrowser,
}

public sealed record CheckResult(
    DocumentKey Document,
    CheckOutcome Outcome,
    string? VersionId = null,
    string? ChangeId = null,
    string? Detail = null)
{
    public bool IsFailure => Outcome is CheckOutcome.Failed or CheckOutcome.UnknownDocument;

    /// <summary>Why a <see cref="CheckOutcome.Failed"/> check failed; <see cref="FailureKind.None"/> otherwise.</summary>
    public FailureKind Failure { get; init; }

    /// <summary>
    /// The failure without the host or document (<see cref="FetchResult.Cause"/>), when it has one: checks that share it
    /// failed for one reason and are reported together.
    /// </summary>
    public string? Cause { get; init; }
}
