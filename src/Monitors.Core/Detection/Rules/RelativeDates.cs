using System.Text.RegularExpressions;
using Monitors.Core.Extraction;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.RelativeDates"/>: 'Updated 18 days ago' changes every day without any edit.
/// 'N (units) ago' with a number or number word anywhere, and yesterday / today / just now / this or last week, month or
/// year right after an updated / modified / published / posted / edited / revised label, become one token.
/// </summary>
internal static partial class RelativeDates
{
    internal const string Token = "\u27E6relative-date\u27E7";

    internal const string AgoPattern =
        @"(?i:\b(?:(?:about|almost|over|nearly|around|roughly|less\s+than|more\s+than)\s+)?" +
        @"(?:[0-9]+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|few|several|a\s+couple\s+of)\s+" +
        @"(?:second|minute|hour|day|week|month|year)s?\s+ago\b)";

    // The longest 'about a couple of months ago' is well under this; the window keeps the scan at the few 'ago' words.
    private const int AgoWindow = 48;

    [GeneratedRegex(AgoPattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex AgoAtEnd();

    [GeneratedRegex(@"(?i)\b(?<label>updated|modified|published|posted|edited|revised)(?<separator>\s*:?\s*)(?:yesterday|today|just\s+now|(?:this|last)\s+(?:week|month|year))\b", RegexOptions.CultureInvariant)]
    private static partial Regex LabelledDay();

    public static string Apply(string text) => ReplaceLabelledDays(ReplaceAgo(text));

    private static string ReplaceAgo(string text)
    {
        PooledText? builder = null;
        var copied = 0;
        for (var ago = text.IndexOf("ago", StringComparison.OrdinalIgnoreCase); ago >= 0; ago = text.IndexOf("ago", ago + 3, StringComparison.OrdinalIgnoreCase))
        {
            var end = ago + 3;
            if (end < text.Length && char.IsLetterOrDigit(text[end]))
                continue;

            // Start the window on a word boundary: the range passed to the regex is all it sees.
            var windowStart = Math.Max(copied, ago - AgoWindow);
            while (windowStart > copied && windowStart < ago && char.IsLetterOrDigit(text[windowStart - 1]))
                windowStart++;
            var match = AgoAtEnd().Match(text, windowStart, end - windowStart);
            if (!match.Success)
                continue;

            builder ??= new PooledText(text.Length);
            builder.Append(text.AsSpan(copied, match.Index - copied)).Append(Token);
            copied = end;
        }

        if (builder is null)
            return text;
        return builder.Append(text.AsSpan(copied)).ToStringAndReturn();
    }

    private static string ReplaceLabelledDays(string text) =>
        ContainsAny(text, "yesterday", "today", "just now", "this week", "this month", "this year", "last week", "last month", "last year")
            ? LabelledDay().Replace(text, "${label}${separator}" + Token)
            : text;

    private static bool ContainsAny(string text, params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
