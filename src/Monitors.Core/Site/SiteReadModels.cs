using System.Security.Cryptography;
using System.Text;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Structure;
using Monitors.Core.Changes.Topics;
using Monitors.Core.Checking;
using Monitors.Core.Storage;

namespace Monitors.Core.Site;

/// <summary>
/// Keeps the site's read models current: called when a version is published (by <see cref="SiteUpdateHandler"/>, from the
/// <c>site</c> queue the checker's <see cref="IPublicationListener"/> writes to), it parses the
/// new version once, finds the topics of each clause, and writes the document's clauses, the topic index and the change
/// record's search entry. Every write is idempotent, so a retried publish writes the same rows.
/// </summary>
public sealed class SiteReadModels(ISiteIndex index, DocumentStructureParser parser, TopicTaxonomy taxonomy)
{
    /// <summary>The longest clause text kept in a row (Table properties hold 32K characters; pages show excerpts).</summary>
    public const int MaxClauseText = 8000;

    private const int MaxSearchText = 16000;

    public async Task OnVersionPublishedAsync(
        DocumentKey document,
        string platformName,
        string documentTitle,
        string text,
        DateTimeOffset recordedAt,
        ChangeRecord? record,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var previous = (await index.ListClausesAsync(document, cancellationToken)).ToDictionary(c => c.Key, StringComparer.Ordinal);
        var clauses = ClausesAfter(document, platformName, documentTitle, text, recordedAt, record, previous);
        await index.ReplaceClausesAsync(document, clauses, [.. previous.Values], cancellationToken);
        if (record is not null)
        {
            await index.AddChangeAsync(Entry(record), cancellationToken);
        }
    }

    /// <summary>
    /// The document's clauses once <paramref name="text"/> is published with <paramref name="record"/> (null for a first
    /// or technical version), given its clauses before: what <see cref="OnVersionPublishedAsync"/> stores. A clause a
    /// change touched takes the record's time and id; the others keep theirs.
    /// </summary>
    public IReadOnlyList<ClauseEntry> ClausesAfter(
        DocumentKey document,
        string platformName,
        string documentTitle,
        string text,
        DateTimeOffset recordedAt,
        ChangeRecord? record,
        IReadOnlyDictionary<string, ClauseEntry> previous)
    {
        var touched = record is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : record.Changes.Where(c => c.Kind != ClauseChangeKind.Removed).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        return Clauses(document, platformName, documentTitle, text, recordedAt, record, previous, touched);
    }

    /// <summary>The clauses of one version, with their topics, for the read models.</summary>
    public IReadOnlyList<ClauseEntry> Clauses(
        DocumentKey document,
        string platformName,
        string documentTitle,
        string text,
        DateTimeOffset recordedAt,
        ChangeRecord? record,
        IReadOnlyDictionary<string, ClauseEntry> previous,
        IReadOnlySet<string> touched)
    {
        var tree = parser.Parse(text);
        var result = new List<ClauseEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in tree.Nodes)
        {
            if (node.Kind == SectionNodeKind.Root || node.IsDocumentTitle || string.IsNullOrWhiteSpace(node.Text))
            {
                continue;
            }

            var key = ClauseKey(node.Path);
            if (!seen.Add(key))
            {
                continue; // two blocks with one path: the first stands for both
            }

            // A clause the new version did not touch keeps the topics found when it was written: matching the taxonomy is
            // most of the cost of a new version, and most clauses of a changed document are unchanged.
            var topics = previous.TryGetValue(key, out var earlier) && SameClause(earlier, node)
                ? earlier.TopicIds
                : taxonomy.Match(node.Kind == SectionNodeKind.Heading ? node.Text : node.Text + "\n" + (node.NearestTitle ?? string.Empty))
                    .Select(h => h.Topic.Id).Distinct(StringComparer.Ordinal).ToArray();
            var (lastChanged, lastChangeId) = record is not null && touched.Any(path => Covers(path, node.Path))
                ? (record.DetectedAt, record.Id)
                : previous.TryGetValue(key, out var before) ? (before.LastChanged, before.LastChangeId) : (recordedAt, (string?)null);
            result.Add(new ClauseEntry(
                document,
                platformName,
                documentTitle,
                key,
                node.Path,
                node.Breadcrumb,
                node.Title,
                node.Kind.ToString(),
                result.Count,
                Depth(node),
                node.Text.Length > MaxClauseText ? node.Text[..MaxClauseText] + " …" : node.Text,
                topics,
                lastChanged,
                lastChangeId));
        }

        return result;
    }

    /// <summary>The index entry of a change record: its filters and the words a keyword search looks at.</summary>
    public static ChangeIndexEntry Entry(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        // Lists and feeds say which kind of summary they show, as the record's page does.
        var summary = record.Summary is { Text.Length: > 0 } written
            ? $"{written.Label}: {written.Text}"
            : record.Changes.Select(c => c.Summary).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) ?? string.Empty;
        var words = new StringBuilder()
            .AppendLine(record.Headline).AppendLine(record.PlatformName).AppendLine(record.DocumentTitle).AppendLine(summary);
        foreach (var change in record.Changes)
        {
            words.AppendLine(change.Breadcrumb ?? change.Path).AppendLine(change.After ?? change.Before);
            if (words.Length > MaxSearchText)
            {
                break;
            }
        }

        var searchText = words.ToString().ToLowerInvariant();
        return new ChangeIndexEntry(
            record.Id,
            record.PlatformId,
            record.PlatformName,
            record.DocumentId,
            record.DocumentTitle,
            record.DetectedAt,
            record.Headline,
            record.Severity,
            record.Topics.Select(t => t.Id).ToArray(),
            record.Regulations.Select(r => r.Regulation).Distinct(StringComparer.Ordinal).ToArray(),
            record.Changes.Select(c => c.Path).Distinct(StringComparer.Ordinal).Take(200).ToArray(),
            summary.Length > 600 ? summary[..600] + " …" : summary,
            searchText.Length > MaxSearchText ? searchText[..MaxSearchText] : searchText,
            record.IsSubstantive);
    }

    /// <summary>Whether a change at <paramref name="changedPath"/> touches the clause at <paramref name="clausePath"/>: the same path, or an enclosing section (an added section adds its clauses).</summary>
    public static bool Covers(string changedPath, string clausePath) =>
        changedPath == clausePath || clausePath.StartsWith(changedPath + " › ", StringComparison.Ordinal);

    /// <summary>A clause's id in URLs and row keys: 16 hex digits of the SHA-256 of its path (paths hold characters keys may not).</summary>
    public static string ClauseKey(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path ?? string.Empty)))[..16];

    /// <summary>The stored clause has the node's whole text (not an excerpt), title, kind and place, so its topics still hold.</summary>
    private static bool SameClause(ClauseEntry earlier, SectionNode node) =>
        node.Text.Length <= MaxClauseText
        && string.Equals(earlier.Text, node.Text, StringComparison.Ordinal)
        && string.Equals(earlier.Title, node.Title, StringComparison.Ordinal)
        && string.Equals(earlier.Kind, node.Kind.ToString(), StringComparison.Ordinal)
        && string.Equals(earlier.Breadcrumb, node.Breadcrumb, StringComparison.Ordinal);

    private static int Depth(SectionNode node)
    {
        var depth = 0;
        for (var p = node.Parent; p is not null && p.Kind != SectionNodeKind.Root; p = p.Parent)
        {
            if (!p.IsDocumentTitle)
            {
                depth++;
            }
        }

        return depth;
    }
}
