namespace Monitors.Core.Detection;

/// <summary>
/// One named kind of noise that is neutralised before two versions are compared. Normalisation only affects comparison:
/// the archived version keeps the text as extracted. Each rule is switched on or off per document in
/// <see cref="Catalog.DetectionSettings"/>; all are on by default.
/// </summary>
public enum NormalizationRule
{
    /// <summary>Unicode look-alikes (curly quotes, guillemets, dashes, non-breaking hyphens, ellipsis, ligatures) become ASCII.</summary>
    Typography,

    /// <summary>An image <c>![alt](src)</c> keeps only its alt text.</summary>
    ImageTargets,

    /// <summary>Link targets lose their <c>?query</c> and <c>#fragment</c>.</summary>
    LinkTargets,

    /// <summary>UUID-like tokens become one token.</summary>
    UuidTokens,

    /// <summary>In link targets, <c>http</c> equals <c>https</c> and a trailing slash is ignored.</summary>
    UrlVariants,

    /// <summary>Absolute dates in any common format become one canonical token per calendar day (or month).</summary>
    DateFormats,

    /// <summary>'N days ago' and 'Updated yesterday' become one token.</summary>
    RelativeDates,

    /// <summary>The date after 'Last updated' / 'Updated' / 'Last modified' / 'Last revised' / 'Last reviewed' becomes one token.</summary>
    UpdatedStamps,

    /// <summary>Page chrome (navigation lines, link lists, suggestion-chip runs, lone control labels) is dropped, decided by the lines' shape.</summary>
    PageChrome,

    /// <summary>Bold/italic markers, heading markers, setext underlines and line-break markup are dropped; every word stays.</summary>
    Formatting,

    /// <summary>Zero-width characters, whitespace runs, blank lines and spaces before punctuation are neutralised.</summary>
    Whitespace,
}
