using System.Text.RegularExpressions;

namespace Monitors.Core.Changes.Structure;

/// <summary>
/// The number a clause starts with, and its numbering style. The style decides nesting: a clause of a style
/// already open is a sibling of that clause; a style not yet open starts a deeper level; dotted numbers nest
/// under their prefix (50.12.5.1 under 50.12.5 or 50.12).
/// </summary>
internal sealed partial record ClauseLabel(string Text, string Style, IReadOnlyList<string>? Components, int Length)
{
    /// <summary>True for a lone i, v or x (or I, V, X): a letter or a roman numeral, which the context decides.</summary>
    public bool AmbiguousRoman { get; init; }

    public bool IsDotted => Style.StartsWith("dotted:", StringComparison.Ordinal);

    public bool IsKeyword => Style.StartsWith("kw:", StringComparison.Ordinal);

    /// <summary>Reads the label at the start of <paramref name="text"/>, if there is one.</summary>
    /// <param name="isHeading">Headings accept labels that would be too doubtful in running text ("Section 3 of …").</param>
    public static ClauseLabel? TryRead(string text, bool isHeading)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var first = text[0];
        if (first == '(')
        {
            return ReadParenthesised(text);
        }

        if (char.IsDigit(first))
        {
            return ReadNumber(text);
        }

        if (!char.IsLetter(first))
        {
            return null;
        }

        return ReadKeyword(text, isHeading) ?? ReadLetter(text, isHeading);
    }

    /// <summary>The text after the label and any separator ("50.12. Amazon Bedrock" → "Amazon Bedrock").</summary>
    public string RestOf(string text)
    {
        var start = Length;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] is '.' or ':' or ';' or '–' or '—' or '-'))
        {
            start++;
        }

        return text[start..];
    }

    private static ClauseLabel? ReadParenthesised(string text)
    {
        var match = Parenthesised().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var value = match.Groups["v"].Value;
        var label = match.Value;
        if (char.IsDigit(value[0]))
        {
            return new ClauseLabel(label, "paren-num", null, match.Length);
        }

        var upper = char.IsUpper(value[0]);
        if (value.Length == 1)
        {
            return new ClauseLabel(label, upper ? "paren-ALPHA" : "paren-alpha", null, match.Length)
            {
                AmbiguousRoman = IsAmbiguousRoman(value[0]),
            };
        }

        if (IsRoman(value))
        {
            return new ClauseLabel(label, upper ? "paren-ROMAN" : "paren-roman", null, match.Length);
        }

        // (aa), (bb): letters continued past z.
        return value.All(c => c == value[0])
            ? new ClauseLabel(label, upper ? "paren-ALPHA" : "paren-alpha", null, match.Length)
            : null;
    }

    private static ClauseLabel? ReadNumber(string text)
    {
        var multi = DottedMulti().Match(text);
        if (multi.Success)
        {
            var value = multi.Groups["v"].Value;
            var components = value.Split('.');
            return new ClauseLabel(value, $"dotted:{components.Length}:n", components, multi.Length);
        }

        var single = NumberSingle().Match(text);
        if (!single.Success)
        {
            return null;
        }

        var number = single.Groups["v"].Value;
        return single.Groups["end"].Value == "."
            ? new ClauseLabel(number, "dotted:1:n", [number], single.Length)
            : new ClauseLabel(number + ")", "num-paren", null, single.Length);
    }

    private static ClauseLabel? ReadKeyword(string text, bool isHeading)
    {
        var match = Keyword().Match(text);
        if (!match.Success || !char.IsUpper(text[0]))
        {
            return null;
        }

        var keyword = match.Groups["kw"].Value;
        var number = match.Groups["num"].Value;
        if (!isHeading && match.Groups["end"].Length == 0)
        {
            // "Section 3 of these Terms applies …" is a sentence, not a numbered clause: only take a bare
            // keyword label when a separator or a short title follows.
            var rest = text[match.Length..].TrimStart();
            var startsWithSeparator = rest.Length == 0 || rest[0] is '-' or '–' or '—' or ':';
            if (!startsWithSeparator && CountWords(rest) > 12)
            {
                return null;
            }
        }

        var normalisedKeyword = char.ToUpperInvariant(keyword[0]) + keyword[1..].ToLowerInvariant();
        IReadOnlyList<string>? components = char.IsDigit(number[0]) ? number.Split('.') : null;
        return new ClauseLabel($"{normalisedKeyword} {number}", "kw:" + normalisedKeyword.ToLowerInvariant().TrimEnd('.'), components, match.Length);
    }

    private static ClauseLabel? ReadLetter(string text, bool isHeading)
    {
        var multi = DottedMulti().Match(text);
        if (multi.Success && char.IsDigit(multi.Groups["v"].Value.Split('.')[1][0]))
        {
            // "A.1", "B.3.a": a lettered section and its numbered clauses.
            var value = multi.Groups["v"].Value;
            var components = value.Split('.');
            return new ClauseLabel(value, $"dotted:{components.Length}:A", components, multi.Length);
        }

        var roman = RomanMulti().Match(text);
        if (roman.Success)
        {
            var value = roman.Groups["v"].Value;
            var upper = char.IsUpper(value[0]);
            var dot = roman.Groups["end"].Value == ".";
            var style = (upper, dot) switch
            {
                (true, true) => "ROMAN-dot",
                (true, false) => "ROMAN-paren",
                (false, true) => "roman-dot",
                (false, false) => "roman-paren",
            };
            return new ClauseLabel(dot ? value : value + ")", style, null, roman.Length);
        }

        var single = LetterSingle().Match(text);
        if (!single.Success)
        {
            return null;
        }

        var letter = single.Groups["v"].Value;
        var isDot = single.Groups["end"].Value == ".";
        if (char.IsUpper(letter[0]))
        {
            if (!isDot)
            {
                return new ClauseLabel(letter + ")", "ALPHA-paren", null, single.Length) { AmbiguousRoman = IsAmbiguousRoman(letter[0]) };
            }

            // "A. Definitions" is a lettered section; "A. Smith said" is not. In running text, take it only when
            // a capitalised word follows.
            var next = text[single.Length..].TrimStart();
            if (!isHeading && (next.Length == 0 || !char.IsUpper(next[0])))
            {
                return null;
            }

            return new ClauseLabel(letter, "dotted:1:A", [letter], single.Length) { AmbiguousRoman = IsAmbiguousRoman(letter[0]) };
        }

        return new ClauseLabel(isDot ? letter : letter + ")", isDot ? "alpha-dot" : "alpha-paren", null, single.Length)
        {
            AmbiguousRoman = IsAmbiguousRoman(letter[0]),
        };
    }

    /// <summary>The same label read as a roman numeral: "(i)" → paren-roman.</summary>
    public ClauseLabel AsRoman() => this with
    {
        Style = Style switch
        {
            "paren-alpha" => "paren-roman",
            "paren-ALPHA" => "paren-ROMAN",
            "alpha-dot" => "roman-dot",
            "alpha-paren" => "roman-paren",
            "ALPHA-paren" => "ROMAN-paren",
            "dotted:1:A" => "ROMAN-dot",
            _ => Style,
        },
        Components = null,
        AmbiguousRoman = false,
    };

    /// <summary>The letter that comes before this one (for "(i)": "h"), used to tell letters from roman numerals.</summary>
    public char? PreviousLetter
    {
        get
        {
            var letter = Text.FirstOrDefault(char.IsLetter);
            return letter is 'a' or 'A' or '\0' ? null : (char)(letter - 1);
        }
    }

    private static bool IsAmbiguousRoman(char c) => c is 'i' or 'v' or 'x' or 'I' or 'V' or 'X';

    private static bool IsRoman(string value) => value.All(c => "ivxlcIVXLC".Contains(c, StringComparison.Ordinal));

    internal static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }

    [GeneratedRegex(@"^(?<kw>(?i:section|article|clause|schedule|annex|appendix|exhibit|part|chapter|art\.))\s+(?<num>\d{1,3}[A-Za-z]?(?:\.\d{1,3}){0,4}|[IVXLC]{1,7}|[A-Z])(?<end>[.:]?)(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^\((?<v>[a-z]{1,4}|[A-Z]{1,4}|\d{1,3})\)(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"^(?<v>(?:\d{1,3}|[A-Z])(?:\.(?:\d{1,3}|[a-z])){1,5})\.?(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex DottedMulti();

    [GeneratedRegex(@"^(?<v>\d{1,3})(?<end>[.)])(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberSingle();

    [GeneratedRegex(@"^(?<v>[a-zA-Z])(?<end>[.)])(?=\s+\S)", RegexOptions.CultureInvariant)]
    private static partial Regex LetterSingle();

    [GeneratedRegex(@"^(?<v>[ivxlc]{2,7}|[IVXLC]{2,7})(?<end>[.)])(?=\s+\S)", RegexOptions.CultureInvariant)]
    private static partial Regex RomanMulti();
}
