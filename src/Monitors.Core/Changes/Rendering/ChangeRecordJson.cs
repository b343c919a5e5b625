using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Monitors.Core.Changes.Rendering;

/// <summary>The JSON form of a change record: camelCase, enums as strings, the form stored in the <c>changes</c> container.</summary>
public static class ChangeRecordJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.Serialize(record, Options);
    }

    /// <exception cref="JsonException">The text is not a change record.</exception>
    public static ChangeRecord Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<ChangeRecord>(json, Options)
            ?? throw new JsonException("The JSON is null, not a change record.");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Readable quotes and section marks; JSON stays safe to embed since < > & are still escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
