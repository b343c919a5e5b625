using Monitors.Core.Changes;

namespace Monitors.Core.Subscriptions;

/// <summary>
/// Narrows a follow to the changes a subscriber cares about: any of some topics, and/or changes inside one section.
/// An empty filter (no topics, no section) lets every change through.
/// </summary>
/// <param name="Topics">Topic ids (e.g. <c>ai-training</c>); a change matches when it touches any of them.</param>
/// <param name="SectionPath">A section path or a part of one (e.g. <c>50.12</c>); a change matches when one of its changed passages sits in it.</param>
public sealed record SubscriptionFilter(IReadOnlyList<string> Topics, string? SectionPath = null)
{
    public const int MaxTopics = 20;
    public const int MaxSectionPathLength = 200;

    public bool IsEmpty => Topics.Count == 0 && string.IsNullOrWhiteSpace(SectionPath);

    public bool Matches(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Topics.Count > 0 && !record.Topics.Any(t => Topics.Contains(t.Id, StringComparer.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(SectionPath))
        {
            var section = SectionPath.Trim();
            return record.Changes.Any(c => c.Path.Contains(section, StringComparison.OrdinalIgnoreCase));
        }

        return true;
    }

    /// <summary>Checks a filter from a request; the message names the field and the fix.</summary>
    public static SubscriptionFilter? Create(IReadOnlyList<string>? topics, string? sectionPath)
    {
        var cleanTopics = (topics ?? []).Select(t => t?.Trim() ?? string.Empty).ToArray();
        if (cleanTopics.Length > MaxTopics)
        {
            throw new InvalidSubscriptionRequestException("topics", $"at most {MaxTopics} topics per followed platform; {cleanTopics.Length} were given");
        }

        if (cleanTopics.Any(t => t.Length is 0 or > 64 || !t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new InvalidSubscriptionRequestException("topics", "each topic is a topic id of letters, digits, '-' or '_' (1-64 characters), e.g. \"ai-training\"");
        }

        var section = string.IsNullOrWhiteSpace(sectionPath) ? null : sectionPath.Trim();
        if (section is { Length: > MaxSectionPathLength } || (section is not null && section.Any(char.IsControl)))
        {
            throw new InvalidSubscriptionRequestException("sectionPath", $"a section path is one line of at most {MaxSectionPathLength} characters, e.g. \"50.12\"");
        }

        var filter = new SubscriptionFilter(cleanTopics.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), section);
        return filter.IsEmpty ? null : filter;
    }
}
