using System.Buffers;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.Whitespace"/>: invisible characters, NBSP vs space, indentation, blank lines and a
/// space before closing punctuation (or after an opening bracket) change no word of the document. Line breaks between
/// blocks are kept, so a paragraph split or merge still counts.
/// </summary>
internal static class Whitespace
{
    private const string Invisible = "\u200B\u200C\u200D\u2060\uFEFF\u00AD";

    private const string AsciiWhitespace = "\t\n\v\f\r ";
    private const string OtherWhitespace = "\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    // Every other char.IsWhiteSpace character, and the invisible ones: rare, so mapped in a first pass of their own,
    // leaving the main pass a fast ASCII search.
    private static readonly SearchValues<char> NonAscii = SearchValues.Create(OtherWhitespace + Invisible);
    private static readonly SearchValues<char> AsciiOnly = SearchValues.Create(AsciiWhitespace);

    public static string Apply(string text)
    {
        // Output is never longer than the input plus a final line break.
        var output = new char[text.Length + 1];
        var length = 0;
        var lineStart = 0;
        var pendingSpace = false;
        var span = WithAsciiWhitespaceOnly(text);
        var position = 0;
        while (position < span.Length)
        {
            var found = span[position..].IndexOfAny(AsciiOnly);
            var runEnd = found < 0 ? span.Length : position + found;
            if (runEnd > position)
            {
                // A space run is written only between words, never before closing punctuation or after an opening bracket.
                if (pendingSpace && length > lineStart && !IsClosingPunctuation(span[position]) && output[length - 1] is not ('(' or '['))
                    output[length++] = ' ';
                pendingSpace = false;
                span[position..runEnd].CopyTo(output.AsSpan(length));
                length += runEnd - position;
            }

            if (runEnd >= span.Length)
                break;

            var c = span[runEnd];
            if (c == '\n')
            {
                pendingSpace = false;
                EndLine(output, ref length, ref lineStart);
            }
            else
            {
                pendingSpace = true;
            }

            position = runEnd + 1;
        }

        EndLine(output, ref length, ref lineStart);
        return new string(output, 0, length);
    }

    private static ReadOnlySpan<char> WithAsciiWhitespaceOnly(string text)
    {
        var found = text.AsSpan().IndexOfAny(NonAscii);
        if (found < 0)
            return text;

        var mapped = new char[text.Length];
        var length = 0;
        var rest = text.AsSpan();
        while (found >= 0)
        {
            rest[..found].CopyTo(mapped.AsSpan(length));
            length += found;
            if (!Invisible.Contains(rest[found], StringComparison.Ordinal))
                mapped[length++] = ' ';
            rest = rest[(found + 1)..];
            found = rest.IndexOfAny(NonAscii);
        }

        rest.CopyTo(mapped.AsSpan(length));
        return mapped.AsSpan(0, length + rest.Length);
    }

    private static bool IsClosingPunctuation(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']';

    private static void EndLine(char[] output, ref int length, ref int lineStart)
    {
        if (length > lineStart)
            output[length++] = '\n';
        lineStart = length;
    }
}
