using System.Text.Json;

namespace Monitors.Core.Site;

/// <summary>
/// "What to check": due diligence items per topic, kept as data beside <c>regulations.json</c>
/// (<c>Changes/Data/due-diligence.json</c>, embedded). Shown on change, provision and topic pages.
/// </summary>
public sealed class DueDiligence
{
    private static readonly Lazy<DueDiligence> Default = new(() =>
    {
        using var stream = typeof(DueDiligence).Assembly.GetManifestResourceStream("Monitors.Core.Changes.Data.due-diligence.json")
            ?? throw new InvalidOperationException("due-diligence.json is not embedded in Monitors.Core (Changes/Data).");
        return Load(stream);
    });

    private readonly Dictionary<string, IReadOnlyList<string>> _items;

    private DueDiligence(Dictionary<string, IReadOnlyList<string>> items) => _items = items;

    public static DueDiligence Embedded => Default.Value;

    public IReadOnlyCollection<string> TopicIds => _items.Keys;

    /// <summary>The items for one topic; empty for a topic without any.</summary>
    public IReadOnlyList<string> For(string topicId) => _items.GetValueOrDefault(topicId) ?? [];

    public static DueDiligence Load(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("due-diligence.json: the root needs an \"items\" object of topic id → list of strings.");
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var topic in items.EnumerateObject())
        {
            if (topic.Value.ValueKind != JsonValueKind.Array || topic.Value.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(i.GetString())))
            {
                throw new InvalidOperationException($"due-diligence.json: items.{topic.Name} must be a list of non-empty strings.");
            }

            result[topic.Name] = topic.Value.EnumerateArray().Select(i => i.GetString()!).ToArray();
        }

        return new DueDiligence(result);
    }
}
