using System.ComponentModel.DataAnnotations;

namespace Monitors.Core.Checking;

/// <summary>Settings of the check pipeline (section <c>Monitors:Checks</c>). Per-document detection settings live in the catalog.</summary>
public sealed class CheckOptions
{
    public const string Section = "Monitors:Checks";

    /// <summary>How often a conflicting concurrent write is retried before the check gives up (the other writer's result stands).</summary>
    [Range(1, 20)]
    public int MaxConcurrencyRetries { get; set; } = 10;

    /// <summary>When false, the pipeline waits for the next scheduled check to confirm a change instead of enqueuing a delayed re-check.</summary>
    public bool EnqueueConfirmationChecks { get; set; } = true;

    /// <summary>
    /// When set, replaces every document's catalog <c>detection.confirmDelay</c>: a local user testing a real change sets
    /// 0 (or <c>monitors check --confirm-delay 0</c>) instead of editing the catalog.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan? ConfirmDelay { get; set; }

    /// <summary>
    /// When true, a published version updates the site's read models inside the check, as one step, instead of through
    /// the <c>site</c> queue. For a single process that must read the site the moment a check returns (the tests'
    /// harnesses); the app, <c>serve</c> and the CLI leave it false, so a check costs what checking costs.
    /// </summary>
    public bool UpdateSiteInline { get; set; }
}
