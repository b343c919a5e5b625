using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;

namespace Monitors.Core.Email;

/// <summary>
/// A change record as the site's change page shows it (<c>Templates/_change-record.html.liquid</c>). Plain values only:
/// the template system encodes every one of them, so a document string can never become markup.
/// </summary>
public sealed record ChangeRecordView(
    string Id,
    string Severity,
    string Headline,
    string PlatformName,
    string DocumentTitle,
    string? DocumentUrl,
    string DetectedAt,
    string PreviousVersion,
    string NewVersion,
    string? NewDate,
    string? PreviousDate,
    bool IsSubstantive,
    string? SummaryLabel,
    string? SummaryText,
    string SummaryKind,
    IReadOnlyList<string> SeverityReasons,
    IReadOnlyList<RecordTopicView> Topics,
    string Stats,
    IReadOnlyList<ClauseChangeView> Changes)
{
    public static ChangeRecordView From(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ChangeRecordView(
            record.Id,
            ChangeWords.Severity(record.Severity),
            record.Headline,
            record.PlatformName,
            record.DocumentTitle,
            ChangeWords.SafeUrl(record.DocumentUrl),
            ChangeWords.Time(record.DetectedAt),
            ChangeWords.ShortVersion(record.PreviousVersionId),
            ChangeWords.ShortVersion(record.NewVersionId),
            record.DocumentDate?.After,
            record.DocumentDate?.Before,
            record.IsSubstantive,
            record.Summary?.Label,
            record.Summary?.Text,
            record.Summary?.Kind == Monitors.Core.Changes.SummaryKind.Model ? "model" : "extractive",
            record.SeverityReasons,
            record.Topics.Select(t => new RecordTopicView(
                t.Id,
                t.Name,
                t.Phrases,
                record.Regulations.Where(r => r.TopicId == t.Id).Select(r => r.Citation).ToArray())).ToArray(),
            ChangeWords.Stats(record.Stats),
            record.Changes.Select(Clause).ToArray());
    }

    private static ClauseChangeView Clause(ClauseChange change)
    {
        var kind = ChangeWords.Kind(change.Kind);
        return new ClauseChangeView(kind, kind.ToLowerInvariant(), change.Path, change.Title, change.Breadcrumb, change.PreviousPath, change.Summary, Text(change));
    }

    /// <summary>The clause's text as runs of kept, inserted and deleted words, each split into its lines.</summary>
    private static IReadOnlyList<RecordTextView> Text(ClauseChange change) => change.Kind switch
    {
        ClauseChangeKind.Added => [Run("ins", change.After)],
        ClauseChangeKind.Removed => [Run("del", change.Before)],
        _ when change.Segments.Count == 0 => [Run("", change.After)],
        _ => change.Segments.Select(s => Run(s.Kind switch { SegmentKind.Inserted => "ins", SegmentKind.Deleted => "del", _ => "" }, s.Text)).ToArray(),
    };

    private static RecordTextView Run(string kind, string? text) => new(kind, (text ?? "").Split('\n'));

}

public sealed record RecordTopicView(string Id, string Name, IReadOnlyList<string> Phrases, IReadOnlyList<string> Citations);

public sealed record ClauseChangeView(
    string Kind,
    string KindClass,
    string Path,
    string? Title,
    string? Breadcrumb,
    string? PreviousPath,
    string Summary,
    IReadOnlyList<RecordTextView> Text);

/// <param name="Kind"><c>ins</c>, <c>del</c>, or empty for kept text.</param>
public sealed record RecordTextView(string Kind, IReadOnlyList<string> Lines);
