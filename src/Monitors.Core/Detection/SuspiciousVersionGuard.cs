using System.Globalization;
using Monitors.Core.Catalog;
using Monitors.Core.Detection.Rules;

namespace Monitors.Core.Detection;

/// <summary>Why a fetched version does not look like the document.</summary>
public enum SuspicionKind
{
    None,

    /// <summary>No text at all.</summary>
    Empty,

    /// <summary>No previous good version to compare with, and the text is too short to be a governance document.</summary>
    TooShort,

    /// <summary>The text shrank below <see cref="DetectionSettings.CollapseThreshold"/> of the previous good version.</summary>
    Collapsed,

    /// <summary>An error page ('This page isn't available', 'Bad gateway', Cloudflare 'Just a moment...').</summary>
    ErrorPage,

    /// <summary>A login or bot-check wall ('Sign in to continue', 'Verify you are human').</summary>
    Wall,
}

/// <summary>The guard's answer: the version is fine, or suspicious with a sentence a person can read.</summary>
public sealed record GuardVerdict(SuspicionKind Kind, string? Reason)
{
    public static GuardVerdict Ok { get; } = new(SuspicionKind.None, null);

    public bool IsSuspicious => Kind != SuspicionKind.None;

    public static GuardVerdict Suspicious(SuspicionKind kind, string reason) => new(kind, reason);
}

/// <summary>
/// Catches fetched versions that are not the document (error pages, login or bot-check walls, collapsed content) so the
/// pipeline records a failed check instead of a new version followed by a 'recovery'. Pure and thread-safe.
/// </summary>
/// <remarks>
/// A legal text may mention 'access denied' or 'CAPTCHA' in a clause, so a phrase only counts when the version is short
/// (below <see cref="ShortRelativeRatio"/> of the previous good version, or below <see cref="ShortPageLength"/> characters
/// when there is none) or the phrase stands on a short line of its own (a failed part of a page assembled from several).
/// A phrase the previous good version holds too is document text and never counts.
/// </remarks>
public static class SuspiciousVersionGuard
{
    /// <summary>Below this fraction of the previous good version, a version holding an error phrase is an error page.</summary>
    public const double ShortRelativeRatio = 0.6;

    /// <summary>
    /// With no previous good version, a version below this many characters holding an error phrase is an error page; a
    /// version at least this long is never a collapse (it is a document, e.g. the short variant of a page).
    /// </summary>
    public const int ShortPageLength = 5_000;

    /// <summary>A line of at most this many characters, mostly made of the phrase, is an error message standing on its own.</summary>
    private const int ShortLineLength = 100;

    /// <summary>Error-page phrases, ASCII (texts are searched case-insensitively after the typography rule).</summary>
    public static IReadOnlyList<string> ErrorPhrases { get; } =
    [
        "isn't available", "page not found", "access denied", "service unavailable", "service temporarily unavailable",
        "just a moment...", "enable javascript", "too many requests", "bad gateway", "gateway timeout",
        "internal server error", "an unexpected error has occurred", "something went wrong",
    ];

    /// <summary>Login and bot-check wall phrases, ASCII.</summary>
    public static IReadOnlyList<string> WallPhrases { get; } =
    [
        "sign in to continue", "log in to continue", "login to continue", "verify you are human", "verify you're human",
        "checking your browser", "checking if the site connection is secure", "are you a robot", "captcha",
        "prove you're not a robot", "unusual traffic",
    ];

    public static GuardVerdict Check(string? previousGoodText, string newText, DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentNullException.ThrowIfNull(settings);

        // Lengths of the trimmed texts, measured on spans: a canonical text ends with a line break, so Trim() copied it.
        var newLength = newText.AsSpan().Trim().Length;
        if (newLength == 0)
            return GuardVerdict.Suspicious(SuspicionKind.Empty, "empty content");

        var previousLength = previousGoodText is null ? 0 : previousGoodText.AsSpan().Trim().Length;
        if (previousLength == 0)
        {
            if (newLength < settings.MinimumLength)
            {
                return GuardVerdict.Suspicious(SuspicionKind.TooShort, string.Create(CultureInfo.InvariantCulture,
                    $"content too short for a document: {newLength:N0} characters (at least {settings.MinimumLength:N0} expected) and no previous version to compare with"));
            }
        }
        else if (newLength < settings.CollapseThreshold * previousLength && newLength < ShortPageLength)
        {
            // A shrunk text of at least ShortPageLength characters is still a document (a shorter variant of the page,
            // served by a CDN or A/B test), not an outage: it is compared and diffed, never silently rejected for ever.
            var percent = (int)Math.Round(100.0 * newLength / previousLength, MidpointRounding.AwayFromZero);
            return GuardVerdict.Suspicious(SuspicionKind.Collapsed, string.Create(CultureInfo.InvariantCulture,
                $"content collapsed to {percent}% of the previous version ({newLength:N0} of {previousLength:N0} characters)"));
        }

        var isShort = previousLength > 0 ? newLength < ShortRelativeRatio * previousLength : newLength < ShortPageLength;
        var searchable = Searchable(newText);
        // The previous version is searched only for a phrase the new text holds, which is rare: made searchable on demand.
        string? previousSearchable = null;
        string? Previous() => previousGoodText is null ? null : previousSearchable ??= Searchable(previousGoodText);

        var errorLine = FindPhrase(searchable, Previous, ErrorPhrases.Concat(ExtraPhrases(settings)), isShort);
        if (errorLine is not null)
            return GuardVerdict.Suspicious(SuspicionKind.ErrorPage, $"error page: \"{errorLine}\"");

        var wallLine = FindPhrase(searchable, Previous, WallPhrases, isShort);
        if (wallLine is not null)
            return GuardVerdict.Suspicious(SuspicionKind.Wall, $"login or bot-check wall: \"{wallLine}\"");

        return GuardVerdict.Ok;
    }

    private static IEnumerable<string> ExtraPhrases(DetectionSettings settings) =>
        (settings.ExtraErrorPhrases ?? [])
            .Where(phrase => !string.IsNullOrWhiteSpace(phrase))
            .Select(phrase => Typography.Apply(phrase.Trim()));

    /// <summary>The text as searched (case-insensitively) and quoted: typography and whitespace neutralised.</summary>
    private static string Searchable(string text) => Whitespace.Apply(Typography.Apply(text));

    /// <summary>The line (as displayed) of the first phrase that counts, or null.</summary>
    private static string? FindPhrase(string text, Func<string?> previous, IEnumerable<string> phrases, bool isShort)
    {
        foreach (var phrase in phrases)
        {
            var index = IndexOfWords(text, phrase, 0);
            if (index < 0 || (previous() is { } previousText && IndexOfWords(previousText, phrase, 0) >= 0))
                continue;

            for (; index >= 0; index = IndexOfWords(text, phrase, index + phrase.Length))
            {
                var line = LineAround(text, index);
                var standsAlone = StripMarkup(line).Length <= Math.Min(ShortLineLength, 3 * phrase.Length);
                if (isShort || standsAlone)
                    return Quote(line);
            }
        }

        return null;
    }

    /// <summary>Index of the phrase where it starts and ends on word boundaries ('captcha' is not found in 'reCAPTCHA').</summary>
    private static int IndexOfWords(string text, string phrase, int start)
    {
        while (start <= text.Length - phrase.Length)
        {
            var index = text.IndexOf(phrase, start, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
                return -1;
            var end = index + phrase.Length;
            var startsWord = index == 0 || !char.IsLetterOrDigit(text[index - 1]) || !char.IsLetterOrDigit(phrase[0]);
            var endsWord = end == text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(phrase[^1]);
            if (startsWord && endsWord)
                return index;
            start = index + 1;
        }

        return -1;
    }

    private static string LineAround(string text, int index)
    {
        var start = text.LastIndexOf('\n', index) + 1;
        var end = text.IndexOf('\n', index);
        return text[start..(end < 0 ? text.Length : end)];
    }

    private static string StripMarkup(string line) => line.Trim().TrimStart('#', '-', '*', '>', '|', ' ').Trim('*', '_', ' ', '|');

    private static string Quote(string line)
    {
        var content = StripMarkup(line);
        const int MaxQuote = 120;
        return content.Length <= MaxQuote ? content : string.Concat(content.AsSpan(0, MaxQuote), "...");
    }
}
