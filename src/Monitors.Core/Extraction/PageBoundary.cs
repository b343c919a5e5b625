using System.Text;
using System.Text.RegularExpressions;

namespace Monitors.Core.Extraction;

/// <summary>
/// Joins the canonical texts of a combined document's pages (OTA's <c>combine</c>) into one version. Each page starts
/// with a boundary line, <c>&lt;!-- page 2: https://… --&gt;</c>: an HTML comment, so it cannot come from a page's
/// own text (the extractor never writes one) and stays invisible when the version is rendered as Markdown. The
/// structure parser turns it into a top-level section, so a change reads "Page 2 › 3.1 …".
/// </summary>
public static partial class PageBoundary
{
    /// <summary>The boundary line that opens page <paramref name="number"/> (1-based).</summary>
    public static string Line(int number, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return $"<!-- page {number}: {url.AbsoluteUri} -->";
    }

    /// <summary>One canonical text: every page's boundary line followed by its text, in page order, ending with one newline.</summary>
    public static string Join(IReadOnlyList<(Uri Url, string Text)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var builder = new StringBuilder();
        for (var i = 0; i < pages.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }

            builder.Append(Line(i + 1, pages[i].Url)).Append("\n\n").Append(pages[i].Text.TrimEnd('\n')).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Reads a boundary line: its page number and URL.</summary>
    public static bool TryRead(string line, out int number, out string url)
    {
        var match = BoundaryRegex().Match(line);
        number = match.Success ? int.Parse(match.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        url = match.Success ? match.Groups["url"].Value : "";
        return match.Success;
    }

    [GeneratedRegex(@"^<!-- page (?<number>[1-9][0-9]{0,3}): (?<url>\S+) -->$")]
    private static partial Regex BoundaryRegex();
}
