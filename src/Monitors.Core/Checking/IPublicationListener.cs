using Monitors.Core.Changes;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>
/// What else a published version updates, beyond the archive, the history and the change record: the public site's read
/// models (<c>Site/SiteReadModels</c>). The checker calls it after the version's history row and before the change is
/// queued for alerts; a publish retried after a crash calls it again, so it must be idempotent. Checking knows that
/// something listens, not what: the site depends on checking, never the reverse.
/// </summary>
public interface IPublicationListener
{
    /// <param name="record">The version's change record; null for a first or a technical version.</param>
    Task OnVersionPublishedAsync(
        DocumentKey document,
        string platformName,
        string documentTitle,
        string text,
        DateTimeOffset recordedAt,
        ChangeRecord? record,
        CancellationToken cancellationToken = default);
}
