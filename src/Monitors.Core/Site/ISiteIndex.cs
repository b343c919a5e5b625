using Monitors.Core.Changes;
using Monitors.Core.Storage;

namespace Monitors.Core.Site;

/// <summary>
/// One clause (or heading, paragraph, list item) of the current version of a document, as the site shows it: kept in the
/// read models so a page reads rows instead of parsing versions.
/// </summary>
/// <param name="Key">Stable id of the clause within its document: derived from its path (see <see cref="SiteReadModels.ClauseKey"/>).</param>
/// <param name="Order">Position in document order.</param>
/// <param name="Depth">Nesting depth in the outline (0 = top level).</param>
/// <param name="Text">The clause's own text (capped; see <see cref="SiteReadModels.MaxClauseText"/>).</param>
/// <param name="LastChanged">When a change record last touched this clause, or when it was first seen.</param>
public sealed record ClauseEntry(
    DocumentKey Document,
    string PlatformName,
    string DocumentTitle,
    string Key,
    string Path,
    string Breadcrumb,
    string? Title,
    string Kind,
    int Order,
    int Depth,
    string Text,
    IReadOnlyList<string> TopicIds,
    DateTimeOffset LastChanged,
    string? LastChangeId);

/// <summary>A change record as the site-wide index holds it: what search, the home page and the site feed need.</summary>
public sealed record ChangeIndexEntry(
    string ChangeId,
    string PlatformId,
    string PlatformName,
    string DocumentId,
    string DocumentTitle,
    DateTimeOffset DetectedAt,
    string Headline,
    Severity Severity,
    IReadOnlyList<string> TopicIds,
    IReadOnlyList<string> Regulations,
    IReadOnlyList<string> Paths,
    string Summary,
    string SearchText,
    bool IsSubstantive);

/// <summary>
/// The site's read models (Table Storage): the current clauses of each document and, per topic, the current clauses
/// that carry it; and a site-wide index of change records. Written when a version is published; read by the pages.
/// </summary>
public interface ISiteIndex
{
    /// <summary>How many clauses of each document <see cref="ListTopicAsync"/> returns: a topic page shows five per platform, a provision page one.</summary>
    const int TopicClausesPerDocument = 5;

    /// <summary>How much of a clause's text <see cref="ListTopicAsync"/> keeps: pages show an excerpt of 320 characters.</summary>
    const int TopicTextLength = 400;

    /// <summary>The current clauses of the document, in document order.</summary>
    Task<IReadOnlyList<ClauseEntry>> ListClausesAsync(DocumentKey document, CancellationToken cancellationToken = default);

    /// <summary>One clause of the current version, or null.</summary>
    Task<ClauseEntry?> GetClauseAsync(DocumentKey document, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="clauses"/> the document's current clauses, in its own rows and in the topic index.
    /// <paramref name="current"/> is what the caller already read with <see cref="ListClausesAsync"/> (or knows: none for a
    /// document never published), so they are not read twice; null reads them. Rewrites only the topic views whose part
    /// for this document changed.
    /// </summary>
    Task ReplaceClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, IReadOnlyList<ClauseEntry>? current = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="ReplaceClausesAsync"/> for a rebuild: also rewrites every topic view the document's clauses touch, changed
    /// or not, since the views may be missing or written in an older layout.
    /// </summary>
    Task RebuildClausesAsync(DocumentKey document, IReadOnlyList<ClauseEntry> clauses, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every document's current clauses carrying the topic: the first <see cref="TopicClausesPerDocument"/> of each
    /// document in document order (what a comparison shows), their text cut after <see cref="TopicTextLength"/> characters.
    /// </summary>
    Task<IReadOnlyList<ClauseEntry>> ListTopicAsync(string topicId, CancellationToken cancellationToken = default);

    /// <summary>Adds (or replaces) one change record's entry. Idempotent.</summary>
    Task AddChangeAsync(ChangeIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Adds (or replaces) many entries in as few writes as the store allows (rebuilds, bulk loads). Idempotent.</summary>
    Task AddChangesAsync(IEnumerable<ChangeIndexEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest change records of the site, of one platform, or of one document of it, newest first, for lists (home
    /// page, timelines, feeds): read from a view of the newest entries, so the first ones cost one read whatever the
    /// number of records; a reader that goes on past the view reads on in the table. <see cref="ChangeIndexEntry.SearchText"/>
    /// is empty (lists never show it; search reads <see cref="ListChangesAsync"/>), and so is <see cref="ChangeIndexEntry.Paths"/>
    /// unless <paramref name="documentId"/> is given (a provision page's history needs them, a list does not).
    /// </summary>
    IAsyncEnumerable<ChangeIndexEntry> LatestChangesAsync(string? platformId = null, string? documentId = null, CancellationToken cancellationToken = default);

    /// <summary>Entries written (added or replaced) at or after <paramref name="since"/>, by the writer's clock, oldest write first: how an in-memory copy catches up.</summary>
    IAsyncEnumerable<ChangeIndexEntry> ListChangesWrittenSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>A stamp that changes whenever an entry is added (null when there are none): a reader holding entries in memory compares it to know whether it must read again.</summary>
    Task<string?> ChangesStampAsync(CancellationToken cancellationToken = default);

    /// <summary>Change records of every platform, newest first, detected in [<paramref name="from"/>, <paramref name="to"/>] when given.</summary>
    IAsyncEnumerable<ChangeIndexEntry> ListChangesAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, string? platformId = null, Severity? severity = null, CancellationToken cancellationToken = default);
}
