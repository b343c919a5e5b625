using Microsoft.Extensions.Logging;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;
using Monitors.Core.Queues;
using Monitors.Core.Storage;

namespace Monitors.Core.Site;

/// <summary>
/// The <c>site</c> queue: brings the site's read models up to date with a published version (<see cref="SiteReadModels"/>).
/// Reads the version from the archive and its change record from the change store, so a message is a few ids. Idempotent
/// like the projection it calls: a retried message writes the same rows and views. A message that arrives after a newer
/// version of its document was published (a retry that waited, two versions published close together) still indexes its
/// change record, but leaves the document's clauses to the newer version: they never go back in time.
/// </summary>
public sealed partial class SiteUpdateHandler(
    SiteReadModels readModels,
    IArchive archive,
    IChangeStore changes,
    IVersionHistory history,
    ISiteIndex index,
    ILogger<SiteUpdateHandler> logger) : IQueueHandler, IPublicationListener
{
    public string Queue => StorageNames.Queues.Site;

    public Task HandleAsync(string body, CancellationToken cancellationToken = default) =>
        UpdateAsync(MessageJson.Deserialize<PublicationNotice>(body), cancellationToken);

    /// <summary>The publication inline, when <see cref="CheckOptions.UpdateSiteInline"/> is set.</summary>
    public Task OnVersionPublishedAsync(PublicationNotice notice, CancellationToken cancellationToken = default) => UpdateAsync(notice, cancellationToken);

    public async Task UpdateAsync(PublicationNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var document = notice.Document;
        var record = notice.ChangeId is null ? null : await changes.GetAsync(notice.ChangeId, cancellationToken);
        if (notice.ChangeId is not null && record is null)
        {
            // The checker stores the record before it publishes, so this is a record deleted since: nothing to show.
            LogRecordMissing(logger, notice.ChangeId, document.ToString());
        }

        await foreach (var newest in history.ListAsync(document, cancellationToken))
        {
            if (newest.VersionId != notice.VersionId && newest.RecordedAt > notice.RecordedAt)
            {
                LogSuperseded(logger, document.ToString(), notice.VersionId, newest.VersionId);
                if (record is not null)
                {
                    await index.AddChangeAsync(SiteReadModels.Entry(record), cancellationToken);
                }

                return;
            }

            break;
        }

        var text = await archive.GetVersionAsync(document, notice.VersionId, cancellationToken)
            ?? throw new InvalidOperationException($"Version {notice.VersionId} of {document} was published but is missing from the archive.");
        await readModels.OnVersionPublishedAsync(document, notice.PlatformName, notice.DocumentTitle, text, notice.RecordedAt, record, cancellationToken);
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Site update of {Document} version {VersionId}: version {NewestVersionId} is newer, so only the change record is indexed")]
    private static partial void LogSuperseded(ILogger logger, string document, string versionId, string newestVersionId);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "Site update: change record {ChangeId} of {Document} is not in the change store; the version's clauses are indexed without it")]
    private static partial void LogRecordMissing(ILogger logger, string changeId, string document);
}
