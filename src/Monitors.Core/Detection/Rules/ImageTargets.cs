using System.Text.RegularExpressions;

namespace Monitors.Core.Detection.Rules;

/// <summary>
/// Rule <see cref="NormalizationRule.ImageTargets"/>: canonical text omits images, but should an extraction keep one,
/// its source (CDN host, size suffix, hashed file name) churns without any edit, and a logo or icon coming or going is
/// not an edit of the text either. So an image is compared as absent, as the HTML extraction already treats it.
/// </summary>
internal static partial class ImageTargets
{
    // A target may hold one level of balanced parentheses; an optional "title" goes with it.
    private const string TargetPattern = @"[^()\s]*(?:\([^()\s]*\)[^()\s]*)*";

    [GeneratedRegex(@"!\[(?<alt>[^\]\n]*)\]\(" + TargetPattern + @"(?:\s+""[^""\n]*"")?\)", RegexOptions.CultureInvariant)]
    private static partial Regex Image();

    public static string Apply(string text) =>
        text.Contains("![", StringComparison.Ordinal) ? Image().Replace(text, string.Empty) : text;
}
