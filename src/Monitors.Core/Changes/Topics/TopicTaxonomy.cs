using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Monitors.Core.Changes.Topics;

/// <summary>One topic of the taxonomy (<c>Changes/Data/topics.json</c>).</summary>
/// <param name="BaseSeverity">The severity when an added, removed or modified clause touches the topic.</param>
public sealed record TopicDefinition(string Id, string Name, Severity BaseSeverity, IReadOnlyList<string> Phrases, IReadOnlyList<string> Patterns)
{
    internal Regex Matcher { get; init; } = null!;
}

/// <summary>A regulation a topic engages (<c>Changes/Data/regulations.json</c>).</summary>
public sealed record RegulationCitation(string Regulation, string Citation, string? Note);

/// <summary>A topic found in a text, with the spans that triggered it.</summary>
public sealed record TopicHit(TopicDefinition Topic, IReadOnlyList<PhraseHit> Phrases);

/// <param name="Start">Offset in the text that was searched.</param>
public sealed record PhraseHit(int Start, int Length, string Phrase);

/// <summary>The taxonomy file or the regulation mapping is malformed. The message names the file, the entry and the fix.</summary>
public sealed class TaxonomyException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Topics and the regulations per topic, kept as data in the repository (embedded resources) so a reviewer can
/// change a phrase without touching code.
/// </summary>
public sealed class TopicTaxonomy
{
    private const string ResourcePrefix = "Monitors.Core.Changes.Data.";
    // A guard against a pattern that backtracks without end, not a budget: it counts wall-clock time, so a busy instance
    // running many checks at once must not trip it (at 1 s it did, under load, failing whole checks).
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<TopicTaxonomy> Default = new(LoadEmbedded);

    private readonly Dictionary<string, TopicDefinition> byId;
    private readonly Dictionary<string, IReadOnlyList<RegulationCitation>> regulations;
    private readonly Dictionary<string, string> noRegulationReasons;

    private TopicTaxonomy(IReadOnlyList<TopicDefinition> topics, Dictionary<string, IReadOnlyList<RegulationCitation>> regulations, Dictionary<string, string> noRegulationReasons)
    {
        Topics = topics;
        byId = topics.ToDictionary(t => t.Id, StringComparer.Ordinal);
        this.regulations = regulations;
        this.noRegulationReasons = noRegulationReasons;
    }

    public IReadOnlyList<TopicDefinition> Topics { get; }

    /// <summary>The taxonomy shipped in this assembly (loaded once).</summary>
    public static TopicTaxonomy Embedded => Default.Value;

    public TopicDefinition? Find(string topicId) => byId.GetValueOrDefault(topicId);

    /// <summary>The regulations mapped to a topic; empty when the mapping says none applies.</summary>
    public IReadOnlyList<RegulationCitation> RegulationsFor(string topicId) =>
        regulations.GetValueOrDefault(topicId) ?? [];

    /// <summary>Why no regulation is mapped to a topic, when the mapping says so explicitly; otherwise null.</summary>
    public string? NoRegulationReason(string topicId) => noRegulationReasons.GetValueOrDefault(topicId);

    /// <summary>Every topic found in <paramref name="text"/>, with each matching span.</summary>
    public IReadOnlyList<TopicHit> Match(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hits = new List<TopicHit>();
        if (text.Length == 0)
        {
            return hits;
        }

        foreach (var topic in Topics)
        {
            List<PhraseHit>? phrases = null;
            foreach (Match match in topic.Matcher.Matches(text))
            {
                if (match.Length > 0)
                {
                    (phrases ??= []).Add(new PhraseHit(match.Index, match.Length, match.Value));
                }
            }

            if (phrases is not null)
            {
                hits.Add(new TopicHit(topic, phrases));
            }
        }

        return hits;
    }

    public static TopicTaxonomy Load(Stream topicsJson, Stream regulationsJson, string topicsName = "topics.json", string regulationsName = "regulations.json")
    {
        ArgumentNullException.ThrowIfNull(topicsJson);
        ArgumentNullException.ThrowIfNull(regulationsJson);
        var topicsFile = Deserialize<TopicsFile>(topicsJson, topicsName);
        var regulationsFile = Deserialize<RegulationsFile>(regulationsJson, regulationsName);

        var topics = new List<TopicDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in topicsFile.Topics ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry.Id) || string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new TaxonomyException($"{topicsName}: a topic has no id or name. Give every topic an \"id\" and a \"name\".");
            }

            if (!seen.Add(entry.Id))
            {
                throw new TaxonomyException($"{topicsName}: topic \"{entry.Id}\" is declared twice. Keep one entry per id.");
            }

            var severity = entry.Severity?.ToLowerInvariant() switch
            {
                "high" => Severity.High,
                "medium" => Severity.Medium,
                "low" => Severity.Low,
                _ => throw new TaxonomyException($"{topicsName}: topic \"{entry.Id}\" has severity \"{entry.Severity}\". Use high, medium or low."),
            };
            var phrases = entry.Phrases ?? [];
            var patterns = entry.Patterns ?? [];
            if (phrases.Count == 0 && patterns.Count == 0)
            {
                throw new TaxonomyException($"{topicsName}: topic \"{entry.Id}\" has no phrases and no patterns. Add at least one.");
            }

            topics.Add(new TopicDefinition(entry.Id, entry.Name, severity, phrases, patterns)
            {
                Matcher = Compile(entry.Id, phrases, patterns, topicsName),
            });
        }

        if (topics.Count == 0)
        {
            throw new TaxonomyException($"{topicsName}: no topics. The file needs a \"topics\" array.");
        }

        var mapped = new Dictionary<string, IReadOnlyList<RegulationCitation>>(StringComparer.Ordinal);
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (topicId, value) in regulationsFile.Mappings ?? [])
        {
            if (!seen.Contains(topicId))
            {
                throw new TaxonomyException($"{regulationsName}: \"{topicId}\" is not a topic of {topicsName}. Fix the id or remove the entry.");
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Array:
                    var citations = value.Deserialize<List<RegulationCitation>>(JsonOptions) ?? [];
                    if (citations.Count == 0 || citations.Any(c => string.IsNullOrWhiteSpace(c.Regulation) || string.IsNullOrWhiteSpace(c.Citation)))
                    {
                        throw new TaxonomyException($"{regulationsName}: topic \"{topicId}\" has an empty list or an entry without regulation or citation. Give each entry both, or write {{\"none\": \"why\"}}.");
                    }

                    mapped[topicId] = citations;
                    break;
                case JsonValueKind.Object when value.TryGetProperty("none", out var reason) && reason.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(reason.GetString()):
                    none[topicId] = reason.GetString()!;
                    break;
                default:
                    throw new TaxonomyException($"{regulationsName}: topic \"{topicId}\" must map to a list of citations or to {{\"none\": \"why\"}}.");
            }
        }

        var unmapped = topics.Where(t => !mapped.ContainsKey(t.Id) && !none.ContainsKey(t.Id)).Select(t => t.Id).ToList();
        if (unmapped.Count > 0)
        {
            throw new TaxonomyException($"{regulationsName}: no mapping for topic(s) {string.Join(", ", unmapped)}. Map each to citations or to {{\"none\": \"why\"}}.");
        }

        return new TopicTaxonomy(topics, mapped, none);
    }

    private static TopicTaxonomy LoadEmbedded()
    {
        var assembly = typeof(TopicTaxonomy).Assembly;
        using var topics = assembly.GetManifestResourceStream(ResourcePrefix + "topics.json")
            ?? throw new TaxonomyException($"The resource {ResourcePrefix}topics.json is missing from {assembly.GetName().Name}. Check the EmbeddedResource item in Monitors.Core.csproj.");
        using var regulations = assembly.GetManifestResourceStream(ResourcePrefix + "regulations.json")
            ?? throw new TaxonomyException($"The resource {ResourcePrefix}regulations.json is missing from {assembly.GetName().Name}. Check the EmbeddedResource item in Monitors.Core.csproj.");
        return Load(topics, regulations);
    }

    private static Regex Compile(string topicId, IReadOnlyList<string> phrases, IReadOnlyList<string> patterns, string fileName)
    {
        // Longest phrases first, so "third parties" wins over "third party" at the same place. The word-boundary
        // lookarounds enclose the whole group of phrases rather than each phrase: the same matches, but the engine can
        // then see which letters a match starts with and skip to them, several times faster than trying every phrase
        // at every position (the site's read models search every clause of every new version).
        var alternatives = new List<string>();
        if (phrases.Count > 0)
        {
            var words = phrases
                .OrderByDescending(p => p.Length)
                .Select(p => Regex.Escape(p).Replace(@"\ ", @"\s+", StringComparison.Ordinal));
            alternatives.Add($@"(?<![\w-])(?:{string.Join("|", words)})(?![\w-])");
        }

        alternatives.AddRange(patterns.Select(p => $"(?:{p})"));
        var pattern = string.Join("|", alternatives);

        // Interpreted, not compiled: compiling every topic costs a cold start more than the matching it saves, now that
        // the phrases are grouped; the read models also reuse the topics of clauses whose text did not change.
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException exception)
        {
            throw new TaxonomyException($"{fileName}: topic \"{topicId}\" has an invalid pattern ({exception.Message}). Fix the regular expression.", exception);
        }
    }

    private static T Deserialize<T>(Stream stream, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(stream, JsonOptions)
                ?? throw new TaxonomyException($"{name} is empty. It needs a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new TaxonomyException($"{name} is not valid JSON at line {exception.LineNumber + 1}: {exception.Message}", exception);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record TopicsFile([property: JsonPropertyName("topics")] List<TopicEntry>? Topics);

    private sealed record TopicEntry(string Id, string Name, string? Severity, List<string>? Phrases, List<string>? Patterns);

    private sealed record RegulationsFile(Dictionary<string, JsonElement>? Mappings);
}
