using System.Buffers;
using System.Text;

namespace Monitors.Core.Detection.Rules;

/// <summary>Rule <see cref="NormalizationRule.Typography"/>: a CMS switching between ’ and ' is not an edit.</summary>
internal static class Typography
{
    private const string SingleQuotes = "\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u02BC";
    private const string DoubleQuotes = "\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB";
    private const string Dashes = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\uFE58\uFE63\uFF0D";
    private const string Others = "\u2026\uFB00\uFB01\uFB02\uFB03\uFB04";

    private static readonly SearchValues<char> LookAlikes = SearchValues.Create(SingleQuotes + DoubleQuotes + Dashes + Others);

    public static string Apply(string text)
    {
        var next = text.AsSpan().IndexOfAny(LookAlikes);
        if (next < 0)
            return text;

        // Most look-alikes map to one ASCII character: replace in a pooled copy, and only build a longer text when needed.
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            text.CopyTo(chars);
            var span = chars.AsSpan(0, text.Length);
            var expands = false;
            for (var position = next; position < span.Length; position++)
            {
                var found = span[position..].IndexOfAny(LookAlikes);
                if (found < 0)
                    break;
                position += found;
                var replacement = Replacement(span[position]);
                if (replacement.Length == 1)
                    span[position] = replacement[0];
                else
                    expands = true;
            }

            return expands ? Expand(span) : new string(span);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static string Expand(ReadOnlySpan<char> chars)
    {
        var builder = new StringBuilder(chars.Length + 16);
        foreach (var c in chars)
        {
            if (LookAlikes.Contains(c))
                builder.Append(Replacement(c));
            else
                builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Replacement(char c) => c switch
    {
        _ when SingleQuotes.Contains(c, StringComparison.Ordinal) => "'",
        _ when DoubleQuotes.Contains(c, StringComparison.Ordinal) => "\"",
        _ when Dashes.Contains(c, StringComparison.Ordinal) => "-",
        '\u2026' => "...",
        '\uFB00' => "ff",
        '\uFB01' => "fi",
        '\uFB02' => "fl",
        '\uFB03' => "ffi",
        _ => "ffl",
    };
}
