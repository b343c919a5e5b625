using System.Globalization;
using Monitors.Core.Changes;

namespace Monitors.Core.Email;

// What the templates see. Plain strings and lists, built from the domain by EmailComposer; the templates do the markup.

public sealed record SegmentView(string Kind, string Text);

public sealed record PassageView(string Path, string Kind, string Summary, IReadOnlyList<SegmentView> Segments);

public sealed record ChangeView(
    string Id,
    string Headline,
    string PlatformName,
    string DocumentTitle,
    string Severity,
    string SeverityColor,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Regulations,
    string DetectedAt,
    string Url,
    string? DocumentUrl,
    string Summary,
    IReadOnlyList<PassageView> Passages,
    int MorePassages,
    string? NewDate = null,
    string? PreviousDate = null);

public sealed record FooterView(string Email, string Reason, string ManageUrl, string UnsubscribeUrl);

public sealed record AlertView(ChangeView Change, FooterView Footer);

public sealed record DigestPlatformView(string Name, string HighestSeverity, IReadOnlyList<ChangeView> Changes);

/// <summary>A document that could not be checked: what, since when, why, and what the service does about it.</summary>
public sealed record CoverageGapView(string PlatformName, string DocumentTitle, string Since, string Why, string WhatWeDo);

/// <param name="AllChecked">Every document of the platforms followed was checked successfully in the period and is now.</param>
/// <param name="CouldNotCheck">The documents for which that is not true; never described as unchanged.</param>
public sealed record DigestView(
    string Week,
    string PeriodStart,
    string PeriodEnd,
    int ChangeCount,
    IReadOnlyList<string> Following,
    IReadOnlyList<DigestPlatformView> Platforms,
    FooterView Footer,
    bool AllChecked,
    IReadOnlyList<CoverageGapView> CouldNotCheck);

/// <summary>The one notice a Monitor subscriber gets when a platform they follow could not be checked for over a day.</summary>
public sealed record OutageNoticeView(string PlatformName, string Hours, IReadOnlyList<CoverageGapView> Documents, FooterView Footer);

public sealed record ConfirmationView(string Email, string ConfirmUrl, string Tier, IReadOnlyList<string> Following, int ExpiresInDays);

public sealed record AlreadySubscribedView(string Email, string ManageUrl, string Tier, IReadOnlyList<string> Following);

/// <summary>A simple page: a heading, paragraphs, optional lists and an optional one-button form (unsubscribe).</summary>
public sealed record PageView(
    string Title,
    string Heading,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<LinkView> Links,
    FormView? Form = null,
    IReadOnlyList<KeyValueView>? Facts = null);

public sealed record LinkView(string Text, string Url);

public sealed record FormView(string Action, string Button, IReadOnlyList<KeyValueView> Fields);

public sealed record KeyValueView(string Key, string Value);


internal static class TemplateViews
{
    /// <summary>
    /// Every type a template may read: by convention, the public types of this assembly named <c>…View</c> (the email
    /// views here, the page views in <c>Site/SiteViews.cs</c>). One template system renders both, and a new view needs no
    /// list to be kept in step.
    /// </summary>
    public static IReadOnlyList<Type> Types { get; } = typeof(TemplateViews).Assembly.GetExportedTypes()
        .Where(t => t.Name.EndsWith("View", StringComparison.Ordinal) && t.Namespace?.StartsWith("Monitors.Core.", StringComparison.Ordinal) == true)
        .ToArray();

    public static string SeverityColor(Severity severity) => severity switch
    {
        Severity.High => "#b00020",
        Severity.Medium => "#b35c00",
        _ => "#44546a",
    };

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static CoverageGapView Gap(Checking.DocumentCoverage coverage) => new(
        coverage.PlatformName,
        coverage.DocumentTitle,
        coverage switch
        {
            { FailingSince: { } since } => $"could not be checked since {Date(since)}" +
                (coverage.LastSuccessAt is { } last ? $" (last checked successfully {Date(last)})" : " (never checked successfully)"),
            { LastSuccessAt: { } last } => $"last checked successfully {Date(last)}",
            _ => "not checked yet",
        },
        coverage.Why,
        coverage.WhatWeDo);

    public static PassageView Passage(ClauseChange change)
    {
        var segments = change.Segments.Count > 0
            ? change.Segments.Select(s => new SegmentView(s.Kind switch
            {
                SegmentKind.Inserted => "ins",
                SegmentKind.Deleted => "del",
                _ => "same",
            }, s.Text)).ToArray()
            : Fallback(change);
        var where = string.IsNullOrWhiteSpace(change.Breadcrumb) ? change.Path : change.Breadcrumb;
        return new PassageView(where, change.Kind.ToString(), change.Summary, segments);
    }

    private static SegmentView[] Fallback(ClauseChange change) => change.Kind switch
    {
        ClauseChangeKind.Removed => [new SegmentView("del", change.Before ?? string.Empty)],
        ClauseChangeKind.Added => [new SegmentView("ins", change.After ?? string.Empty)],
        _ => [new SegmentView("same", change.After ?? change.Before ?? string.Empty)],
    };
}
