using System.Globalization;
using System.Text.RegularExpressions;
using Monitors.Core.Extraction;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.DateFormats"/>: '8 July 2026', '8th of July, 2026', 'July 8, 2026', 'Jul. 8 2026',
/// 'JULY 8, 2026', '2026-07-08', '2026/07/08', '08/07/2026', '08.07.2026' and '8-7-2026' become one token per calendar
/// day; 'July 2026' becomes a month token. Only the format is neutralised: a different date stays different. Month names
/// must be capitalised or upper case ('may 2026' is not a date). Numeric day/month order: a part above 12 decides,
/// otherwise day-month-year is assumed (the documents watched are mostly served to the EU).
/// </summary>
internal static partial class DateFormats
{
    private const string MonthCapitalised = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
    private const string MonthUpper = "JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?";
    private const string Month = @"(?<![A-Za-z])(?<month>" + MonthCapitalised + "|" + MonthUpper + @")(?![A-Za-z])\.?";
    private const string Day = @"(?<day>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?";
    private const string Year = @"(?<year>(?:19|20)[0-9]{2})(?![0-9])";

    /// <summary>Every absolute date this rule recognises, as one alternation (longest forms first). Reused by the updated-stamp rule.</summary>
    internal const string AnyDatePattern =
        @"(?<![0-9])" + Day + @"(?:\s+of)?\s+" + Month + @",?\s+" + Year +
        "|" + Month + @"\s+" + Day + @",?\s+" + Year +
        @"|(?<![0-9./\-])(?<iy>(?:19|20)[0-9]{2})(?<is>[\-/.])(?<im>1[0-2]|0?[1-9])\k<is>(?<id>[12][0-9]|3[01]|0?[1-9])(?![0-9])" +
        @"|(?<![0-9./\-])(?<na>[0-9]{1,2})(?<ns>[\-/.])(?<nb>[0-9]{1,2})\k<ns>(?<ny>(?:19|20)[0-9]{2})(?![0-9])" +
        "|" + Month + @",?\s+" + Year;

    internal const string DayToken = "\u27E6date:";
    internal const string MonthToken = "\u27E6month:";

    [GeneratedRegex(AnyDatePattern, RegexOptions.CultureInvariant)]
    private static partial Regex AnyDate();

    // Every form holds a four-digit year; the regex only runs in a window around each one. The longest form before
    // its year ('30th of September, 2026') and after it ('2026-09-30') fit in these with room to spare.
    private const int WindowBeforeYear = 40;
    private const int WindowAfterYear = 8;

    public static string Apply(string text)
    {
        PooledText? builder = null;
        var copied = 0;
        var examined = 0;
        var span = text.AsSpan();
        for (var year = NextYear(span, 0); year >= 0; year = NextYear(span, year + 4))
        {
            if (!MayBeDate(span, year))
                continue;

            var windowStart = Math.Max(examined, year - WindowBeforeYear);
            // The range passed to the regex is all it sees: start the window on a word boundary.
            while (windowStart > examined && windowStart < year && char.IsLetterOrDigit(text[windowStart - 1]))
                windowStart++;
            var windowEnd = Math.Min(text.Length, year + 4 + WindowAfterYear);
            while (windowEnd < text.Length && char.IsDigit(text[windowEnd]))
                windowEnd++;

            for (var match = AnyDate().Match(text, windowStart, windowEnd - windowStart); match.Success; match = match.NextMatch())
            {
                examined = match.Index + match.Length;
                var token = ToToken(match);
                if (token is null)
                    continue;
                builder ??= new PooledText(text.Length);
                builder.Append(text.AsSpan(copied, match.Index - copied)).Append(token);
                copied = examined;
            }
        }

        if (builder is null)
            return text;
        return builder.Append(text.AsSpan(copied)).ToStringAndReturn();
    }

    /// <summary>
    /// Whether the year at <paramref name="year"/> can be part of a date at all: a separator and a digit right after it
    /// (2026-07-08), a separator right before it (08/07/2026), or a day number or month name before it. Keeps the regex
    /// away from the many 'in 2026' and '(EU) 2016/679' of legal text.
    /// </summary>
    private static bool MayBeDate(ReadOnlySpan<char> text, int year)
    {
        var after = year + 4;
        if (after < text.Length && text[after] is '-' or '/' or '.')
        {
            // yyyy-m(m)-d(d) with one separator throughout.
            var month = after + 1;
            var monthDigits = 0;
            while (month + monthDigits < text.Length && char.IsAsciiDigit(text[month + monthDigits]))
                monthDigits++;
            var second = month + monthDigits;
            if (monthDigits is 1 or 2 && second + 1 < text.Length && text[second] == text[after] && char.IsAsciiDigit(text[second + 1]))
                return true;
        }

        var i = year - 1;
        if (i >= 0 && text[i] is '-' or '/' or '.')
            return true;
        while (i >= 0 && (char.IsWhiteSpace(text[i]) || text[i] == ','))
            i--;
        if (i >= 0 && text[i] == '.')
            i--;
        if (i < 0)
            return false;
        if (char.IsAsciiDigit(text[i]))
            return true;

        var wordEnd = i + 1;
        while (i >= 0 && char.IsAsciiLetter(text[i]))
            i--;
        var word = text[(i + 1)..wordEnd];
        var afterDayNumber = i >= 0 && char.IsAsciiDigit(text[i]);
        return afterDayNumber ? word.Length == 2 : word.Length >= 3 && IsMonthName(word);
    }

    private static bool IsMonthName(ReadOnlySpan<char> word)
    {
        foreach (var month in MonthNames)
        {
            if (word.Length <= month.Length && word.Length >= 3 && month.AsSpan(0, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase))
                return word.Length == 3 || word.Length == month.Length || (month == "september" && word.Length == 4);
        }

        return false;
    }

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>Start of the next run of exactly four digits beginning 19 or 20, from <paramref name="start"/>.</summary>
    private static int NextYear(ReadOnlySpan<char> text, int start)
    {
        var position = start;
        while (position < text.Length)
        {
            var found = text[position..].IndexOfAnyInRange('0', '9');
            if (found < 0)
                return -1;
            var runStart = position + found;
            var runLength = text[runStart..].IndexOfAnyExceptInRange('0', '9');
            if (runLength < 0)
                runLength = text.Length - runStart;
            if (runLength == 4 && text[runStart] is '1' or '2' && text[runStart + 1] is '9' or '0' && (text[runStart] == '2') == (text[runStart + 1] == '0'))
                return runStart;
            position = runStart + runLength;
        }

        return -1;
    }

    private static string? ToToken(Match match)
    {
        int year, month, day;
        if (match.Groups["month"].Success)
        {
            year = Number(match.Groups["year"]);
            month = MonthNumber(match.Groups["month"].Value);
            if (!match.Groups["day"].Success)
                return $"{MonthToken}{year:D4}-{month:D2}\u27E7";
            day = Number(match.Groups["day"]);
        }
        else if (match.Groups["iy"].Success)
        {
            (year, month, day) = (Number(match.Groups["iy"]), Number(match.Groups["im"]), Number(match.Groups["id"]));
        }
        else
        {
            var (first, second) = (Number(match.Groups["na"]), Number(match.Groups["nb"]));
            year = Number(match.Groups["ny"]);
            (day, month) = second > 12 ? (second, first) : (first, second);
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return null;
        return $"{DayToken}{year:D4}-{month:D2}-{day:D2}\u27E7";
    }

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int MonthNumber(string name) => char.ToLowerInvariant(name[0]) switch
    {
        'j' => char.ToLowerInvariant(name[1]) == 'a' ? 1 : char.ToLowerInvariant(name[2]) == 'n' ? 6 : 7,
        'f' => 2,
        'm' => char.ToLowerInvariant(name[2]) == 'r' ? 3 : 5,
        'a' => char.ToLowerInvariant(name[1]) == 'p' ? 4 : 8,
        's' => 9,
        'o' => 10,
        'n' => 11,
        _ => 12,
    };
}
