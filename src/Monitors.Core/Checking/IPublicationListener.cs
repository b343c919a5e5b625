using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>
/// What else a published version updates, beyond the archive, the history and the change record: the public site's read
/// models. The checker calls it after the version's history row and before the change is queued for alerts; a publish
/// retried after a crash calls it again, so it must be idempotent. Checking knows that something listens, not what: the
/// site depends on checking, never the reverse. The app's listener is <see cref="PublicationQueue"/>, which hands the
/// work to the <c>site</c> queue.
/// </summary>
public interface IPublicationListener
{
    Task OnVersionPublishedAsync(PublicationNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>
/// The body of a message on the <c>site</c> queue: a version of a document was published. Ids only: the handler reads the
/// version's text from the archive and its change record from the change store (a queue message holds 64 KB; a
/// version may be ten times that).
/// </summary>
/// <param name="ChangeId">The version's change record; null for a first or a technical version.</param>
public sealed record PublicationNotice(
    string PlatformId,
    string DocumentId,
    string PlatformName,
    string DocumentTitle,
    string VersionId,
    DateTimeOffset RecordedAt,
    string? ChangeId)
{
    public DocumentKey Document => new(PlatformId, DocumentId);
}

/// <summary>Publishes to the site by a message on the <c>site</c> queue: the check's work ends there.</summary>
public sealed class PublicationQueue(IWorkQueue queue) : IPublicationListener
{
    public Task OnVersionPublishedAsync(PublicationNotice notice, CancellationToken cancellationToken = default) =>
        queue.EnqueueAsync(Configuration.StorageNames.Queues.Site, notice, cancellationToken: cancellationToken);
}
