using System.Text.Encodings.Web;
using System.Text.Json;

namespace Monitors.Core.Catalog;

/// <summary>Writes a <see cref="Platform"/> as a <c>catalog/&lt;platform-id&gt;.json</c> declaration (used by imports).</summary>
public static class CatalogWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,

        // Selectors are full of quotes and '>' and titles hold dashes: keep them readable, the file is for people.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "./platform.schema.json");
            writer.WriteString("id", platform.Id);
            writer.WriteString("name", platform.Name);
            if (platform.Url is not null)
                writer.WriteString("url", platform.Url);
            writer.WriteStartArray("documents");
            foreach (var document in platform.Documents)
                WriteDocument(writer, document);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteDocument(Utf8JsonWriter writer, DocumentDeclaration document)
    {
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        writer.WriteString("title", document.Title);
        writer.WriteString("termsType", document.TermsType);
        // Everything a page shares with the document is written once, at the document, as Open Terms Archive does.
        var allScripts = document.Pages.All(p => p.ExecuteClientScripts);
        if (document.IsCombined)
        {
            writer.WriteStartArray("combine");
            foreach (var page in document.Pages)
            {
                writer.WriteStartObject();
                writer.WriteString("fetch", page.Fetch.ToString());
                if (!page.Select.SequenceEqual(document.Select))
                    WriteSelectors(writer, "select", page.Select);
                if (!page.Remove.SequenceEqual(document.Remove))
                    WriteSelectors(writer, "remove", page.Remove);
                if (page.ExecuteClientScripts && !allScripts)
                    writer.WriteBoolean("executeClientScripts", true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("fetch", document.Fetch.ToString());
        }

        if (document.Select.Count > 0)
            WriteSelectors(writer, "select", document.Select);
        if (document.Remove.Count > 0)
            WriteSelectors(writer, "remove", document.Remove);
        if (allScripts)
            writer.WriteBoolean("executeClientScripts", true);
        if (document.Detection != DetectionSettings.Default)
        {
            writer.WritePropertyName("detection");
            JsonSerializer.Serialize(writer, document.Detection, PlatformDeclarationReader.DetectionOptions);
        }

        writer.WriteEndObject();
    }

    private static void WriteSelectors(Utf8JsonWriter writer, string name, IReadOnlyList<ContentSelector> selectors)
    {
        writer.WriteStartArray(name);
        foreach (var selector in selectors)
        {
            switch (selector)
            {
                case CssSelector css:
                    writer.WriteStringValue(css.Css);
                    break;
                case RangeSelector range:
                    writer.WriteStartObject();
                    WriteIfSet(writer, "startBefore", range.StartBefore);
                    WriteIfSet(writer, "startAfter", range.StartAfter);
                    WriteIfSet(writer, "endBefore", range.EndBefore);
                    WriteIfSet(writer, "endAfter", range.EndAfter);
                    writer.WriteEndObject();
                    break;
                default:
                    throw new NotSupportedException($"Unknown selector kind {selector.GetType().Name}.");
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }
}
