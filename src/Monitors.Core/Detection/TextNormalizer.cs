using System.Security.Cryptography;
using System.Text;
using Monitors.Core.Catalog;
using Monitors.Core.Detection.Rules;

namespace Monitors.Core.Detection;

/// <summary>
/// Neutralises known noise in canonical text before two versions are compared (see <c>docs/detection.md</c>). The
/// result is for comparison and hashing only; the archived version keeps the text as extracted. Pure and thread-safe.
/// </summary>
public static class TextNormalizer
{
    /// <summary>
    /// Every rule, in the order they are applied: character-level look-alikes first, link targets before the URL
    /// variants, absolute and relative dates before the updated stamp (which also recognises their tokens), and
    /// page chrome before formatting (a heading marker tells a title from a chip), and whitespace last so it tidies what
    /// the other rules leave behind.
    /// </summary>
    public static IReadOnlyList<NormalizationRule> Order { get; } =
    [
        NormalizationRule.Typography,
        NormalizationRule.ImageTargets,
        NormalizationRule.LinkTargets,
        NormalizationRule.UuidTokens,
        NormalizationRule.UrlVariants,
        NormalizationRule.DateFormats,
        NormalizationRule.RelativeDates,
        NormalizationRule.UpdatedStamps,
        NormalizationRule.PageChrome,
        NormalizationRule.Formatting,
        NormalizationRule.Whitespace,
    ];

    /// <summary>The canonical text with every rule the document's settings enable applied.</summary>
    public static string Normalize(string canonicalText, DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        ArgumentNullException.ThrowIfNull(settings);
        return Normalize(canonicalText, EnabledRules(settings), settings);
    }

    /// <summary>The canonical text with the given rules applied, in <see cref="Order"/> whatever order they are passed in.</summary>
    /// <param name="settings">The document's settings, for the rules that read more than their switch (the page-chrome declarations); defaults when null.</param>
    public static string Normalize(string canonicalText, IEnumerable<NormalizationRule> rules, DetectionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        ArgumentNullException.ThrowIfNull(rules);
        var wanted = rules as ICollection<NormalizationRule> ?? rules.ToHashSet();
        var text = canonicalText;
        foreach (var rule in Order)
        {
            if (wanted.Contains(rule))
                text = Apply(rule, text, settings);
        }

        return text;
    }

    /// <summary>One rule on its own.</summary>
    public static string Apply(NormalizationRule rule, string text, DetectionSettings? settings = null) => rule switch
    {
        NormalizationRule.Typography => Typography.Apply(text),
        NormalizationRule.ImageTargets => ImageTargets.Apply(text),
        NormalizationRule.LinkTargets => LinkTargets.Apply(text),
        NormalizationRule.UuidTokens => UuidTokens.Apply(text),
        NormalizationRule.UrlVariants => UrlVariants.Apply(text),
        NormalizationRule.DateFormats => DateFormats.Apply(text),
        NormalizationRule.RelativeDates => RelativeDates.Apply(text),
        NormalizationRule.UpdatedStamps => UpdatedStamps.Apply(text),
        NormalizationRule.PageChrome => PageChrome.Apply(text, settings),
        NormalizationRule.Formatting => Formatting.Apply(text),
        NormalizationRule.Whitespace => Whitespace.Apply(text),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown normalisation rule."),
    };

    /// <summary>The rules a document's settings switch on, in <see cref="Order"/>.</summary>
    public static IReadOnlyList<NormalizationRule> EnabledRules(DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Order.Where(rule => IsEnabled(settings, rule)).ToArray();
    }

    public static bool IsEnabled(DetectionSettings settings, NormalizationRule rule)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return rule switch
        {
            NormalizationRule.Typography => settings.NormalizeTypography,
            NormalizationRule.ImageTargets => settings.IgnoreImageTargets,
            NormalizationRule.LinkTargets => settings.IgnoreLinkQueries,
            NormalizationRule.UuidTokens => settings.IgnoreUuidTokens,
            NormalizationRule.UrlVariants => settings.IgnoreUrlVariants,
            NormalizationRule.DateFormats => settings.NormalizeDateFormats,
            NormalizationRule.RelativeDates => settings.IgnoreRelativeDates,
            NormalizationRule.UpdatedStamps => settings.IgnoreUpdatedStamps,
            NormalizationRule.PageChrome => settings.IgnorePageChrome,
            NormalizationRule.Formatting => settings.IgnoreFormatting,
            NormalizationRule.Whitespace => settings.NormalizeWhitespace,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown normalisation rule."),
        };
    }

    /// <summary>
    /// The canonical text without its page chrome (see <see cref="NormalizationRule.PageChrome"/>), everything else as
    /// extracted: what a change record is built from, so a rotating menu or chip list never shows as a changed clause.
    /// The text itself when the document switches the rule off.
    /// </summary>
    public static string WithoutPageChrome(string canonicalText, DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IgnorePageChrome ? PageChrome.Apply(canonicalText, settings) : canonicalText;
    }

    /// <summary>SHA-256 (lower-case hex) of a normalised text, as stored next to a version for flap detection (A → B → A).</summary>
    public static string Hash(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedText)));
    }
}
