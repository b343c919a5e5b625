using System.Text;
using Monitors.Core.Changes.Diff;
using Monitors.Core.Changes.Topics;
using Monitors.Core.Detection;

namespace Monitors.Core.Changes;

/// <summary>
/// Builds a change record from two canonical versions: structural diff, topics and regulations, severity with
/// reasons, stats and a headline. Pure: the same inputs always give the same record.
/// </summary>
public sealed class StructuredChangeRecordBuilder(StructuralDiffer differ, TopicTaxonomy taxonomy) : IChangeRecordBuilder
{
    private const int MaxHeadlineLength = 240;
    private const int MaxHeadlineQuote = 120;

    public StructuredChangeRecordBuilder()
        : this(new StructuralDiffer(), TopicTaxonomy.Embedded)
    {
    }

    public ChangeRecord Build(ChangeContext context, string previousText, string newText)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(previousText);
        ArgumentNullException.ThrowIfNull(newText);

        // Page chrome (menus, chips, related links) is archived but never a clause change; the document's date line is
        // shown as the record's date, not as a changed clause.
        var (clauseChanges, documentDate) = DocumentDates.Separate(differ.Diff(
            TextNormalizer.WithoutPageChrome(previousText, context.Detection),
            TextNormalizer.WithoutPageChrome(newText, context.Detection)));
        var withTopics = clauseChanges
            .Select(change => (Change: change, Topics: ClauseTopics.Match(taxonomy, change)))
            .Select(pair => (Change: pair.Change with { TopicIds = pair.Topics.Select(t => t.Topic.Id).ToList() }, pair.Topics))
            .ToList();
        var (severity, reasons) = SeverityRules.Assess(withTopics);
        var changes = withTopics.Select(p => p.Change).ToList();
        var topics = MergeTopics(withTopics);
        var regulations = topics
            .SelectMany(topic => taxonomy.RegulationsFor(topic.Id).Select(r => new RegulationReference(r.Regulation, r.Citation, topic.Id)))
            .Distinct()
            .ToList();
        // A new effective date alone is news (the classifier keeps 'Effective' dates); a bumped 'Last updated' alone never
        // reaches a record (normalisation hides it).
        var substantive = changes.Any(c => c.Kind != ClauseChangeKind.Renumbered) || documentDate is not null;

        return new ChangeRecord
        {
            Id = ChangeRecordIds.For(context),
            PlatformId = context.PlatformId,
            PlatformName = context.PlatformName,
            DocumentId = context.DocumentId,
            DocumentTitle = context.DocumentTitle,
            TermsType = context.TermsType,
            DocumentUrl = context.DocumentUrl,
            DetectedAt = context.DetectedAt,
            PreviousVersionId = context.PreviousVersionId,
            NewVersionId = context.NewVersionId,
            Headline = Headline(context.DocumentTitle, changes, topics, documentDate),
            Severity = severity,
            SeverityReasons = reasons,
            Changes = changes,
            Stats = Stats(changes),
            Topics = topics,
            Regulations = regulations,
            IsSubstantive = substantive,
            DocumentDate = documentDate,
        };
    }

    private static List<TopicMatch> MergeTopics(List<(ClauseChange Change, IReadOnlyList<ClauseTopic> Topics)> changes)
    {
        var merged = new Dictionary<string, (TopicDefinition Topic, List<string> Phrases, int Order)>(StringComparer.Ordinal);
        foreach (var (_, topics) in changes)
        {
            foreach (var topic in topics)
            {
                if (!merged.TryGetValue(topic.Topic.Id, out var entry))
                {
                    entry = (topic.Topic, [], merged.Count);
                    merged[topic.Topic.Id] = entry;
                }

                foreach (var phrase in topic.Phrases)
                {
                    if (entry.Phrases.Count < 8 && !entry.Phrases.Contains(phrase, StringComparer.OrdinalIgnoreCase))
                    {
                        entry.Phrases.Add(phrase);
                    }
                }
            }
        }

        return merged.Values
            .OrderByDescending(e => e.Topic.BaseSeverity)
            .ThenBy(e => e.Order)
            .Select(e => new TopicMatch(e.Topic.Id, e.Topic.Name, e.Phrases))
            .ToList();
    }

    private static ChangeStats Stats(IReadOnlyList<ClauseChange> changes)
    {
        int Count(ClauseChangeKind kind) => changes.Count(c => c.Kind == kind);
        var inserted = changes.Sum(c => c.Kind switch
        {
            ClauseChangeKind.Added => WordDiff.CountWords(c.After ?? ""),
            ClauseChangeKind.Removed => 0,
            _ => WordDiff.CountWords(c.Segments, SegmentKind.Inserted),
        });
        var deleted = changes.Sum(c => c.Kind switch
        {
            ClauseChangeKind.Removed => WordDiff.CountWords(c.Before ?? ""),
            ClauseChangeKind.Added => 0,
            _ => WordDiff.CountWords(c.Segments, SegmentKind.Deleted),
        });
        return new ChangeStats(
            Count(ClauseChangeKind.Added),
            Count(ClauseChangeKind.Removed),
            Count(ClauseChangeKind.Modified),
            Count(ClauseChangeKind.Moved),
            Count(ClauseChangeKind.Renumbered),
            inserted,
            deleted);
    }

    /// <summary>One line: where, what kind, and a quote; for several changes, counts, places and topics.</summary>
    internal static string Headline(string documentTitle, IReadOnlyList<ClauseChange> changes, IReadOnlyList<TopicMatch> topics, DocumentDateChange? documentDate = null)
    {
        if (changes.Count == 0 && documentDate is not null)
        {
            return Shorten($"{documentTitle}: new date, no clause changed: {Shorten(documentDate.After, MaxHeadlineQuote, quoted: true)}", MaxHeadlineLength);
        }

        if (changes.Count == 0)
        {
            return $"{documentTitle}: no clause changed (formatting only)";
        }

        if (changes.All(c => c.Kind == ClauseChangeKind.Renumbered))
        {
            return $"{documentTitle}: {changes.Count} {SeverityRules.Plural(changes.Count, "clause")} renumbered, wording unchanged";
        }

        var substantive = changes.Where(c => c.Kind != ClauseChangeKind.Renumbered).ToList();
        if (substantive.Count == 1)
        {
            var change = substantive[0];
            var location = change.Breadcrumb is { Length: > 0 } breadcrumb ? $"{documentTitle} › {breadcrumb}" : documentTitle;
            var last = SeverityRules.LastSegment(change.Path);
            var what = last.StartsWith('¶') ? "paragraph" : $"clause {last}";
            var quote = KeySentences.KeySentence(change);
            var headline = $"{location} — {what} {SeverityRules.Verb(change.Kind)}";
            return Shorten(quote.Length == 0 ? headline : $"{headline}: {Shorten(quote, MaxHeadlineQuote, quoted: true)}", MaxHeadlineLength);
        }

        var counts = string.Join(", ", changes
            .GroupBy(c => c.Kind)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {SeverityRules.Verb(g.Key)}"));
        var builder = new StringBuilder($"{documentTitle}: {changes.Count} clause changes ({counts})");
        var places = substantive.Select(c => TopOf(c.Path)).Distinct(StringComparer.Ordinal).Take(4).ToList();
        builder.Append(" in ").Append(string.Join(", ", places));
        if (topics.Count > 0)
        {
            builder.Append(" — ").Append(string.Join(", ", topics.Take(3).Select(t => t.Name)));
        }

        return Shorten(builder.ToString(), MaxHeadlineLength);
    }

    private static string TopOf(string path)
    {
        var at = path.IndexOf(" › ", StringComparison.Ordinal);
        return at < 0 ? path : path[..at];
    }

    private static string Shorten(string text, int max, bool quoted = false)
    {
        var body = text;
        if (text.Length > max)
        {
            var cut = text.LastIndexOf(' ', max - 2);
            body = text[..(cut > max / 2 ? cut : max - 2)].TrimEnd(',', ';', ':') + " …";
        }

        return quoted ? $"“{body}”" : body;
    }
}
