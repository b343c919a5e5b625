namespace Monitors.Core.Catalog;

/// <summary>A platform (AWS Bedrock, ChatGPT, …) and the governance documents it owns, as declared in <c>catalog/</c>.</summary>
public sealed record Platform(string Id, string Name, string? Url, IReadOnlyList<DocumentDeclaration> Documents)
{
    public DocumentDeclaration? FindDocument(string documentId) =>
        Documents.FirstOrDefault(d => string.Equals(d.Id, documentId, StringComparison.Ordinal));
}

/// <summary>
/// One tracked document: a whole page or one part of it. Follows Open Terms Archive's declaration
/// format where it fits (<c>fetch</c>, <c>select</c>, <c>remove</c>, range selectors).
/// </summary>
public sealed record DocumentDeclaration(
    string Id,
    string Title,
    string TermsType,
    Uri Fetch,
    IReadOnlyList<ContentSelector> Select,
    IReadOnlyList<ContentSelector> Remove)
{
    /// <summary>Per-document detection settings (noise rules, guard thresholds); defaults when absent.</summary>
    public DetectionSettings Detection { get; init; } = DetectionSettings.Default;

    /// <summary>
    /// The pages the document is read from, in order (Open Terms Archive's <c>combine</c>). A plain document has one page:
    /// <see cref="Fetch"/> with <see cref="Select"/> and <see cref="Remove"/>. A combined document's <see cref="Fetch"/> is
    /// its first page, and <see cref="Select"/>/<see cref="Remove"/> are the selectors its pages share unless they declare their own.
    /// </summary>
    public IReadOnlyList<DocumentPage> Pages { get; init; } = [new DocumentPage(Fetch, Select, Remove)];

    /// <summary>True when the declaration combines several pages into one document.</summary>
    public bool IsCombined => Pages.Count > 1;

    /// <summary>
    /// True when a page of the document is rendered by scripts in the browser (OTA's <c>executeClientScripts</c>): the
    /// served HTML is an empty shell, so the document needs a browser fetch, which this version does not have.
    /// </summary>
    public bool NeedsBrowser => Pages.Any(p => p.ExecuteClientScripts);
}

/// <summary>One page of a document: its URL and what to keep of it (the document's shared selectors unless it has its own).</summary>
/// <param name="ExecuteClientScripts">The page's text is rendered by scripts in the browser (OTA's <c>executeClientScripts</c>).</param>
public sealed record DocumentPage(
    Uri Fetch,
    IReadOnlyList<ContentSelector> Select,
    IReadOnlyList<ContentSelector> Remove,
    bool ExecuteClientScripts = false);

/// <summary>
/// Per-document knobs for change detection (see <c>docs/detection.md</c>): which normalisation rules apply before two
/// versions are compared, when a fetched version looks broken, and how the pipeline confirms a change. Read from the
/// catalog's <c>detection</c> block (camelCase); every member has a default, so an absent block means <see cref="Default"/>.
/// </summary>
public sealed record DetectionSettings
{
    public static DetectionSettings Default { get; } = new();

    /// <summary>Rule <c>LinkTargets</c>: compare link targets without their <c>?query</c> and <c>#fragment</c> (tracking ids, locale hints).</summary>
    public bool IgnoreLinkQueries { get; init; } = true;

    /// <summary>Rule <c>ImageTargets</c>: compare an image by its alt text only (CDN hosts and hashed file names churn).</summary>
    public bool IgnoreImageTargets { get; init; } = true;

    /// <summary>Rule <c>UuidTokens</c>: UUID-like tokens (8-4-4-4-12 or 32 hex digits) compare as one token.</summary>
    public bool IgnoreUuidTokens { get; init; } = true;

    /// <summary>Rule <c>UrlVariants</c>: in link targets, <c>http://</c> equals <c>https://</c> and a trailing slash is ignored.</summary>
    public bool IgnoreUrlVariants { get; init; } = true;

    /// <summary>Rule <c>Typography</c>: curly quotes, guillemets, dashes, non-breaking hyphens, ellipsis and ligatures compare as ASCII.</summary>
    public bool NormalizeTypography { get; init; } = true;

    /// <summary>Rule <c>DateFormats</c>: '8 July 2026', 'July 8, 2026', '2026-07-08', '08/07/2026' … compare as one date; a different date stays different.</summary>
    public bool NormalizeDateFormats { get; init; } = true;

    /// <summary>Rule <c>RelativeDates</c>: '18 days ago', 'about a month ago', 'Updated yesterday' compare as one token.</summary>
    public bool IgnoreRelativeDates { get; init; } = true;

    /// <summary>Rule <c>UpdatedStamps</c>: the date after 'Last updated' / 'Updated' / 'Last modified' / 'Last revised' is ignored. 'Effective' dates are kept.</summary>
    public bool IgnoreUpdatedStamps { get; init; } = true;

    /// <summary>
    /// Rule <c>PageChrome</c>: page chrome is ignored, recognised by its shape in any language: navigation lines (only
    /// links), link lists (menus, related articles), runs of short unpunctuated lines (suggestion chips), lone control labels.
    /// </summary>
    public bool IgnorePageChrome { get; init; } = true;

    /// <summary>Phrases that force a block the page-chrome rule would drop back into the comparison (matched case-insensitively in the block).</summary>
    public IReadOnlyList<string> ChromeKeep { get; init; } = [];

    /// <summary>Phrases that make the block holding them (lines between blank lines) page chrome, whatever its shape.</summary>
    public IReadOnlyList<string> ChromeDrop { get; init; } = [];

    /// <summary>Rule <c>Formatting</c>: bold/italic markers, heading markers, setext underlines and line-break markup are ignored; words are kept.</summary>
    public bool IgnoreFormatting { get; init; } = true;

    /// <summary>Rule <c>Whitespace</c>: zero-width characters, space runs, blank lines and spaces before punctuation are ignored.</summary>
    public bool NormalizeWhitespace { get; init; } = true;

    /// <summary>A new version shorter than this fraction of the previous good version is suspicious (0 switches the check off).</summary>
    public double CollapseThreshold { get; init; } = 0.2;

    /// <summary>With no previous good version to compare with, a version shorter than this many characters is suspicious (0 switches the check off).</summary>
    public int MinimumLength { get; init; } = 200;

    /// <summary>Error-page phrases for this document on top of the built-in ones, matched like them (case- and typography-insensitive, whole words).</summary>
    public IReadOnlyList<string> ExtraErrorPhrases { get; init; } = [];

    /// <summary>How long the pipeline waits before re-fetching to confirm a change it is about to record.</summary>
    public TimeSpan ConfirmDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Consecutive failed or suspicious checks after which the document is flagged for a person's attention.</summary>
    public int FailuresBeforeAttention { get; init; } = 3;

    /// <summary>Problems with these settings, each naming the field and the fix; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (double.IsNaN(CollapseThreshold) || CollapseThreshold is < 0 or >= 1)
            problems.Add($"detection.collapseThreshold is {CollapseThreshold}; use a fraction from 0 (off) to below 1, e.g. 0.2.");
        if (MinimumLength < 0)
            problems.Add($"detection.minimumLength is {MinimumLength}; use 0 (off) or a positive number of characters.");
        if (ExtraErrorPhrases is null || ExtraErrorPhrases.Any(string.IsNullOrWhiteSpace))
            problems.Add("detection.extraErrorPhrases holds an empty phrase; remove it or write the phrase.");
        if (ChromeKeep is null || ChromeKeep.Any(string.IsNullOrWhiteSpace))
            problems.Add("detection.chromeKeep holds an empty phrase; remove it or write a phrase of the block to keep.");
        if (ChromeDrop is null || ChromeDrop.Any(string.IsNullOrWhiteSpace))
            problems.Add("detection.chromeDrop holds an empty phrase; remove it or write a phrase of the block to drop.");
        if (ChromeKeep is not null && ChromeDrop is not null && ChromeKeep.Intersect(ChromeDrop, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
            problems.Add($"detection.chromeKeep and detection.chromeDrop both hold \"{both}\"; keep it in one of them.");
        if (ConfirmDelay < TimeSpan.Zero)
            problems.Add($"detection.confirmDelay is {ConfirmDelay}; use a non-negative duration such as \"00:10:00\".");
        if (FailuresBeforeAttention < 1)
            problems.Add($"detection.failuresBeforeAttention is {FailuresBeforeAttention}; use 1 or more.");
        return problems;
    }
}

/// <summary>A CSS selector, or a range between two CSS-selected boundaries (Open Terms Archive's range selector).</summary>
public abstract record ContentSelector;

public sealed record CssSelector(string Css) : ContentSelector
{
    public override string ToString() => Css;
}

/// <summary>
/// Content between a start and an end boundary. Exactly one of <see cref="StartBefore"/>/<see cref="StartAfter"/>
/// and at most one of <see cref="EndBefore"/>/<see cref="EndAfter"/> are set; with no end the range runs to the end of the page.
/// </summary>
public sealed record RangeSelector(string? StartBefore, string? StartAfter, string? EndBefore, string? EndAfter) : ContentSelector
{
    public override string ToString() =>
        $"{{{(StartBefore is not null ? $"startBefore: {StartBefore}" : $"startAfter: {StartAfter}")}" +
        $"{(EndBefore is not null ? $", endBefore: {EndBefore}" : EndAfter is not null ? $", endAfter: {EndAfter}" : string.Empty)}}}";
}

/// <summary>The loaded catalog: every platform, by id.</summary>
public sealed class PlatformCatalog
{
    private readonly Dictionary<string, Platform> _byId;
    private readonly HashSet<string> _local;

    /// <param name="platforms">The declared platforms.</param>
    /// <param name="local">
    /// Local platforms shown beside them (the demo's, served by a loopback site that is gone once the demo ends): readable
    /// like any other, but never part of a scheduled check of the whole catalog.
    /// </param>
    public PlatformCatalog(IEnumerable<Platform> platforms, IEnumerable<Platform>? local = null)
    {
        var localPlatforms = local?.ToArray() ?? [];
        Platforms = platforms.Concat(localPlatforms).OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        _byId = Platforms.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _local = localPlatforms.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True for a local platform (see the constructor): shown, not scheduled.</summary>
    public bool IsLocal(string platformId) => _local.Contains(platformId);

    /// <summary>The documents a scheduled check of the whole catalog covers: every document of every declared (not local) platform.</summary>
    public IEnumerable<(Platform Platform, DocumentDeclaration Document)> ScheduledDocuments() =>
        AllDocuments().Where(d => !_local.Contains(d.Platform.Id));

    public IReadOnlyList<Platform> Platforms { get; }

    public Platform? Find(string platformId) => _byId.GetValueOrDefault(platformId);

    public IEnumerable<(Platform Platform, DocumentDeclaration Document)> AllDocuments() =>
        Platforms.SelectMany(p => p.Documents.Select(d => (p, d)));
}
