using System.Globalization;
using System.Text;

namespace Monitors.Core.Changes.Rendering;

/// <summary>
/// The words and formats every rendering of a change record shares — Markdown and JSON here, the site's template, the
/// CLI's console — so a severity, a kind, a time or the statistics read the same everywhere.
/// </summary>
public static class ChangeWords
{
    public static string Severity(Severity severity) => severity switch
    {
        Changes.Severity.High => "high",
        Changes.Severity.Medium => "medium",
        _ => "low",
    };

    public static string Kind(ClauseChangeKind kind) => kind switch
    {
        ClauseChangeKind.Added => "Added",
        ClauseChangeKind.Removed => "Removed",
        ClauseChangeKind.Modified => "Modified",
        ClauseChangeKind.Moved => "Moved",
        ClauseChangeKind.Renumbered => "Renumbered",
        _ => kind.ToString(),
    };

    public static string Stats(ChangeStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return string.Create(CultureInfo.InvariantCulture,
            $"{stats.Added} added, {stats.Removed} removed, {stats.Modified} modified, {stats.Moved} moved, {stats.Renumbered} renumbered; +{stats.WordsInserted}/−{stats.WordsDeleted} words");
    }

    /// <summary>A version id as records show it: its first 12 characters, control characters dropped.</summary>
    public static string ShortVersion(string versionId)
    {
        ArgumentNullException.ThrowIfNull(versionId);
        return Plain(versionId.Length <= 12 ? versionId : versionId[..12]);
    }

    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The document's address when it may be linked (http or https); a <c>javascript:</c> or other URL is never a link.</summary>
    public static string? SafeUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? url.AbsoluteUri : null;

    /// <summary>Drops control characters (terminal escape sequences start with one) from a document string; keeps line breaks.</summary>
    public static string Plain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => char.IsControl(c) && c != '\n'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c == '\n')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
