using System.Text;
using Microsoft.Extensions.Options;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Email;

/// <summary>The changes of one platform in a digest.</summary>
/// <param name="CouldNotCheck">Documents of the platform that were not checked successfully in the period, or are failing now.</param>
public sealed record DigestSection(string PlatformId, string PlatformName, IReadOnlyList<ChangeRecord> Changes, IReadOnlyList<Checking.DocumentCoverage>? CouldNotCheck = null);

/// <summary>
/// Builds every email the product sends (alert, digest, double opt-in, "already subscribed") from the domain, through the
/// templates: HTML and plain-text parts, a subject that names platform and document, and the footer that says why the
/// subscriber gets it, with manage and unsubscribe links and the List-Unsubscribe headers (RFC 2369, RFC 8058).
/// </summary>
public sealed class EmailComposer(EmailTemplates templates, LinkBuilder links, PlatformCatalog catalog, IOptions<TokenOptions> tokenOptions)
{
    /// <summary>The most passages an alert shows; the change record page has all of them.</summary>
    public const int MaxPassagesInAlert = 12;

    public EmailMessage Alert(Subscriber subscriber, ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(record);
        var view = new AlertView(
            Change(record, MaxPassagesInAlert),
            Footer(subscriber, $"you follow {record.PlatformName} on the Monitor tier with same-day alerts on"));
        return Build(subscriber, $"{record.PlatformName} changed its {record.DocumentTitle}", "alert", view, $"alert-{subscriber.Id}-{record.Id}", withUnsubscribe: true);
    }

    /// <summary>One digest: every change of the period on the platforms followed, grouped by platform, most severe first.</summary>
    public EmailMessage Digest(Subscriber subscriber, string week, DateTimeOffset periodStart, DateTimeOffset periodEnd, IReadOnlyList<DigestSection> sections)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(sections);
        var platforms = sections
            .Where(s => s.Changes.Count > 0)
            .Select(s => new
            {
                s.PlatformName,
                Changes = s.Changes.OrderByDescending(c => c.Severity).ThenByDescending(c => c.DetectedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray(),
            })
            .OrderByDescending(s => s.Changes[0].Severity)
            .ThenBy(s => s.PlatformName, StringComparer.OrdinalIgnoreCase)
            .Select(s => new DigestPlatformView(s.PlatformName, s.Changes[0].Severity.ToString(), s.Changes.Select(c => Change(c, 0)).ToArray()))
            .ToArray();
        var count = platforms.Sum(p => p.Changes.Count);
        var following = subscriber.Following.Select(PlatformName).ToArray();
        var gaps = sections.SelectMany(s => s.CouldNotCheck ?? []).Select(TemplateViews.Gap).ToArray();
        var view = new DigestView(
            week,
            TemplateViews.Day(periodStart),
            TemplateViews.Day(periodEnd),
            count,
            following,
            platforms,
            Footer(subscriber, $"you follow {Join(following)} with the weekly digest on"),
            gaps.Length == 0,
            gaps);
        var notChecked = gaps.Length == 1 ? "1 document could not be checked" : $"{gaps.Length} documents could not be checked";
        var subject = (count, gaps.Length) switch
        {
            (0, 0) => $"Weekly digest {week}: nothing changed on your platforms",
            (0, _) => $"Weekly digest {week}: no change found, {notChecked}",
            (_, 0) => $"Weekly digest {week}: {count} change{(count == 1 ? string.Empty : "s")} on {Join(platforms.Select(p => p.Name).ToArray())}",
            _ => $"Weekly digest {week}: {count} change{(count == 1 ? string.Empty : "s")} on {Join(platforms.Select(p => p.Name).ToArray())}; {notChecked}",
        };
        return Build(subscriber, subject, "digest", view, $"digest-{subscriber.Id}-{week}", withUnsubscribe: true);
    }

    /// <summary>The one notice per outage to a Monitor subscriber: documents of a platform they follow could not be checked for over a day.</summary>
    public EmailMessage OutageNotice(Subscriber subscriber, string platformName, IReadOnlyList<Checking.DocumentCoverage> documents, TimeSpan outageAtLeast, string key)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(documents);
        var hours = ((int)Math.Floor(outageAtLeast.TotalHours)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var view = new OutageNoticeView(
            platformName,
            hours,
            documents.Select(TemplateViews.Gap).ToArray(),
            Footer(subscriber, $"you follow {platformName} on the Monitor tier with same-day alerts on"));
        var what = documents.Count == 1 ? documents[0].DocumentTitle : $"{documents.Count} documents";
        return Build(subscriber, $"We could not check {platformName} ({what}) for over {hours} hours", "outage", view, key, withUnsubscribe: true);
    }

    public EmailMessage Confirmation(Subscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var view = new ConfirmationView(
            subscriber.Email,
            links.Confirm(subscriber.Id),
            TierRules.Describe(subscriber.Tier),
            subscriber.Following.Select(PlatformName).ToArray(),
            (int)Math.Round(tokenOptions.Value.ConfirmLifetime.TotalDays));
        return Build(subscriber, "Confirm your Monitors subscription", "confirm", view, $"confirm-{subscriber.Id}", withUnsubscribe: false);
    }

    public EmailMessage AlreadySubscribed(Subscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var view = new AlreadySubscribedView(subscriber.Email, links.Manage(subscriber.Id), TierRules.Describe(subscriber.Tier), subscriber.Following.Select(PlatformName).ToArray());
        return Build(subscriber, "You are already subscribed to Monitors", "already-subscribed", view, $"already-{subscriber.Id}", withUnsubscribe: false);
    }

    /// <summary>The view of one change record; <paramref name="maxPassages"/> 0 leaves the passages out (digests).</summary>
    public ChangeView Change(ChangeRecord record, int maxPassages)
    {
        ArgumentNullException.ThrowIfNull(record);
        var passages = record.Changes.Take(Math.Max(0, maxPassages)).Select(TemplateViews.Passage).ToArray();
        return new ChangeView(
            record.Id,
            record.Headline,
            record.PlatformName,
            record.DocumentTitle,
            record.Severity.ToString(),
            TemplateViews.SeverityColor(record.Severity),
            record.Topics.Select(t => t.Name).ToArray(),
            record.Regulations.Select(r => r.Citation).ToArray(),
            TemplateViews.Date(record.DetectedAt),
            links.ChangePage(record.Id),
            record.DocumentUrl?.ToString(),
            Summary(record),
            passages,
            maxPassages > 0 ? Math.Max(0, record.Changes.Count - passages.Length) : 0,
            record.DocumentDate?.After,
            record.DocumentDate?.Before);
    }

    /// <summary>One line on the size of the change, then the first passage's quoted summary.</summary>
    public static string Summary(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var s = record.Stats;
        var parts = new List<string>();
        void Add(int n, string what)
        {
            if (n > 0)
            {
                parts.Add($"{n} {what}");
            }
        }

        Add(s.Added, s.Added == 1 ? "passage added" : "passages added");
        Add(s.Removed, s.Removed == 1 ? "passage removed" : "passages removed");
        Add(s.Modified, s.Modified == 1 ? "passage reworded" : "passages reworded");
        Add(s.Moved, "moved");
        Add(s.Renumbered, "renumbered");
        var size = parts.Count == 0 ? "Wording changed" : string.Join(", ", parts);
        var words = s.WordsInserted + s.WordsDeleted > 0 ? $" ({s.WordsInserted} words in, {s.WordsDeleted} out)" : string.Empty;
        if (record.Summary is { Text.Length: > 0 } summary)
        {
            return $"{size}{words}. {summary.Label}: {summary.Text}";
        }

        var first = record.Changes.Count > 0 ? record.Changes[0].Summary : null;
        return string.IsNullOrWhiteSpace(first) ? $"{size}{words}." : $"{size}{words}. {first}";
    }

    /// <summary>Header values must be one line: document text in a subject cannot add headers.</summary>
    public static string HeaderSafe(string text, int maxLength = 200)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.Length <= maxLength ? sb.ToString() : sb.ToString(0, maxLength - 1) + "…";
    }

    private EmailMessage Build(Subscriber subscriber, string subject, string template, object view, string key, bool withUnsubscribe)
    {
        Dictionary<string, string>? headers = null;
        if (withUnsubscribe)
        {
            headers = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["List-Unsubscribe"] = $"<{links.Unsubscribe(subscriber.Id)}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            };
        }

        return new EmailMessage(
            subscriber.Email,
            HeaderSafe(subject),
            templates.RenderText(template, view),
            templates.RenderHtml(template, view),
            headers)
        { Key = key };
    }

    private FooterView Footer(Subscriber subscriber, string reason) =>
        new(subscriber.Email, $"You get this email because {reason}.", links.Manage(subscriber.Id), links.Unsubscribe(subscriber.Id));

    private string PlatformName(string platformId) => catalog.Find(platformId)?.Name ?? platformId;

    private static string Join(string[] names) => names.Length switch
    {
        0 => "no platform",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Length - 1)) + " and " + names[^1],
    };
}
