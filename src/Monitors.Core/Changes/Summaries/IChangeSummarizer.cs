namespace Monitors.Core.Changes.Summaries;

/// <summary>Writes the optional summary of a whole change record. The clause summaries (quotes) stay the reference.</summary>
public interface IChangeSummarizer
{
    /// <summary>Never throws for a failing model: the extractive summary stands instead.</summary>
    Task<WrittenSummary> SummarizeAsync(ChangeRecord change, CancellationToken cancellationToken = default);
}

/// <summary>The default: the headline and the first clause summaries, all quoted from the document.</summary>
public sealed class ExtractiveChangeSummarizer : IChangeSummarizer
{
    private const int MaxClauses = 3;

    public Task<WrittenSummary> SummarizeAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Task.FromResult(Summarize(change));
    }

    public static WrittenSummary Summarize(ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var clauses = change.Changes.Where(c => c.Kind != ClauseChangeKind.Renumbered).ToList();
        var parts = clauses.Take(MaxClauses).Select(c => $"{c.Path}: {c.Summary}").ToList();
        if (clauses.Count > MaxClauses)
        {
            parts.Add($"and {clauses.Count - MaxClauses} more clause changes.");
        }

        var text = parts.Count == 0 ? change.Headline : string.Join(" ", parts);
        return new WrittenSummary(text, SummarySource.Extractive);
    }
}
