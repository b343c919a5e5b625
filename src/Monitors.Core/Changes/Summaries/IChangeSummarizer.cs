namespace Monitors.Core.Changes.Summaries;

/// <summary>
/// Writes the <see cref="ChangeSummary"/> of a change record when it is published; the summary is stored with the
/// record and never written again. Two implementations, one per <see cref="SummaryKind"/>: the extractive one (the
/// default, and the fallback of the other) and <see cref="OpenAIChangeSummarizer"/> when a model is configured.
/// </summary>
public interface IChangeSummarizer
{
    /// <summary>Never throws for a failing model: the extractive summary stands instead.</summary>
    Task<ChangeSummary> SummarizeAsync(ChangeRecord change, CancellationToken cancellationToken = default);
}

/// <summary>The default: the first changed clauses' key sentences (<see cref="ClauseChange.Summary"/>), all quoted from the document.</summary>
public sealed class ExtractiveChangeSummarizer : IChangeSummarizer
{
    private const int MaxClauses = 3;

    public Task<ChangeSummary> SummarizeAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Task.FromResult(Summarize(change));
    }

    public static ChangeSummary Summarize(ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var clauses = change.Changes.Where(c => c.Kind != ClauseChangeKind.Renumbered).ToList();
        var parts = clauses.Take(MaxClauses).Select(c => $"{c.Path}: {c.Summary}").ToList();
        if (clauses.Count > MaxClauses)
        {
            parts.Add($"and {clauses.Count - MaxClauses} more clause changes.");
        }

        var text = parts.Count == 0 ? change.Headline : string.Join(" ", parts);
        return new ChangeSummary(text, SummaryKind.Extractive);
    }
}
