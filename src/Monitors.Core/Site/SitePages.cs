using System.Globalization;
using System.Text.Json;
using Monitors.Core.Api;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Changes.Topics;
using Monitors.Core.Email;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Site;

/// <summary>There is no such platform, document, version, clause or topic.</summary>
public sealed class SiteNotFoundException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>The URLs of the site's pages and feeds (relative; feeds make them absolute).</summary>
public static class SiteUrls
{
    public static string Platform(string p) => $"/platforms/{E(p)}";
    public static string Document(string p, string d) => $"/platforms/{E(p)}/documents/{E(d)}";
    public static string Version(string p, string d, string v) => $"{Document(p, d)}/versions/{E(v)}";
    public static string Diff(string p, string d, string from, string to, string mode = "inline") => $"{Document(p, d)}/diff?from={E(from)}&to={E(to)}&view={mode}";
    public static string Clause(string p, string d, string key) => $"{Document(p, d)}/clauses/{E(key)}";
    public static string Topic(string t) => $"/topics/{E(t)}";
    public static string Change(string id) => $"/changes/{E(id)}";
    public static string Subscribe(string? platform = null) => platform is null ? "/subscribe" : $"/subscribe?platform={E(platform)}";
    public const string SiteFeed = "/feeds/changes.atom";
    public static string PlatformFeed(string p) => $"{Platform(p)}/feed.atom";
    public static string DocumentFeed(string p, string d) => $"{Document(p, d)}/feed.atom";
    public static string TopicFeed(string t) => $"{Topic(t)}/feed.atom";

    private static string E(string value) => Uri.EscapeDataString(value);
}

/// <summary>
/// The read side of the site: each page is built from the read models (a few point or partition reads) and rendered
/// with the same Fluid templates as the emails. Pages people share are cacheable (<c>public</c>, short max-age; the
/// HTTP layer adds an ETag); archived versions and diffs never change, so they are cacheable for a day. Every page is
/// also JSON: ask with <c>Accept: application/json</c> or use the <c>/api/…</c> twin of its route.
/// </summary>
public sealed class SitePages(
    PlatformCatalog catalog,
    IDocumentStateStore states,
    IVersionHistory history,
    IChangeStore changes,
    IArchive archive,
    ISiteIndex index,
    SiteSearch search,
    TopicTaxonomy taxonomy,
    DueDiligence diligence,
    IChangeRecordBuilder differ,
    ChangeRecordRenderer renderer,
    EmailTemplates templates)
{
    public const string ShortCache = "public, max-age=60, stale-while-revalidate=300";
    public const string LongCache = "public, max-age=86400, immutable";
    private const int TimelineLength = 50;
    private const int PageSize = 50;
    private const int MaxHunks = 400;

    /// <summary>Platforms per page of a topic comparison (each with up to five clauses).</summary>
    public const int TopicPlatformsPerPage = 25;

    private static readonly JsonSerializerOptions Json = ApiResponse.JsonOptions;

    public async Task<ApiResponse> HomeAsync(ApiRequest request, HiddenView? antiforgery, CancellationToken cancellationToken = default)
    {
        var latest = new List<ChangeItemView>();
        await foreach (var entry in index.LatestChangesAsync(cancellationToken: cancellationToken))
        {
            if (entry.IsSubstantive)
            {
                latest.Add(Item(entry));
            }

            if (latest.Count == 10)
            {
                break;
            }
        }

        var platforms = catalog.Platforms.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        var view = new HomeView(
            "Monitors: changes to platform terms, explained",
            [new LinkView("All changes", SiteUrls.SiteFeed)],
            platforms.Length,
            platforms.Sum(p => p.Documents.Count),
            platforms.Take(24).Select(PlatformItem).ToArray(),
            latest,
            platforms.Select(p => new OptionView(p.Id, p.Name, false)).ToArray(),
            antiforgery,
            TierRules.MaxPlatforms(Tier.Monitor));
        // The page carries a per-visitor antiforgery token, so it is not shared through a cache.
        return Render(request, "site-home", view, cache: antiforgery is null ? ShortCache : null);
    }

    public Task<ApiResponse> PlatformsAsync(ApiRequest request)
    {
        var view = new PlatformsView(
            "Platforms",
            [new LinkView("All changes", SiteUrls.SiteFeed)],
            catalog.Platforms.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(PlatformItem).ToArray());
        return Task.FromResult(Render(request, "site-platforms", view));
    }

    public async Task<ApiResponse> PlatformAsync(ApiRequest request, string platformId, CancellationToken cancellationToken = default)
    {
        var platform = FindPlatform(platformId);
        // Independent point reads: in flight together while the timeline is read.
        var stateReads = platform.Documents.Select(d => states.GetAsync(new DocumentKey(platform.Id, d.Id), cancellationToken)).ToArray();

        var timeline = new List<ChangeIndexEntry>();
        await foreach (var entry in index.LatestChangesAsync(platform.Id, cancellationToken: cancellationToken))
        {
            timeline.Add(entry);
            if (timeline.Count == TimelineLength)
            {
                break;
            }
        }

        var documents = new List<DocumentItemView>();
        foreach (var (d, read) in platform.Documents.Zip(stateReads))
        {
            var state = await read;
            documents.Add(new DocumentItemView(d.Id, d.Title, SiteUrls.Document(platform.Id, d.Id), d.Fetch.ToString(), d.TermsType, Coverage(state), Status(state), state?.VersionCount ?? 0));
        }

        var view = new PlatformView(
            platform.Name,
            [new LinkView($"Changes to {platform.Name}", SiteUrls.PlatformFeed(platform.Id))],
            platform.Id,
            platform.Name,
            platform.Url,
            documents,
            timeline.Select(e => Item(e) with { PlatformName = platform.Name, Summary = string.Empty }).ToArray(),
            Enum.GetValues<Severity>().Reverse().Select(s => new CountView(s.ToString(), timeline.Count(t => t.Severity == s), null)).ToArray(),
            timeline.SelectMany(t => t.TopicIds).GroupBy(t => t, StringComparer.Ordinal).OrderByDescending(g => g.Count())
                .Select(g => new CountView(TopicName(g.Key), g.Count(), SiteUrls.Topic(g.Key))).ToArray(),
            SiteUrls.Subscribe(platform.Id),
            "/api" + SiteUrls.Platform(platform.Id));
        return Render(request, "site-platform", view);
    }

    public async Task<ApiResponse> DocumentAsync(ApiRequest request, string platformId, string documentId, CancellationToken cancellationToken = default)
    {
        var (platform, declaration, key) = FindDocument(platformId, documentId);
        var stateRead = states.GetAsync(key, cancellationToken);
        var clausesRead = index.ListClausesAsync(key, cancellationToken);
        var versions = await VersionsAsync(key, stateRead, cancellationToken);
        var state = await stateRead;
        var clauses = await clausesRead;
        var outline = clauses.Select(c => new OutlineItemView(
            c.Key,
            SiteUrls.Clause(platform.Id, declaration.Id, c.Key),
            Label(c),
            c.Kind == "Heading" ? string.Empty : Excerpt(c.Text, 240),
            Math.Min(c.Depth, 6),
            c.Kind == "Heading",
            Topics(c.TopicIds))).ToArray();
        var to = versions.Count > 0 ? versions[0].Id : null;
        var from = versions.Skip(1).FirstOrDefault()?.Id;
        var view = new DocumentView(
            $"{declaration.Title} · {platform.Name}",
            [new LinkView($"Changes to {declaration.Title} ({platform.Name})", SiteUrls.DocumentFeed(platform.Id, declaration.Id))],
            platform.Name,
            SiteUrls.Platform(platform.Id),
            declaration.Title,
            SiteUrls.Document(platform.Id, declaration.Id),
            declaration.Fetch.ToString(),
            Coverage(state),
            outline,
            versions,
            versions.Select(v => new OptionView(v.Id, $"{v.Date} ({v.ShortId})", v.Id == from)).ToArray(),
            versions.Select(v => new OptionView(v.Id, $"{v.Date} ({v.ShortId})", v.Id == to)).ToArray(),
            SiteUrls.Document(platform.Id, declaration.Id) + "/diff",
            "/api" + SiteUrls.Document(platform.Id, declaration.Id));
        return Render(request, "site-document", view);
    }

    public async Task<ApiResponse> VersionAsync(ApiRequest request, string platformId, string documentId, string versionId, CancellationToken cancellationToken = default)
    {
        var (platform, declaration, key) = FindDocument(platformId, documentId);
        var versions = await VersionsAsync(key, states.GetAsync(key, cancellationToken), cancellationToken);
        var version = versions.FirstOrDefault(v => v.Id == versionId)
            ?? throw new SiteNotFoundException("No such version", $"{declaration.Title} of {platform.Name} has no version '{versionId}'. The document page lists every version.");
        var text = await archive.GetVersionAsync(key, version.Id, cancellationToken)
            ?? throw new SiteNotFoundException("Version not archived", $"Version {version.ShortId} is listed but its text is not in the archive.");
        var current = versions[0];
        var view = new VersionPageView(
            $"{declaration.Title} as of {version.Date}",
            [new LinkView($"Changes to {declaration.Title} ({platform.Name})", SiteUrls.DocumentFeed(platform.Id, declaration.Id))],
            platform.Name,
            SiteUrls.Platform(platform.Id),
            declaration.Title,
            SiteUrls.Document(platform.Id, declaration.Id),
            version,
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            version.IsCurrent ? null : SiteUrls.Diff(platform.Id, declaration.Id, version.Id, current.Id));
        return Render(request, "site-version", view, cache: LongCache);
    }

    public async Task<ApiResponse> DiffAsync(ApiRequest request, string platformId, string documentId, CancellationToken cancellationToken = default)
    {
        var (platform, declaration, key) = FindDocument(platformId, documentId);
        var versions = await VersionsAsync(key, states.GetAsync(key, cancellationToken), cancellationToken);
        if (versions.Count == 0)
        {
            throw new SiteNotFoundException("No versions yet", $"{declaration.Title} of {platform.Name} has not been recorded yet.");
        }

        var fromId = request.QueryValue("from") ?? versions.Skip(1).FirstOrDefault()?.Id ?? versions[0].Id;
        var toId = request.QueryValue("to") ?? versions[0].Id;
        var from = versions.FirstOrDefault(v => v.Id == fromId)
            ?? throw new InvalidSiteRequestException("from", $"'{fromId}' is not a version of {declaration.Title}; pick one from the document page.");
        var to = versions.FirstOrDefault(v => v.Id == toId)
            ?? throw new InvalidSiteRequestException("to", $"'{toId}' is not a version of {declaration.Title}; pick one from the document page.");
        var mode = request.QueryValue("view") == "side" ? "side" : "inline";
        // Two consecutive versions have a change record, built by the same differ when the later one was published: its
        // passages are the diff. Any other two are diffed on request. Versions never change, so a diff is cached for a day.
        var currentRead = index.ListClausesAsync(key, cancellationToken);
        var published = to.ChangeUrl is null ? null : await changes.GetAsync(Uri.UnescapeDataString(to.ChangeUrl[(to.ChangeUrl.LastIndexOf('/') + 1)..]), cancellationToken);
        var record = published is not null && published.PreviousVersionId == from.Id && published.NewVersionId == to.Id
            ? published
            : differ.Build(
                new ChangeContext(platform.Id, platform.Name, declaration.Id, declaration.Title, declaration.TermsType, declaration.Fetch, DateTimeOffset.UnixEpoch, from.Id, to.Id),
                await archive.GetVersionAsync(key, from.Id, cancellationToken) ?? string.Empty,
                await archive.GetVersionAsync(key, to.Id, cancellationToken) ?? string.Empty);
        var current = (await currentRead).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var hunks = record.Changes.Take(MaxHunks).Select(c => Hunk(platform.Id, declaration.Id, c, current)).ToArray();
        var s = record.Stats;
        var view = new DiffView(
            $"{declaration.Title}: {from.Date} → {to.Date}",
            [],
            platform.Name,
            SiteUrls.Platform(platform.Id),
            declaration.Title,
            SiteUrls.Document(platform.Id, declaration.Id),
            from,
            to,
            mode,
            SiteUrls.Diff(platform.Id, declaration.Id, from.Id, to.Id, "inline"),
            SiteUrls.Diff(platform.Id, declaration.Id, from.Id, to.Id, "side"),
            record.Changes.Count == 0
                ? "The two versions read the same."
                : $"{s.Added} added, {s.Removed} removed, {s.Modified} modified, {s.Moved} moved, {s.Renumbered} renumbered; {s.WordsInserted} words inserted, {s.WordsDeleted} deleted."
                  + (record.Changes.Count > MaxHunks ? $" The first {MaxHunks} of {record.Changes.Count} passages are shown." : string.Empty),
            hunks);
        return Render(request, "site-diff", view, cache: LongCache);
    }

    public async Task<ApiResponse> ChangeAsync(ApiRequest request, string changeId, CancellationToken cancellationToken = default)
    {
        var record = IsPlausibleId(changeId) ? await changes.GetAsync(changeId, cancellationToken) : null;
        if (record is null)
        {
            throw new SiteNotFoundException("No such change record", $"There is no change record '{changeId}'.");
        }

        if (SubscriberApi.WantsJson(request) || request.Path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return Cacheable(ApiResponse.Content(200, ApiResponse.Json, renderer.RenderJson(record)), ShortCache);
        }

        var key = new DocumentKey(record.PlatformId, record.DocumentId);
        var clausesRead = index.ListClausesAsync(key, cancellationToken);
        var siblings = new List<ChangeIndexEntry>();
        await foreach (var entry in index.LatestChangesAsync(record.PlatformId, record.DocumentId, cancellationToken))
        {
            siblings.Add(entry);
        }

        var clauses = (await clausesRead).ToDictionary(c => c.Path, StringComparer.Ordinal);

        var at = siblings.FindIndex(s => s.ChangeId == record.Id);
        var newer = at > 0 ? siblings[at - 1] : null;
        var older = at >= 0 && at + 1 < siblings.Count ? siblings[at + 1] : null;
        var view = new ChangeDetailView(
            record.Headline,
            [new LinkView($"Changes to {record.DocumentTitle} ({record.PlatformName})", SiteUrls.DocumentFeed(record.PlatformId, record.DocumentId))],
            ChangeRecordView.From(record),
            record.PlatformName,
            SiteUrls.Platform(record.PlatformId),
            record.DocumentTitle,
            SiteUrls.Document(record.PlatformId, record.DocumentId),
            SiteUrls.Version(record.PlatformId, record.DocumentId, record.PreviousVersionId),
            SiteUrls.Version(record.PlatformId, record.DocumentId, record.NewVersionId),
            SiteUrls.Diff(record.PlatformId, record.DocumentId, record.PreviousVersionId, record.NewVersionId),
            record.Changes.Select(c => c.Breadcrumb is { Length: > 0 } b ? (Text: b, c.Path) : (Text: c.Path, c.Path)).DistinctBy(x => x.Path)
                .Select(x => new LinkView(x.Text, clauses.TryGetValue(x.Path, out var clause) ? SiteUrls.Clause(record.PlatformId, record.DocumentId, clause.Key) : string.Empty)).ToArray(),
            record.Topics.Select(t => Checks(t.Id)).ToArray(),
            older is null ? null : new LinkView(older.Headline, SiteUrls.Change(older.ChangeId)),
            newer is null ? null : new LinkView(newer.Headline, SiteUrls.Change(newer.ChangeId)),
            $"Change record {record.Id}, detected {TemplateViews.Date(record.DetectedAt)}.");
        return Render(request, "site-change", view);
    }

    public Task<ApiResponse> TopicsAsync(ApiRequest request)
    {
        var view = new TopicsView("Topics", [], taxonomy.Topics.Select(t => new TopicLinkView(t.Id, t.Name, SiteUrls.Topic(t.Id))).ToArray());
        return Task.FromResult(Render(request, "site-topics", view));
    }

    public async Task<ApiResponse> TopicAsync(ApiRequest request, string topicId, CancellationToken cancellationToken = default)
    {
        var topic = taxonomy.Find(topicId) ?? throw new SiteNotFoundException("No such topic", $"There is no topic '{topicId}'. The topics page lists them all.");
        var pageText = request.QueryValue("page");
        var page = 1;
        if (pageText is not null && !(int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page > 0))
        {
            throw new InvalidSiteRequestException("page", $"'{pageText}' is not a page number; pages are numbered from 1.");
        }

        var rows = await index.ListTopicAsync(topic.Id, cancellationToken);
        // Platforms in name order, a page of them at a time: a topic most platforms address would otherwise put every
        // platform's clauses on one page (350 platforms: 1,750 excerpts, most of a megabyte to render and download).
        var groups = rows.GroupBy(r => r.Document.PlatformId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Name: g.First().PlatformName, Clauses: g))
            .OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToArray();
        var pages = Math.Max(1, (groups.Length + TopicPlatformsPerPage - 1) / TopicPlatformsPerPage);
        if (page > pages)
        {
            throw new SiteNotFoundException("No such page", $"{topic.Name} has {pages} page{(pages == 1 ? "" : "s")} of platforms; page {page} is past the end.");
        }

        var platforms = groups.Skip((page - 1) * TopicPlatformsPerPage).Take(TopicPlatformsPerPage)
            .Select(g => new TopicPlatformView(
                g.Name,
                SiteUrls.Platform(g.Id),
                g.Clauses.OrderBy(c => c.Document.DocumentId, StringComparer.Ordinal).ThenBy(c => c.Order).Take(5).Select(ClauseItem).ToArray()))
            .ToArray();
        string? PageUrl(int n) => n < 1 || n > pages ? null : n == 1 ? SiteUrls.Topic(topic.Id) : $"{SiteUrls.Topic(topic.Id)}?page={n}";
        var first = ((page - 1) * TopicPlatformsPerPage) + 1;
        var view = new TopicView(
            $"How {groups.Length} platform{(groups.Length == 1 ? "" : "s")} handle{(groups.Length == 1 ? "s" : "")} {InSentence(topic.Name)}",
            [new LinkView($"Changes about {topic.Name}", SiteUrls.TopicFeed(topic.Id))],
            topic.Id,
            topic.Name,
            groups.Length,
            platforms,
            Regulations(topic.Id),
            diligence.For(topic.Id),
            "/api" + SiteUrls.Topic(topic.Id) + (page == 1 ? string.Empty : $"?page={page}"))
        {
            Page = page,
            Pages = pages,
            Range = pages == 1 ? string.Empty : $"Platforms {first}–{first + platforms.Length - 1} of {groups.Length}, page {page} of {pages}",
            PreviousUrl = PageUrl(page - 1),
            NextUrl = PageUrl(page + 1),
        };
        return Render(request, "site-topic", view);
    }

    public async Task<ApiResponse> ProvisionAsync(ApiRequest request, string platformId, string documentId, string clauseKey, CancellationToken cancellationToken = default)
    {
        var (platform, declaration, key) = FindDocument(platformId, documentId);
        var clause = await index.GetClauseAsync(key, clauseKey, cancellationToken)
            ?? throw new SiteNotFoundException("No such clause", $"The current version of {declaration.Title} has no clause '{clauseKey}'; clauses that were removed keep their history on the change pages.");
        var history = new List<ChangeItemView>();
        await foreach (var entry in index.LatestChangesAsync(platform.Id, declaration.Id, cancellationToken))
        {
            if (entry.Paths.Any(path => SiteReadModels.Covers(path, clause.Path)))
            {
                history.Add(Item(entry));
            }
        }

        var elsewhere = new List<TopicPlatformView>();
        foreach (var topicId in clause.TopicIds.Take(3))
        {
            var others = (await index.ListTopicAsync(topicId, cancellationToken))
                .Where(c => c.Document.PlatformId != platform.Id)
                .GroupBy(c => c.Document.PlatformId, StringComparer.Ordinal)
                .Take(8)
                .Select(g => new TopicPlatformView(g.First().PlatformName, SiteUrls.Platform(g.Key), [ClauseItem(g.OrderBy(c => c.Order).First())]));
            elsewhere.AddRange(others.Where(o => elsewhere.All(e => e.Url != o.Url)));
        }

        var view = new ProvisionView(
            $"{Label(clause)} · {declaration.Title} · {platform.Name}",
            [new LinkView($"Changes to {declaration.Title} ({platform.Name})", SiteUrls.DocumentFeed(platform.Id, declaration.Id))],
            platform.Name,
            SiteUrls.Platform(platform.Id),
            declaration.Title,
            SiteUrls.Document(platform.Id, declaration.Id),
            clause.Path,
            clause.Breadcrumb,
            clause.Text,
            TemplateViews.Day(clause.LastChanged),
            clause.TopicIds.Select(Checks).ToArray(),
            history,
            elsewhere,
            SiteUrls.Subscribe(platform.Id));
        return Render(request, "site-provision", view);
    }

    public async Task<ApiResponse> SearchAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var q = (request.QueryValue("q") ?? string.Empty).Trim();
        var platform = Blank(request.QueryValue("platform"));
        var topic = Blank(request.QueryValue("topic"));
        var regulation = Blank(request.QueryValue("regulation"));
        var severityText = Blank(request.QueryValue("severity"));
        var fromText = Blank(request.QueryValue("from"));
        var toText = Blank(request.QueryValue("to"));
        var page = int.TryParse(request.QueryValue("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 1000 ? p : 1;
        var searched = q.Length > 0 || platform is not null || topic is not null || regulation is not null || severityText is not null || fromText is not null || toText is not null;

        string? error = null;
        Severity? severity = null;
        DateTimeOffset? from = null, to = null;
        if (platform is not null && catalog.Find(platform) is null)
        {
            error = $"There is no platform '{platform}'; pick one from the list.";
        }
        else if (topic is not null && taxonomy.Find(topic) is null)
        {
            error = $"There is no topic '{topic}'; pick one from the list.";
        }
        else if (regulation is not null && !AllRegulations().Contains(regulation, StringComparer.Ordinal))
        {
            error = $"There is no regulation '{regulation}' in our mapping; pick one from the list.";
        }
        else if (severityText is not null && !(Enum.TryParse<Severity>(severityText, ignoreCase: true, out var sv) && Enum.IsDefined(sv) && !int.TryParse(severityText, out _)))
        {
            error = $"'{severityText}' is not a severity; use low, medium or high.";
        }
        else if (fromText is not null && !TryDate(fromText, out from))
        {
            error = $"'{fromText}' is not a date; use YYYY-MM-DD.";
        }
        else if (toText is not null && !TryDate(toText, out to))
        {
            error = $"'{toText}' is not a date; use YYYY-MM-DD.";
        }
        else
        {
            severity = severityText is null ? null : Enum.Parse<Severity>(severityText, ignoreCase: true);
            to = to?.AddDays(1).AddTicks(-1); // the whole day
            if (from > to)
            {
                error = "The start date is after the end date.";
            }
        }

        var results = new List<ChangeItemView>();
        var more = false;
        if (searched && error is null)
        {
            // The search index (words → records) gives the candidates; the filters apply to them.
            var found = await search.FindAsync(new SiteQuery(q, from, to, platform, severity, topic, regulation), (page - 1) * PageSize, PageSize, cancellationToken);
            results.AddRange(found.Entries.Select(Item));
            more = found.More;
        }

        var view = new SearchView(
            "Search changes",
            [new LinkView("All changes", SiteUrls.SiteFeed)],
            q,
            fromText ?? string.Empty,
            toText ?? string.Empty,
            [new OptionView(string.Empty, "Any platform", platform is null), .. catalog.Platforms.OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Select(x => new OptionView(x.Id, x.Name, x.Id == platform))],
            [new OptionView(string.Empty, "Any topic", topic is null), .. taxonomy.Topics.Select(t => new OptionView(t.Id, t.Name, t.Id == topic))],
            [new OptionView(string.Empty, "Any regulation", regulation is null), .. AllRegulations().Select(r => new OptionView(r, r, r == regulation))],
            [new OptionView(string.Empty, "Any severity", severityText is null), .. Enum.GetValues<Severity>().Reverse().Select(s => new OptionView(s.ToString().ToLowerInvariant(), s.ToString(), s == severity))],
            searched,
            error,
            results,
            !searched || error is not null ? string.Empty : results.Count == 0 ? "No change record matches." : $"Results {((page - 1) * PageSize) + 1}–{((page - 1) * PageSize) + results.Count}{(more ? ", more on the next page" : string.Empty)}.",
            more ? NextPage(request, page + 1) : null);
        var response = Render(request, "site-search", view, status: error is null ? 200 : 400);
        return response;
    }

    /// <summary>The current clauses of a document's sections (headings and numbered clauses), for narrowing a follow.</summary>
    public async Task<IReadOnlyList<ClauseEntry>> SectionsAsync(Platform platform, CancellationToken cancellationToken = default)
    {
        var result = new List<ClauseEntry>();
        foreach (var d in platform.Documents)
        {
            result.AddRange((await index.ListClausesAsync(new DocumentKey(platform.Id, d.Id), cancellationToken)).Where(c => c.Kind is "Heading" or "Clause"));
        }

        return result;
    }

    internal ApiResponse Render(ApiRequest request, string template, object view, int status = 200, string? cache = ShortCache)
    {
        var response = SubscriberApi.WantsJson(request) || request.Path.StartsWith("/api/", StringComparison.Ordinal)
            ? ApiResponse.Content(status, ApiResponse.Json, JsonSerializer.Serialize(view, view.GetType(), Json))
            : ApiResponse.Page(status, templates.RenderHtml(template, view));
        return status == 200 && cache is not null ? Cacheable(response, cache) : response;
    }

    internal static ApiResponse Cacheable(ApiResponse response, string cacheControl)
    {
        var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = cacheControl };
        return response with { Headers = headers };
    }

    internal Platform FindPlatform(string platformId) =>
        catalog.Find(platformId) ?? throw new SiteNotFoundException("No such platform", $"Monitors does not track a platform '{platformId}'. The platforms page lists those it does.");

    private (Platform Platform, DocumentDeclaration Declaration, DocumentKey Key) FindDocument(string platformId, string documentId)
    {
        var platform = FindPlatform(platformId);
        var declaration = platform.FindDocument(documentId)
            ?? throw new SiteNotFoundException("No such document", $"{platform.Name} has no document '{documentId}' here. Its page lists the documents tracked.");
        return (platform, declaration, new DocumentKey(platform.Id, declaration.Id));
    }

    /// <summary>The document's versions, newest first; <paramref name="stateRead"/> (in flight meanwhile) says which is current.</summary>
    private async Task<IReadOnlyList<VersionItemView>> VersionsAsync(DocumentKey key, Task<DocumentState?> stateRead, CancellationToken cancellationToken)
    {
        var entries = new List<VersionEntry>();
        await foreach (var v in history.ListAsync(key, cancellationToken))
        {
            entries.Add(v);
        }

        var state = await stateRead;
        var list = new List<VersionItemView>();
        foreach (var v in entries)
        {
            if (list.Any(x => x.Id == v.VersionId))
            {
                continue; // a return to an earlier text: listed once, at its latest date
            }

            list.Add(new VersionItemView(
                v.VersionId,
                v.VersionId[..Math.Min(8, v.VersionId.Length)],
                SiteUrls.Version(key.PlatformId, key.DocumentId, v.VersionId),
                TemplateViews.Date(v.RecordedAt),
                v.Kind switch
                {
                    VersionKind.First => "first recorded",
                    VersionKind.Substantive => "changed",
                    _ => "technical change only",
                },
                v.ChangeId is null ? null : SiteUrls.Change(v.ChangeId),
                v.VersionId == state?.CurrentVersionId));
        }

        return list;
    }

    private HunkView Hunk(string platformId, string documentId, ClauseChange change, IReadOnlySet<string> currentPaths)
    {
        var passage = TemplateViews.Passage(change);
        var inline = passage.Segments.Select(s => new SegmentRunView(s.Kind, s.Text)).ToArray();
        var before = change.Kind == ClauseChangeKind.Added ? [] : inline.Where(s => s.Kind != "ins").ToArray();
        var after = change.Kind == ClauseChangeKind.Removed ? [] : inline.Where(s => s.Kind != "del").ToArray();
        if (change.Kind is ClauseChangeKind.Moved or ClauseChangeKind.Renumbered && change.Segments.Count == 0)
        {
            before = [new SegmentRunView("same", change.Before ?? string.Empty)];
            after = [new SegmentRunView("same", change.After ?? string.Empty)];
        }

        return new HunkView(
            change.Path + (string.IsNullOrWhiteSpace(change.Breadcrumb) ? string.Empty : $" · {change.Breadcrumb}")
                + (change.PreviousPath is { } was && was != change.Path ? $" (was {was})" : string.Empty),
            currentPaths.Contains(change.Path) ? SiteUrls.Clause(platformId, documentId, SiteReadModels.ClauseKey(change.Path)) : null,
            change.Kind.ToString().ToLowerInvariant(),
            Topics(change.TopicIds),
            inline,
            before,
            after);
    }

    private TopicChecksView Checks(string topicId) =>
        new(TopicName(topicId), SiteUrls.Topic(topicId), diligence.For(topicId), Regulations(topicId));

    private RegulationView[] Regulations(string topicId) =>
        taxonomy.RegulationsFor(topicId).Select(r => new RegulationView(r.Regulation, r.Citation, r.Note)).ToArray();

    private string[] AllRegulations() =>
        taxonomy.Topics.SelectMany(t => taxonomy.RegulationsFor(t.Id)).Select(r => r.Regulation).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private string TopicName(string topicId) => taxonomy.Find(topicId)?.Name ?? topicId;

    private TopicLinkView[] Topics(IEnumerable<string> topicIds) =>
        topicIds.Select(t => new TopicLinkView(t, TopicName(t), SiteUrls.Topic(t))).ToArray();

    private ChangeItemView Item(ChangeIndexEntry e) => new(
        e.ChangeId, SiteUrls.Change(e.ChangeId), e.Headline, e.PlatformName, SiteUrls.Platform(e.PlatformId), e.DocumentTitle,
        SiteUrls.Document(e.PlatformId, e.DocumentId), TemplateViews.Day(e.DetectedAt), e.DetectedAt.ToString("O", CultureInfo.InvariantCulture),
        e.Severity.ToString().ToLowerInvariant(), Topics(e.TopicIds), e.Summary);

    private static ClauseItemView ClauseItem(ClauseEntry c) => new(
        SiteUrls.Clause(c.Document.PlatformId, c.Document.DocumentId, c.Key), c.Breadcrumb is { Length: > 0 } b ? $"{b} › {Label(c)}" : Label(c),
        Excerpt(c.Text, 320), TemplateViews.Day(c.LastChanged), c.DocumentTitle, SiteUrls.Document(c.Document.PlatformId, c.Document.DocumentId));

    private static PlatformItemView PlatformItem(Platform p) =>
        new(p.Id, p.Name, SiteUrls.Platform(p.Id), p.Documents.Count, string.Join(", ", p.Documents.Select(d => d.Title)));

    internal static string Label(ClauseEntry c)
    {
        if (c.Kind == "Heading")
        {
            return Excerpt(c.Text, 120);
        }

        var at = c.Path.LastIndexOf(" › ", StringComparison.Ordinal);
        var segment = at < 0 ? c.Path : c.Path[(at + 3)..];
        return c.Title is { Length: > 0 } title && !segment.Contains(title, StringComparison.Ordinal) ? $"{segment} {Excerpt(title, 80)}" : Excerpt(segment, 120);
    }

    /// <summary>A topic's name inside a sentence: its first letter lowercased, unless the first word is an acronym ("AI training").</summary>
    internal static string InSentence(string name) =>
        name.Length > 1 && char.IsUpper(name[0]) && !char.IsUpper(name[1]) ? char.ToLowerInvariant(name[0]) + name[1..] : name;

    internal static string Excerpt(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', length - 1);
        return text[..(cut > 40 ? cut : length)].TrimEnd(',', ';', ':') + " …";
    }

    private static string Coverage(DocumentState? state) => state?.LastSuccessAt is { } at
        ? $"Last checked successfully {TemplateViews.Date(at)}"
        : "Not checked yet";

    private static string Status(DocumentState? state) => state switch
    {
        null => "waiting for its first check",
        { NeedsAttention: true } => "needs attention: " + (state.AttentionReason ?? "recent checks failed"),
        { FailureStreak: > 0 } => $"the last {state.FailureStreak} check(s) failed; showing the last good version",
        _ => "up to date",
    };

    private static bool IsPlausibleId(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryDate(string text, out DateTimeOffset? date)
    {
        var ok = DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d);
        date = ok ? new DateTimeOffset(d, TimeSpan.Zero) : null;
        return ok;
    }

    private static string NextPage(ApiRequest request, int page) =>
        "/search?" + string.Join('&', request.Query.Where(kv => kv.Key != "page").Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}").Append($"page={page}"));
}

/// <summary>A query parameter or form field the site cannot use; the message names it and the fix.</summary>
public sealed class InvalidSiteRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
