using System.Text.Json.Serialization;
using Monitors.Core.Catalog;

namespace Monitors.Core.Changes;

/// <summary>
/// What changed between two versions of one document, in a form people can act on. Stored as JSON in the
/// <c>changes</c> container; summarised in the <c>Changes</c> table. One model, several renderers.
/// </summary>
public sealed record ChangeRecord
{
    /// <summary>Deterministic id: the same (document, previous version, new version) always yields the same id, so a retried check writes the same record.</summary>
    public required string Id { get; init; }
    public required string PlatformId { get; init; }
    public required string PlatformName { get; init; }
    public required string DocumentId { get; init; }
    public required string DocumentTitle { get; init; }
    public string? TermsType { get; init; }
    public Uri? DocumentUrl { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    /// <summary>SHA-256 (hex) of the previous canonical version.</summary>
    public required string PreviousVersionId { get; init; }
    /// <summary>SHA-256 (hex) of the new canonical version.</summary>
    public required string NewVersionId { get; init; }
    public required string Headline { get; init; }
    public Severity Severity { get; init; } = Severity.Low;
    public IReadOnlyList<string> SeverityReasons { get; init; } = [];
    public required IReadOnlyList<ClauseChange> Changes { get; init; }
    public required ChangeStats Stats { get; init; }
    public IReadOnlyList<TopicMatch> Topics { get; init; } = [];
    public IReadOnlyList<RegulationReference> Regulations { get; init; } = [];
    /// <summary>False when nothing but numbering changed (or nothing at all): such a record is kept, but followers need not be told.</summary>
    public bool IsSubstantive { get; init; } = true;
    /// <summary>
    /// The summary of the whole record, written once when the record is published (<c>IChangeSummarizer</c>) and kept
    /// with it: extractive by default, model-written when a model is configured. The clause changes stay the reference.
    /// Null only for records stored before summaries were written.
    /// </summary>
    public ChangeSummary? Summary { get; init; }

    /// <summary>
    /// The document's own date line ('Last updated …', 'Effective …') when it changed with this edit: shown as the record's
    /// new date, not listed among <see cref="Changes"/>. Null when the date line did not change (or there is none).
    /// </summary>
    public DocumentDateChange? DocumentDate { get; init; }
}

/// <summary>The document's date line before and after, as written (markup removed), and where it sits.</summary>
public sealed record DocumentDateChange(string Path, string? Before, string After);

/// <summary>The summary of a whole change record, and which kind it is (readers are always told).</summary>
public sealed record ChangeSummary(string Text, SummaryKind Kind)
{
    /// <summary>What emails, pages and feeds print before the summary, so a reader knows who wrote it.</summary>
    public string Label => Kind == SummaryKind.Model
        ? "Summary written by a model from the clause changes below"
        : "Summary: the changed clauses' key sentences, quoted";
}

[JsonConverter(typeof(JsonStringEnumConverter<SummaryKind>))]
public enum SummaryKind
{
    /// <summary>The changed clauses' key sentences, quoted from the document: cannot invent.</summary>
    Extractive,
    /// <summary>Written by a language model from the clause changes, and checked against them; to be read next to the quotes.</summary>
    Model,
}

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    Low,
    Medium,
    High,
}

[JsonConverter(typeof(JsonStringEnumConverter<ClauseChangeKind>))]
public enum ClauseChangeKind
{
    Added,
    Removed,
    Modified,
    Moved,
    Renumbered,
}

/// <summary>One changed block or clause.</summary>
/// <param name="Path">Where it sits, e.g. <c>50 › 50.12 › 50.12.5.1</c>; in the first form, the nearest heading path.</param>
/// <param name="Segments">Word-level detail of a modification: unchanged, inserted and deleted runs in reading order.</param>
/// <param name="Summary">One extractive sentence quoting the document.</param>
public sealed record ClauseChange(
    string Path,
    string? Title,
    ClauseChangeKind Kind,
    string? Before,
    string? After,
    IReadOnlyList<InlineSegment> Segments,
    string Summary)
{
    /// <summary>Where the clause was before, when it moved or was renumbered (or its path otherwise changed).</summary>
    public string? PreviousPath { get; init; }

    /// <summary>The enclosing headings and titled clauses, e.g. <c>50. AI Services › 50.12 Amazon Bedrock</c>.</summary>
    public string? Breadcrumb { get; init; }

    /// <summary>Ids of the topics this clause change touches (see <see cref="ChangeRecord.Topics"/> for names and phrases).</summary>
    public IReadOnlyList<string> TopicIds { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<SegmentKind>))]
public enum SegmentKind
{
    Unchanged,
    Inserted,
    Deleted,
}

public sealed record InlineSegment(SegmentKind Kind, string Text);

public sealed record ChangeStats(int Added, int Removed, int Modified, int Moved, int Renumbered, int WordsInserted, int WordsDeleted);

/// <param name="Phrases">The phrases of the changed text that triggered the topic.</param>
public sealed record TopicMatch(string Id, string Name, IReadOnlyList<string> Phrases);

/// <param name="Citation">e.g. <c>GDPR Art. 28</c>.</param>
public sealed record RegulationReference(string Regulation, string Citation, string TopicId);

/// <summary>The two versions a change record is built from, and where they belong.</summary>
public sealed record ChangeContext(
    string PlatformId,
    string PlatformName,
    string DocumentId,
    string DocumentTitle,
    string? TermsType,
    Uri? DocumentUrl,
    DateTimeOffset DetectedAt,
    string PreviousVersionId,
    string NewVersionId)
{
    /// <summary>The document's detection settings: page chrome (menus, chips) is left out of the record as it is out of the comparison.</summary>
    public DetectionSettings Detection { get; init; } = DetectionSettings.Default;
}

/// <summary>Builds a change record from two canonical versions. One implementation at a time; the first form is a block diff.</summary>
public interface IChangeRecordBuilder
{
    ChangeRecord Build(ChangeContext context, string previousText, string newText);
}
