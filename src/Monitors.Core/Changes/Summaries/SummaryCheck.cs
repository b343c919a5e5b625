using System.Text.RegularExpressions;

namespace Monitors.Core.Changes.Summaries;

/// <summary>
/// Checks a model-written summary against the clause changes the model was given: it must cite at least one of their
/// clause paths, and every number it names (a clause number, a period, an amount, a date) must appear in them. A
/// summary that fails is discarded for the extractive one: a model may only restate, never add.
/// </summary>
public static partial class SummaryCheck
{
    /// <summary>Why <paramref name="summary"/> may not stand for <paramref name="given"/>, or null when it may.</summary>
    public static string? Problem(string summary, IReadOnlyList<ClauseChange> given)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(given);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var clause in given)
        {
            foreach (var text in new[] { clause.Path, clause.PreviousPath, clause.Title, clause.Before, clause.After })
            {
                if (text is null)
                {
                    continue;
                }

                foreach (Match number in Number().Matches(text))
                {
                    known.Add(Normal(number.Value));
                }
            }
        }

        foreach (Match number in Number().Matches(summary))
        {
            if (!known.Contains(Normal(number.Value)))
            {
                return $"it names \"{number.Value}\", which none of the clause changes it was given holds";
            }
        }

        // A path's last segment ("4.2", or a heading when the document has no numbers) is how a reader finds the clause.
        var cited = given.Any(c => Segments(c.Path).LastOrDefault() is { Length: > 0 } last && Cites(summary, last));
        return cited ? null : $"it cites none of the clause paths it was given ({string.Join(", ", given.Select(c => c.Path).Distinct().Take(5))})";
    }

    private static bool Cites(string summary, string segment) =>
        Number().IsMatch(segment)
            ? Number().Matches(summary).Any(m => Normal(m.Value) == Normal(Number().Match(segment).Value))
            : summary.Contains(segment, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Segments(string path) => path.Split('›', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"1,000" and "1000" are one number; a sentence's full stop after "4.2." is not part of it.</summary>
    private static string Normal(string number) => number.Replace(",", string.Empty, StringComparison.Ordinal).TrimEnd('.');

    /// <summary>Digits, with inner dots or commas (4.2, 50.12.5.1, 1,000, 2026).</summary>
    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Number();
}
