using System.Buffers;
using Monitors.Core.Extraction;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.UuidTokens"/>: per-visit ids (<c>?openaicom-did=&lt;uuid&gt;</c>,
/// <c>/redirect/website.v1.&lt;uuid&gt;/</c>) are not words of the document. A UUID-like token is 8-4-4-4-12 hex digits,
/// or 32 hex digits in a row, not glued to other letters or digits. Applies to the whole text: a UUID is never the
/// wording of a clause.
/// </summary>
internal static class UuidTokens
{
    internal const string Token = "\u27E6uuid\u27E7";

    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> HexOrDash = SearchValues.Create("0123456789abcdefABCDEF-");

    public static string Apply(string text)
    {
        // A random 32-digit hex token holds a decimal digit (all-letter odds: (6/16)^32), and digits are rare in prose,
        // so the scan jumps from digit to digit and looks at the hex-and-dash run around each one.
        PooledText? builder = null;
        var copied = 0;
        var position = 0;
        var span = text.AsSpan();
        while (position < span.Length)
        {
            var found = span[position..].IndexOfAnyInRange('0', '9');
            if (found < 0)
                break;
            var digit = position + found;
            var runStart = digit;
            while (runStart > position && HexOrDash.Contains(span[runStart - 1]))
                runStart--;
            var runLength = span[digit..].IndexOfAnyExcept(HexOrDash);
            var runEnd = runLength < 0 ? span.Length : digit + runLength;

            // The token starts at the run's start or right after one of its dashes.
            var replaced = false;
            for (var start = runStart; start < runEnd && !replaced; start = NextAfterDash(span, start, runEnd))
            {
                if (start > 0 && char.IsAsciiLetterOrDigit(span[start - 1]))
                    continue;
                var end = TokenEnd(span, start);
                if (end < 0)
                    continue;

                builder ??= new PooledText(text.Length);
                builder.Append(text.AsSpan(copied, start - copied)).Append(Token);
                copied = end;
                runEnd = end;
                replaced = true;
            }

            position = Math.Max(runEnd, digit + 1);
        }

        if (builder is null)
            return text;
        return builder.Append(text.AsSpan(copied)).ToStringAndReturn();
    }

    private static int NextAfterDash(ReadOnlySpan<char> text, int start, int runEnd)
    {
        var dash = text[start..runEnd].IndexOf('-');
        return dash < 0 ? runEnd : start + dash + 1;
    }

    /// <summary>End of the UUID-like token starting at <paramref name="start"/>, or -1.</summary>
    private static int TokenEnd(ReadOnlySpan<char> text, int start)
    {
        var run = HexRun(text, start);
        int end;
        if (run == 32)
        {
            end = start + 32;
        }
        else if (run == 8)
        {
            end = start + 8;
            foreach (var groupLength in (ReadOnlySpan<int>)[4, 4, 4, 12])
            {
                if (end >= text.Length || text[end] != '-' || HexRun(text, end + 1) != groupLength)
                    return -1;
                end += 1 + groupLength;
            }
        }
        else
        {
            return -1;
        }

        return end < text.Length && char.IsAsciiLetterOrDigit(text[end]) ? -1 : end;
    }

    private static int HexRun(ReadOnlySpan<char> text, int start)
    {
        if (start >= text.Length)
            return 0;
        var length = text[start..].IndexOfAnyExcept(Hex);
        return length < 0 ? text.Length - start : length;
    }
}
