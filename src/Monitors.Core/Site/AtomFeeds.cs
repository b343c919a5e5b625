using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Monitors.Core.Api;
using Monitors.Core.Catalog;
using Monitors.Core.Changes.Topics;
using Monitors.Core.Email;
using Monitors.Core.Storage;

namespace Monitors.Core.Site;

/// <summary>
/// Atom feeds (RFC 4287) of change records: the whole site, one platform, one document, one topic. Built from the same
/// read models as the pages (the site index, the platform timeline); every link is absolute (Monitors:PublicBaseUrl).
/// </summary>
public sealed class AtomFeeds(PlatformCatalog catalog, ISiteIndex index, TopicTaxonomy taxonomy, IOptions<PublicSiteOptions> site)
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    private const int Entries = 50;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public async Task<ApiResponse> SiteAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<FeedEntry>();
        await foreach (var e in index.LatestChangesAsync(cancellationToken: cancellationToken))
        {
            if (e.IsSubstantive)
            {
                entries.Add(Entry(e));
            }

            if (entries.Count == Entries)
            {
                break;
            }
        }

        return Feed("Monitors: all changes", SiteUrls.SiteFeed, "/", entries);
    }

    public async Task<ApiResponse> PlatformAsync(string platformId, string? documentId = null, CancellationToken cancellationToken = default)
    {
        var platform = catalog.Find(platformId) ?? throw new SiteNotFoundException("No such platform", $"Monitors does not track a platform '{platformId}'.");
        var document = documentId is null ? null : platform.FindDocument(documentId)
            ?? throw new SiteNotFoundException("No such document", $"{platform.Name} has no document '{documentId}' here.");
        var entries = new List<FeedEntry>();
        await foreach (var s in index.LatestChangesAsync(platform.Id, document?.Id, cancellationToken))
        {
            entries.Add(new FeedEntry(s.ChangeId, s.Headline, s.DetectedAt, $"{platform.Name} · {s.DocumentTitle} · severity {s.Severity.ToString().ToLowerInvariant()}", s.TopicIds, platform.Name));

            if (entries.Count == Entries)
            {
                break;
            }
        }

        return document is null
            ? Feed($"Monitors: {platform.Name}", SiteUrls.PlatformFeed(platform.Id), SiteUrls.Platform(platform.Id), entries)
            : Feed($"Monitors: {document.Title} ({platform.Name})", SiteUrls.DocumentFeed(platform.Id, document.Id), SiteUrls.Document(platform.Id, document.Id), entries);
    }

    public async Task<ApiResponse> TopicAsync(string topicId, CancellationToken cancellationToken = default)
    {
        var topic = taxonomy.Find(topicId) ?? throw new SiteNotFoundException("No such topic", $"There is no topic '{topicId}'.");
        var entries = new List<FeedEntry>();
        await foreach (var e in index.LatestChangesAsync(cancellationToken: cancellationToken))
        {
            if (e.IsSubstantive && e.TopicIds.Contains(topic.Id, StringComparer.Ordinal))
            {
                entries.Add(Entry(e));
            }

            if (entries.Count == Entries)
            {
                break;
            }
        }

        return Feed($"Monitors: {topic.Name}", SiteUrls.TopicFeed(topic.Id), SiteUrls.Topic(topic.Id), entries);
    }

    private static FeedEntry Entry(ChangeIndexEntry e) =>
        new(e.ChangeId, e.Headline, e.DetectedAt, string.IsNullOrEmpty(e.Summary) ? $"{e.PlatformName} · {e.DocumentTitle}" : e.Summary, e.TopicIds, e.PlatformName);

    private ApiResponse Feed(string title, string self, string alternate, IReadOnlyList<FeedEntry> entries)
    {
        var updated = entries.Count == 0 ? DateTimeOffset.UnixEpoch : entries.Max(e => e.Updated);
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", Absolute(self)),
            new XElement(Atom + "title", title),
            new XElement(Atom + "updated", XmlConvert.ToString(updated)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("type", "application/atom+xml"), new XAttribute("href", Absolute(self))),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", Absolute(alternate))),
            new XElement(Atom + "author", new XElement(Atom + "name", "Monitors")),
            new XElement(Atom + "generator", "Monitors"),
            entries.Select(e => new XElement(Atom + "entry",
                new XElement(Atom + "id", Absolute(SiteUrls.Change(e.ChangeId))),
                new XElement(Atom + "title", e.Title),
                new XElement(Atom + "updated", XmlConvert.ToString(e.Updated)),
                new XElement(Atom + "published", XmlConvert.ToString(e.Updated)),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", Absolute(SiteUrls.Change(e.ChangeId)))),
                new XElement(Atom + "author", new XElement(Atom + "name", e.Author)),
                e.Topics.Select(t => new XElement(Atom + "category", new XAttribute("term", t), new XAttribute("label", taxonomy.Find(t)?.Name ?? t))),
                new XElement(Atom + "summary", new XAttribute("type", "text"), e.Summary))));
        var xml = new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
        using var writer = new Utf8StringWriter();
        xml.Save(writer, SaveOptions.DisableFormatting);
        return SitePages.Cacheable(ApiResponse.Content(200, ContentType, writer.ToString()), SitePages.ShortCache);
    }

    private string Absolute(string relative) => site.Value.PublicBaseUrl.TrimEnd('/') + relative;

    private sealed record FeedEntry(string ChangeId, string Title, DateTimeOffset Updated, string Summary, IReadOnlyList<string> Topics, string Author);

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(System.Globalization.CultureInfo.InvariantCulture)
        {
        }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
