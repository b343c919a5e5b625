using System.CommandLine.Parsing;
using System.Globalization;

namespace Monitors.Cli.Output;

/// <summary>Durations on the command line: <c>0</c>, <c>90s</c>, <c>5m</c>, <c>2h</c>, or a .NET time span such as <c>00:05:00</c>.</summary>
internal static class Durations
{
    public static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration for {OptionName(result)}: use 0, a number with s, m or h (30s, 5m, 1h), or hh:mm:ss.");
        return null;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length == 0)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        if (unit is 's' or 'm' or 'h' && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            value = unit switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromHours(amount) };
            return true;
        }

        if (text == "0")
        {
            return true;
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "the value";
}
