using System.Text.RegularExpressions;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.Formatting"/>: presentation is not wording. Bold and italic markers
/// (<c>**x**</c>, <c>__x__</c>, <c>*x*</c>, <c>_x_</c>), a heading marker (<c>## Contact us</c> → <c>Contact us</c>), a
/// setext underline line (<c>-----</c>, <c>=====</c>) and line-break markup (<c>&lt;br&gt;</c>, which the HTML
/// extraction renders as a space) are dropped; every word stays, in its place.
/// </summary>
internal static partial class Formatting
{
    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"^[ \t]*#{1,6}[ \t]+(?<text>[^\n]*?)(?:[ \t]+#+)?[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^[ \t]*(?:=+|-{2,})[ \t]*(?:\n|$)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"\*\*|__", RegexOptions.CultureInvariant)]
    private static partial Regex StrongMarker();

    // Single-character emphasis around text: not a list bullet ('* item'), not inside a word ('snake_case', '2*3*4').
    [GeneratedRegex(@"(?<![\p{L}\p{N}\\*_])(?<m>[*_])(?=[^\s*_])(?<text>[^\n*_]*?[^\s*_\\])\k<m>(?![\p{L}\p{N}*_])", RegexOptions.CultureInvariant)]
    private static partial Regex Emphasis();

    public static string Apply(string text)
    {
        var result = text;
        if (result.Contains("<br", StringComparison.OrdinalIgnoreCase) || result.Contains("<BR", StringComparison.Ordinal))
            result = LineBreak().Replace(result, " ");
        if (result.Contains('#'))
            result = AtxHeading().Replace(result, "${text}");
        if (result.Contains("--", StringComparison.Ordinal) || result.Contains('='))
            result = SetextUnderline().Replace(result, string.Empty);
        if (result.Contains('*') || result.Contains('_'))
        {
            result = StrongMarker().Replace(result, string.Empty);
            result = Emphasis().Replace(result, "${text}");
        }

        return result;
    }
}
