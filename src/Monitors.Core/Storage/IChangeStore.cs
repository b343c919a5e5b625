using Monitors.Core.Changes;

namespace Monitors.Core.Storage;

/// <summary>Change records: full JSON in Blob <c>changes</c>, summaries per platform in Table <c>Changes</c>.</summary>
public interface IChangeStore
{
    /// <summary>Stores the record and its summary. Idempotent: the same record id overwrites nothing that differs.</summary>
    Task SaveAsync(ChangeRecord record, CancellationToken cancellationToken = default);

    Task<ChangeRecord?> GetAsync(string changeId, CancellationToken cancellationToken = default);

    /// <summary>Summaries of one platform's change records, newest first, detected at or after <paramref name="since"/>.</summary>
    IAsyncEnumerable<ChangeListing> ListAsync(string platformId, DateTimeOffset? since = null, CancellationToken cancellationToken = default);
}

/// <summary>A change record's row in the <c>Changes</c> table: what a timeline lists (the record itself holds clauses and summary).</summary>
public sealed record ChangeListing(
    string ChangeId,
    string PlatformId,
    string DocumentId,
    string DocumentTitle,
    DateTimeOffset DetectedAt,
    string Headline,
    Severity Severity,
    IReadOnlyList<string> Topics);
