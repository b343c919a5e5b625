using System.Text.RegularExpressions;
using Monitors.Core.Extraction;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.UpdatedStamps"/>: a bump of the 'Last updated' stamp alone is not an edit (the
/// edit, if any, shows elsewhere in the text). The date after 'Last updated', 'Updated', 'Last modified', 'Modified',
/// 'Last revised', 'Revised' or 'Last reviewed' (optionally 'on' / 'as of', markup and a colon between) becomes one token.
/// 'Effective' dates are never touched: a new effective date is news.
/// </summary>
internal static partial class UpdatedStamps
{
    internal const string Token = "\u27E6updated\u27E7";

    private static readonly string[] Labels = ["updated", "modified", "revised", "reviewed"];

    // Anchored at a label found by a plain search ('last' is checked behind 'reviewed'): scanning the whole text with
    // a case-insensitive alternation is several times slower on long documents.
    [GeneratedRegex(
        @"\G(?<label>(?i:(?:updated|modified|revised|(?<=\blast\s{1,3})reviewed)\b(?:\s+(?:on|as\s+of))?)[\s:*_]*)" +
        @"(?<date>\u27E6(?:date|month):[^\u27E7\n]*\u27E7|\u27E6relative-date\u27E7|" + DateFormats.AnyDatePattern + "|" + RelativeDates.AgoPattern + ")",
        RegexOptions.CultureInvariant)]
    private static partial Regex StampAt();

    public static string Apply(string text)
    {
        var candidates = new List<int>();
        foreach (var label in Labels)
        {
            for (var at = text.IndexOf(label, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(label, at + label.Length, StringComparison.OrdinalIgnoreCase))
            {
                if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
                    candidates.Add(at);
            }
        }

        if (candidates.Count == 0)
            return text;
        candidates.Sort();

        PooledText? builder = null;
        var copied = 0;
        foreach (var at in candidates)
        {
            if (at < copied)
                continue;
            var match = StampAt().Match(text, at);
            if (!match.Success)
                continue;

            var date = match.Groups["date"];
            builder ??= new PooledText(text.Length);
            builder.Append(text.AsSpan(copied, date.Index - copied)).Append(Token);
            copied = date.Index + date.Length;
        }

        if (builder is null)
            return text;
        return builder.Append(text.AsSpan(copied)).ToStringAndReturn();
    }
}
