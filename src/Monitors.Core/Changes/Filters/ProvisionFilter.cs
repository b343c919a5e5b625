namespace Monitors.Core.Changes.Filters;

/// <summary>
/// Narrows a subscription to some provisions of a document: topics (ids from topics.json) and/or a section path
/// (e.g. <c>50.12</c> of the AWS Service Terms, which is what "AWS Bedrock" means inside that page). Empty
/// parts do not narrow: a filter with neither concerns every substantive change.
/// </summary>
/// <param name="TopicIds">Any of these topics; empty for any topic.</param>
/// <param name="SectionPath">A label (<c>50.12</c>), a path (<c>50 › 50.12</c>, also written with <c>&gt;</c> or <c>/</c>) or a heading (<c>Amazon Bedrock</c>); null for the whole document.</param>
public sealed record ProvisionFilter(IReadOnlyList<string> TopicIds, string? SectionPath = null)
{
    public static ProvisionFilter All { get; } = new([], null);

    public static ProvisionFilter ForSection(string sectionPath) => new([], sectionPath);

    public static ProvisionFilter ForTopics(params string[] topicIds) => new(topicIds, null);
}

/// <summary>Answers "does this change concern this filter", clause by clause.</summary>
public static class ProvisionFilters
{
    private static readonly string[] Separators = ["›", ">", "/"];

    /// <summary>
    /// True when at least one substantive clause change (renumbering alone does not count) lies inside the
    /// section and touches one of the topics. Both conditions hold for the same clause.
    /// </summary>
    public static bool Concerns(ChangeRecord change, ProvisionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(filter);
        return change.Changes.Any(clause => Concerns(clause, filter));
    }

    public static bool Concerns(ClauseChange clause, ProvisionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(clause);
        ArgumentNullException.ThrowIfNull(filter);
        if (clause.Kind == ClauseChangeKind.Renumbered)
        {
            return false;
        }

        var topicsMatch = filter.TopicIds.Count == 0 || clause.TopicIds.Any(id => filter.TopicIds.Contains(id, StringComparer.OrdinalIgnoreCase));
        return topicsMatch && InSection(clause, filter.SectionPath);
    }

    /// <summary>The record with only the clause changes the filter concerns (for an email to a narrowed subscription); null when none.</summary>
    public static ChangeRecord? Narrow(ChangeRecord change, ProvisionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(filter);
        var kept = change.Changes.Where(clause => Concerns(clause, filter)).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        var topicIds = kept.SelectMany(c => c.TopicIds).ToHashSet(StringComparer.Ordinal);
        var narrowed = change with
        {
            Changes = kept,
            Topics = change.Topics.Where(t => topicIds.Contains(t.Id)).ToList(),
            Regulations = change.Regulations.Where(r => topicIds.Contains(r.TopicId)).ToList(),
        };
        // The stored summary speaks of every clause change; a narrowed email gets one of only the clauses it shows.
        return kept.Count == change.Changes.Count || change.Summary is null
            ? narrowed
            : narrowed with { Summary = Summaries.ExtractiveChangeSummarizer.Summarize(narrowed) };
    }

    private static bool InSection(ClauseChange clause, string? sectionPath)
    {
        if (string.IsNullOrWhiteSpace(sectionPath))
        {
            return true;
        }

        var wanted = Split(sectionPath);
        if (wanted.Count == 0)
        {
            return true;
        }

        return ContainsRun(Split(clause.Path), wanted, byLabel: true)
            || (clause.PreviousPath is { } previous && ContainsRun(Split(previous), wanted, byLabel: true))
            || (clause.Breadcrumb is { } breadcrumb && ContainsRun(Split(breadcrumb), wanted, byLabel: false))
            || (clause.Title is { } title && wanted.Count == 1 && SameSegment(title, wanted[0]));
    }

    /// <summary>Whether the wanted segments occur, in order and adjacent, in the clause's path.</summary>
    private static bool ContainsRun(List<string> path, List<string> wanted, bool byLabel)
    {
        for (var start = 0; start + wanted.Count <= path.Count; start++)
        {
            var all = true;
            for (var k = 0; k < wanted.Count && all; k++)
            {
                all = byLabel ? SameLabel(path[start + k], wanted[k]) : SameSegment(path[start + k], wanted[k]);
            }

            if (all)
            {
                return true;
            }
        }

        // "50.12" also covers 50.12.5.1 when the tree has no node 50.12 of its own.
        return byLabel && wanted.Count == 1 && path.Count > 0 && IsDottedDescendant(path[^1], wanted[0]);
    }

    private static bool SameLabel(string segment, string wanted) =>
        string.Equals(NormaliseLabel(segment), NormaliseLabel(wanted), StringComparison.OrdinalIgnoreCase);

    /// <summary>A breadcrumb segment ("50.12 Amazon Bedrock") matches its label, its title or the whole.</summary>
    private static bool SameSegment(string segment, string wanted)
    {
        var normalisedWanted = NormaliseLabel(wanted);
        var normalised = NormaliseLabel(segment);
        if (string.Equals(normalised, normalisedWanted, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var space = normalised.IndexOf(' ', StringComparison.Ordinal);
        return space > 0
            && (string.Equals(normalised[..space].TrimEnd('.'), normalisedWanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(normalised[(space + 1)..], normalisedWanted, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsDottedDescendant(string label, string wanted)
    {
        var l = NormaliseLabel(label);
        var w = NormaliseLabel(wanted);
        return w.Length > 0 && char.IsLetterOrDigit(w[0]) && l.StartsWith(w + ".", StringComparison.OrdinalIgnoreCase);
    }

    private static string NormaliseLabel(string text) => text.Trim().TrimEnd('.', ':').Trim();

    private static List<string> Split(string path) =>
        path.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
