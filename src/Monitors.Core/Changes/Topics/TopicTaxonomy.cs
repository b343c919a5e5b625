using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Monitors.Core.Changes.Topics;

/// <summary>One topic of the taxonomy (<c>Changes/Data/topics.json</c>).</summary>
/// <param name="BaseSeverity">The severity when an added, removed or modified clause touches the topic.</param>
public sealed record TopicDefinition(string Id, string Name, Severity BaseSeverity, IReadOnlyList<string> Phrases, IReadOnlyList<string> Patterns)
{
    internal Regex Matcher { get; init; } = null!;

    /// <summary>
    /// Words of which every match of <see cref="Matcher"/> contains one (compared ignoring ASCII case), or null when some
    /// pattern has no such word: a text holding none of them cannot match, so the regex is not run on it.
    /// </summary>
    internal SearchValues<string>? Keywords { get; init; }
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

    /// <summary>What <see cref="Match(string)"/> finds, as it was found before the keyword prefilter: every topic's regex run on the text. The reference the prefilter is tested against.</summary>
    internal IReadOnlyList<TopicHit> MatchEveryTopic(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hits = new List<TopicHit>();
        foreach (var topic in text.Length == 0 ? [] : Topics)
        {
            var phrases = topic.Matcher.Matches(text).Where(m => m.Length > 0).Select(m => new PhraseHit(m.Index, m.Length, m.Value)).ToList();
            if (phrases.Count > 0)
            {
                hits.Add(new TopicHit(topic, phrases));
            }
        }

        return hits;
    }

    /// <summary>Every topic found in <paramref name="text"/>, with each matching span.</summary>
    /// <remarks>
    /// A topic's regex runs only on a text that holds one of its keywords (<see cref="TopicDefinition.Keywords"/>, a
    /// vectorised multi-string search): most clauses carry two or three topics of the eighteen, and scanning a clause
    /// for a handful of words costs a fraction of running an alternation of dozens of phrases over it. The matches are
    /// the same (<see cref="MatchEveryTopic"/> runs every regex; a test compares the two over the corpus).
    /// </remarks>

    public IReadOnlyList<TopicHit> Match(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hits = new List<TopicHit>();
        if (text.Length == 0)
        {
            return hits;
        }

        // Regex case-insensitivity also equates a few non-ASCII letters with ASCII ones (the Kelvin sign with "k"), which
        // an ordinal comparison does not: a text holding one is searched by every regex.
        var prefilter = !text.AsSpan().ContainsAny(AsciiCaseEquivalents);
        foreach (var topic in Topics)
        {
            if (prefilter && topic.Keywords is { } keywords && !text.AsSpan().ContainsAny(keywords))
            {
                continue;
            }

            List<PhraseHit>? phrases = null;
            foreach (var match in topic.Matcher.EnumerateMatches(text))
            {
                if (match.Length > 0)
                {
                    (phrases ??= []).Add(new PhraseHit(match.Index, match.Length, text.Substring(match.Index, match.Length)));
                }
            }

            if (phrases is not null)
            {
                hits.Add(new TopicHit(topic, phrases));
            }
        }

        return hits;
    }

    /// <summary>Non-ASCII letters that case-insensitive regexes may match with an ASCII letter (Kelvin sign, long s, dotted and dotless i).</summary>
    private static readonly SearchValues<char> AsciiCaseEquivalents = SearchValues.Create("\u212A\u017F\u0130\u0131");

    /// <summary>
    /// The topic's keywords: the longest word of each phrase, and for each pattern the literal text every match of it must
    /// start with (after a leading <c>\b</c>; one per alternative of a leading group). Null when a pattern has no such
    /// text (it starts with a class such as <c>\d+</c>): that topic's regex runs on every text.
    /// </summary>
    internal static SearchValues<string>? Keywords(IReadOnlyList<string> phrases, IReadOnlyList<string> patterns)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var phrase in phrases)
        {
            // Every word of a phrase is in each of its matches (only the spaces between words vary): the longest is the
            // rarest, so the fewest clauses pass for nothing ("your content" looks for "content", not "your").
            var longest = phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).MaxBy(w => w.Length);
            if (string.IsNullOrEmpty(longest) || !Ascii.IsValid(longest))
            {
                return null;
            }

            words.Add(longest);
        }

        foreach (var pattern in patterns)
        {
            if (LeadingLiterals(pattern) is not { } literals)
            {
                return null;
            }

            words.UnionWith(literals);
        }

        // A keyword that contains another adds nothing: the shorter one is found wherever the longer one is.
        var minimal = words.Where(w => !words.Any(o => o.Length < w.Length && w.Contains(o, StringComparison.OrdinalIgnoreCase))).ToArray();
        return minimal.Length == 0 ? null : SearchValues.Create(minimal, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Literal texts one of which starts every match of <paramref name="pattern"/>, or null when it cannot tell: splits
    /// the top-level alternatives, skips a leading <c>\b</c>, descends into a leading non-capturing group that is not
    /// quantified, and reads letters, digits, spaces and hyphens up to the first other character (dropping the last one
    /// when a quantifier follows it: "models?" must start with "model").
    /// </summary>
    internal static IReadOnlyList<string>? LeadingLiterals(string pattern)
    {
        var result = new List<string>();
        foreach (var alternative in SplitAlternatives(pattern))
        {
            var rest = alternative;
            while (rest.StartsWith(@"\b", StringComparison.Ordinal))
            {
                rest = rest[2..];
            }

            if (rest.StartsWith("(?:", StringComparison.Ordinal))
            {
                var close = ClosingParenthesis(rest);
                if (close < 0 || (close + 1 < rest.Length && rest[close + 1] is '?' or '*' or '+' or '{'))
                {
                    return null;
                }

                if (LeadingLiterals(rest[3..close]) is not { } inner)
                {
                    return null;
                }

                result.AddRange(inner);
                continue;
            }

            var length = 0;
            while (length < rest.Length && (char.IsAsciiLetterOrDigit(rest[length]) || rest[length] is ' ' or '-'))
            {
                length++;
            }

            if (length < rest.Length && rest[length] is '?' or '*' or '{')
            {
                length--; // the last letter is optional
            }

            if (length <= 0)
            {
                return null;
            }

            result.Add(rest[..length]);
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>The top-level alternatives of a pattern (not those inside groups or classes).</summary>
    private static List<string> SplitAlternatives(string pattern)
    {
        var parts = new List<string>();
        var start = 0;
        foreach (var (index, token, depth) in Structure(pattern))
        {
            if (token == '|' && depth == 0)
            {
                parts.Add(pattern[start..index]);
                start = index + 1;
            }
        }

        parts.Add(pattern[start..]);
        return parts;
    }

    /// <summary>The index of the parenthesis that closes the group opening <paramref name="text"/>, or -1.</summary>
    private static int ClosingParenthesis(string text)
    {
        foreach (var (index, token, depth) in Structure(text))
        {
            if (token == ')' && depth == 0)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>
    /// The grouping characters of a pattern — <c>(</c>, <c>)</c> and <c>|</c> — outside escapes and character classes,
    /// each with the group depth after it (an opening parenthesis counts itself, a closing one does not).
    /// </summary>
    private static IEnumerable<(int Index, char Token, int Depth)> Structure(string pattern)
    {
        var depth = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[' when !inClass:
                    inClass = true;
                    break;
                case ']' when inClass:
                    inClass = false;
                    break;
                case '(' when !inClass:
                    yield return (i, '(', ++depth);
                    break;
                case ')' when !inClass:
                    yield return (i, ')', --depth);
                    break;
                case '|' when !inClass:
                    yield return (i, '|', depth);
                    break;
            }
        }
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
                Keywords = Keywords(phrases, patterns),
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
