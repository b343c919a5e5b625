using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Monitors.Cli.Output;

/// <summary>What every command writes the same way: errors and hints on standard error, JSON on standard output.</summary>
internal static class CliOutput
{
    /// <summary>The <c>--json</c> form of every command: camelCase, enums as strings, nulls left out, indented, readable Unicode.</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>One line, never wrapped (a script may grep it): "error: …".</summary>
    public static void Error(CliHost host, string message) => Line(host, "error", "red", message);

    public static void Hint(CliHost host, string message) => Line(host, "hint", "grey", message);

    public static void Warning(CliHost host, string message) => Line(host, "warning", "yellow", message);

    public static void WriteJson<T>(CliHost host, T value)
    {
        var writer = host.Console.Profile.Out.Writer;
        writer.WriteLine(JsonSerializer.Serialize(value, Json));
        writer.Flush();
    }

    private static void Line(CliHost host, string label, string colour, string message)
    {
        var writer = host.Error.Profile.Out.Writer;
        var single = message.ReplaceLineEndings(" ");
        writer.WriteLine(host.Error.Profile.Capabilities.Ansi ? $"{Ansi(colour)}{label}:\u001b[0m {single}" : $"{label}: {single}");
        writer.Flush();
    }

    private static string Ansi(string colour) => colour switch
    {
        "red" => "\u001b[31m",
        "yellow" => "\u001b[33m",
        _ => "\u001b[90m",
    };

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
