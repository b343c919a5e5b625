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
}

/// <summary>Per-document knobs for change detection. Extended by the noise-detection work.</summary>
public sealed record DetectionSettings
{
    public static DetectionSettings Default { get; } = new();
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

    public PlatformCatalog(IEnumerable<Platform> platforms)
    {
        Platforms = platforms.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        _byId = Platforms.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Platform> Platforms { get; }

    public Platform? Find(string platformId) => _byId.GetValueOrDefault(platformId);

    public IEnumerable<(Platform Platform, DocumentDeclaration Document)> AllDocuments() =>
        Platforms.SelectMany(p => p.Documents.Select(d => (p, d)));
}
