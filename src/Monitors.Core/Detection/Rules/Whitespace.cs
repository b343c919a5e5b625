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

    private const string OtherWhitespace = "\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    // Every other char.IsWhiteSpace character, and the invisible ones: rare, so mapped in a first pass of their own,
    // leaving the main pass a fast ASCII search.
    private static readonly SearchValues<char> NonAscii = SearchValues.Create(OtherWhitespace + Invisible);

    public static string Apply(string text)
    {
        var mapped = WithAsciiWhitespaceOnly(text);
        ReadOnlySpan<char> source = mapped is { } segment ? segment.AsSpan() : text.AsSpan();

        // Output is never longer than the input plus a final line break; the buffers are pooled (long pages).
        var output = ArrayPool<char>.Shared.Rent(source.Length + 1);
        try
        {
            var length = Collapse(source, output);
            return mapped is null && output.AsSpan(0, length).SequenceEqual(text) ? text : new string(output, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(output);
            if (mapped is not null)
                ArrayPool<char>.Shared.Return(mapped.Value.Array!);
        }
    }

    private static int Collapse(ReadOnlySpan<char> source, char[] output)
    {
        var length = 0;
        var lineStart = 0;
        var pendingSpace = false;
        foreach (var c in source)
        {
            if (c > ' ')
            {
                // A space run is written only between words, never before closing punctuation or after an opening bracket.
                if (pendingSpace)
                {
                    if (length > lineStart && !IsClosingPunctuation(c) && output[length - 1] is not ('(' or '['))
                        output[length++] = ' ';
                    pendingSpace = false;
                }

                output[length++] = c;
            }
            else if (c == '\n')
            {
                pendingSpace = false;
                if (length > lineStart)
                    output[length++] = '\n';
                lineStart = length;
            }
            else if (c is ' ' or '\t' or '\r' or '\v' or '\f')
            {
                pendingSpace = true;
            }
            else
            {
                output[length++] = c;
            }
        }

        if (length > lineStart)
            output[length++] = '\n';
        return length;
    }

    /// <summary>The text with other whitespace as spaces and invisible characters removed, in a pooled buffer; null when there are none.</summary>
    private static ArraySegment<char>? WithAsciiWhitespaceOnly(string text)
    {
        var found = text.AsSpan().IndexOfAny(NonAscii);
        if (found < 0)
            return null;

        var mapped = ArrayPool<char>.Shared.Rent(text.Length);
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
        return new ArraySegment<char>(mapped, 0, length + rest.Length);
    }

    private static bool IsClosingPunctuation(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']';
}
