using System.Text.RegularExpressions;

namespace Monitors.Core.Changes.Topics;

/// <summary>
/// The periods a clause states ("30 days", "12 months", "two (2) years", "six-week"): a retention period, a notice
/// period, a deadline to opt out. A clause whose periods changed changed its meaning, however few words moved, so
/// topic matching reads the whole clause and severity never calls it editorial (docs/change-records.md, "Severity").
/// </summary>
public static partial class Durations
{
    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fourteen"] = 14, ["fifteen"] = 15,
        ["eighteen"] = 18, ["twenty"] = 20, ["twenty-four"] = 24, ["thirty"] = 30, ["thirty-six"] = 36, ["forty-five"] = 45,
        ["sixty"] = 60, ["ninety"] = 90, ["hundred"] = 100,
    };

    /// <summary>
    /// The periods stated in a text, in order: the words as written and their length in days (a week 7, a month 30, a
    /// year 365: for comparison only, so "12 months" and "one year" are both a change from "6 months").
    /// </summary>
    public static IReadOnlyList<(string Text, int Days)> In(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var periods = new List<(string Text, int Days)>();
        foreach (Match match in Period().Matches(text))
        {
            var number = match.Groups["digits"].Success
                ? int.TryParse(match.Groups["digits"].ValueSpan, out var n) ? n : -1
                : NumberWords.GetValueOrDefault(match.Groups["word"].Value, -1);
            if (number < 0)
            {
                continue;
            }

            var unit = match.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "day" or "business day" or "working day" => 1,
                "week" => 7,
                "month" => 30,
                _ => 365,
            };
            periods.Add((match.Value, number * unit));
        }

        return periods;
    }

    /// <summary>True when the two texts state different periods (another number, another unit, one more or fewer).</summary>
    public static bool Changed(string? before, string? after) => !In(before).Select(p => p.Days).SequenceEqual(In(after).Select(p => p.Days));

    // A number (digits, or a number word) then an optional "(12)" echo, then the unit: "12 months", "twelve (12) months",
    // "a 6-week", "2 business days". Digits glued to letters ("v12") or decimals ("1.5 years" reads as 5 years: rare) are
    // left to the word diff. No match timeout: the pattern cannot backtrack beyond a few characters, and a wall-clock
    // timeout fails the change record on a loaded machine, not on a bad input.
    [GeneratedRegex(@"(?<![\w.,])(?:(?<digits>\d{1,4})|(?<word>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|eighteen|twenty-four|twenty|thirty-six|thirty|forty-five|sixty|ninety|hundred))(?:\s*\(\d{1,4}\))?[\s-]+(?<unit>business day|working day|day|week|month|year)s?\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Period();
}
