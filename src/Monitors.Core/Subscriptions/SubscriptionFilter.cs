using Monitors.Core.Changes;
using Monitors.Core.Changes.Filters;

namespace Monitors.Core.Subscriptions;

/// <summary>
/// The filter of a follow is a <see cref="ProvisionFilter"/> (topics and/or a section path); this checks one that comes
/// from a request and applies it. No filter lets every substantive change through.
/// </summary>
public static class SubscriptionFilters
{
    public const int MaxTopics = 20;
    public const int MaxSectionPathLength = 200;

    /// <summary>Whether a follow with this filter hears about the change: it must be substantive and concern the filter.</summary>
    public static bool Matches(ProvisionFilter? filter, ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IsSubstantive && (filter is null || ProvisionFilters.Concerns(record, filter));
    }

    /// <summary>The record as a follower with this filter sees it: only the clause changes it concerns.</summary>
    public static ChangeRecord ForFollower(ProvisionFilter? filter, ChangeRecord record) =>
        filter is null ? record : ProvisionFilters.Narrow(record, filter) ?? record;

    /// <summary>Checks a filter from a request (null when it narrows nothing); the message names the field and the fix.</summary>
    public static ProvisionFilter? Create(IReadOnlyList<string>? topics, string? sectionPath)
    {
        var cleanTopics = (topics ?? []).Select(t => t?.Trim() ?? string.Empty).ToArray();
        if (cleanTopics.Length > MaxTopics)
        {
            throw new InvalidSubscriptionRequestException("topics", $"At most {MaxTopics} topics per followed platform; {cleanTopics.Length} were given.");
        }

        if (cleanTopics.Any(t => t.Length is 0 or > 64 || !t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new InvalidSubscriptionRequestException("topics", "Each topic is a topic id of letters, digits, '-' or '_' (1-64 characters), e.g. \"ai-training\".");
        }

        var section = string.IsNullOrWhiteSpace(sectionPath) ? null : sectionPath.Trim();
        if (section is { Length: > MaxSectionPathLength } || (section is not null && section.Any(c => char.IsControl(c) || c == ',')))
        {
            throw new InvalidSubscriptionRequestException("sectionPath", $"A section path is one line of at most {MaxSectionPathLength} characters without commas, e.g. \"50.12\" or \"50 › 50.12\".");
        }

        var unique = cleanTopics.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return unique.Length == 0 && section is null ? null : new ProvisionFilter(unique, section);
    }
}
