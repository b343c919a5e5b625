using Monitors.Core.Email;

namespace Monitors.Core.Site;

// What the site's templates see: plain strings and lists built by SitePages; the templates (Email/Templates/site-*.liquid)
// do the markup and HTML-encode every value.

public sealed record TopicLinkView(string Id, string Name, string Url);

public sealed record OptionView(string Value, string Text, bool Selected);

public sealed record HiddenView(string Name, string Value);

public sealed record RegulationView(string Regulation, string Citation, string? Note);

public sealed record ChangeItemView(
    string Id,
    string Url,
    string Headline,
    string PlatformName,
    string PlatformUrl,
    string DocumentTitle,
    string DocumentUrl,
    string Date,
    string DateIso,
    string Severity,
    IReadOnlyList<TopicLinkView> Topics,
    string Summary);

public sealed record PlatformItemView(string Id, string Name, string Url, int DocumentCount, string Documents);

public sealed record CountView(string Name, int Count, string? Url);

public sealed record DocumentItemView(string Id, string Title, string Url, string? SourceUrl, string TermsType, string Coverage, string Status, int VersionCount);

public sealed record OutlineItemView(string Key, string Url, string Label, string Excerpt, int Depth, bool IsHeading, IReadOnlyList<TopicLinkView> Topics);

public sealed record VersionItemView(string Id, string ShortId, string Url, string Date, string Kind, string? ChangeUrl, bool IsCurrent);

public sealed record SegmentRunView(string Kind, string Text);

public sealed record HunkView(string Path, string? ClauseUrl, string Kind, IReadOnlyList<TopicLinkView> Topics, IReadOnlyList<SegmentRunView> Inline, IReadOnlyList<SegmentRunView> Before, IReadOnlyList<SegmentRunView> After);

public sealed record ClauseItemView(string Url, string Path, string Excerpt, string LastChanged, string DocumentTitle, string DocumentUrl);

public sealed record TopicPlatformView(string Name, string Url, IReadOnlyList<ClauseItemView> Clauses);

public sealed record TopicChecksView(string Name, string Url, IReadOnlyList<string> Items, IReadOnlyList<RegulationView> Regulations);

public sealed record FollowView(string PlatformId, string Name, string Url, string Narrowing, IReadOnlyList<OptionView> Topics, IReadOnlyList<OptionView> Sections);

public sealed record HomeView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    int PlatformCount,
    int DocumentCount,
    IReadOnlyList<PlatformItemView> Platforms,
    IReadOnlyList<ChangeItemView> Latest,
    IReadOnlyList<OptionView> PlatformOptions,
    HiddenView? Antiforgery,
    int MonitorLimit);

public sealed record PlatformsView(string Title, IReadOnlyList<LinkView> Feeds, IReadOnlyList<PlatformItemView> Platforms);

public sealed record PlatformView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string Id,
    string Name,
    string? HomeUrl,
    IReadOnlyList<DocumentItemView> Documents,
    IReadOnlyList<ChangeItemView> Timeline,
    IReadOnlyList<CountView> Severities,
    IReadOnlyList<CountView> Topics,
    string FollowUrl,
    string JsonUrl);

public sealed record DocumentView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string PlatformName,
    string PlatformUrl,
    string DocumentTitle,
    string Url,
    string? SourceUrl,
    string Coverage,
    IReadOnlyList<OutlineItemView> Outline,
    IReadOnlyList<VersionItemView> Versions,
    IReadOnlyList<OptionView> FromOptions,
    IReadOnlyList<OptionView> ToOptions,
    string DiffAction,
    string JsonUrl);

public sealed record VersionPageView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string PlatformName,
    string PlatformUrl,
    string DocumentTitle,
    string DocumentUrl,
    VersionItemView Version,
    IReadOnlyList<string> Paragraphs,
    string? DiffToCurrentUrl);

public sealed record DiffView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string PlatformName,
    string PlatformUrl,
    string DocumentTitle,
    string DocumentUrl,
    VersionItemView From,
    VersionItemView To,
    string Mode,
    string InlineUrl,
    string SideUrl,
    string Stats,
    IReadOnlyList<HunkView> Hunks);

public sealed record ChangeDetailView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    ChangeRecordView Record,
    string PlatformName,
    string PlatformUrl,
    string DocumentTitle,
    string DocumentUrl,
    string PreviousVersionUrl,
    string NewVersionUrl,
    string DiffUrl,
    IReadOnlyList<LinkView> Clauses,
    IReadOnlyList<TopicChecksView> Checks,
    LinkView? Older,
    LinkView? Newer,
    string Footnote);

public sealed record TopicsView(string Title, IReadOnlyList<LinkView> Feeds, IReadOnlyList<TopicLinkView> Topics);

public sealed record TopicView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string Id,
    string Name,
    int PlatformCount,
    IReadOnlyList<TopicPlatformView> Platforms,
    IReadOnlyList<RegulationView> Regulations,
    IReadOnlyList<string> Checks,
    string JsonUrl)
{
    /// <summary>This page of the platforms (from 1) and how many there are; empty <see cref="Range"/> when one page holds them all.</summary>
    public int Page { get; init; } = 1;

    public int Pages { get; init; } = 1;

    public string Range { get; init; } = string.Empty;

    public string? PreviousUrl { get; init; }

    public string? NextUrl { get; init; }
}

public sealed record ProvisionView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string PlatformName,
    string PlatformUrl,
    string DocumentTitle,
    string DocumentUrl,
    string Path,
    string Breadcrumb,
    string Text,
    string LastChanged,
    IReadOnlyList<TopicChecksView> Topics,
    IReadOnlyList<ChangeItemView> History,
    IReadOnlyList<TopicPlatformView> Elsewhere,
    string FollowUrl);

public sealed record SearchView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string Query,
    string From,
    string To,
    IReadOnlyList<OptionView> Platforms,
    IReadOnlyList<OptionView> Topics,
    IReadOnlyList<OptionView> Regulations,
    IReadOnlyList<OptionView> Severities,
    bool Searched,
    string? Error,
    IReadOnlyList<ChangeItemView> Results,
    string Count,
    string? MoreUrl);

public sealed record SubscribeView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string Email,
    IReadOnlyList<OptionView> Platforms,
    IReadOnlyList<OptionView> Tiers,
    string? Error,
    HiddenView? Antiforgery,
    int MonitorLimit);

public sealed record ManageView(
    string Title,
    IReadOnlyList<LinkView> Feeds,
    string Email,
    string Tier,
    string Confirmed,
    int Limit,
    string Token,
    IReadOnlyList<FollowView> Follows,
    IReadOnlyList<OptionView> FollowOptions,
    bool SameDayAlerts,
    bool SameDayAvailable,
    bool WeeklyDigest,
    string? Error,
    string? Notice,
    HiddenView? Antiforgery,
    string UnsubscribeUrl);
