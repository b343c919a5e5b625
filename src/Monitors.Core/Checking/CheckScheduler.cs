using Monitors.Core.Catalog;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>Enqueues one <c>checks</c> message per catalog document (local demo platforms only when named). The timer's whole job; the checks fan out from the queue.</summary>
public sealed class CheckScheduler(PlatformCatalog catalog, IWorkQueue queue)
{
    /// <summary>Enqueues the selected documents (all when both filters are null) and returns what it enqueued.</summary>
    /// <param name="runId">The local run that reports these checks (<see cref="CheckOwnership"/>); null for the schedule.</param>
    /// <exception cref="ArgumentException">The platform or document is not in the catalog.</exception>
    public async Task<IReadOnlyList<CheckMessage>> EnqueueAsync(
        string? platformId = null,
        string? documentId = null,
        CheckReason reason = CheckReason.Scheduled,
        string? runId = null,
        CancellationToken cancellationToken = default)
    {
        var selected = Select(platformId, documentId);
        var messages = selected.Select(d => new CheckMessage(d.Platform.Id, d.Document.Id, reason, runId)).ToArray();
        foreach (var batch in messages.Chunk(16))
        {
            await Task.WhenAll(batch.Select(m => queue.EnqueueAsync(StorageNames.Queues.Checks, m, cancellationToken: cancellationToken)));
        }

        return messages;
    }

    private IReadOnlyList<(Platform Platform, DocumentDeclaration Document)> Select(string? platformId, string? documentId)
    {
        if (platformId is null)
        {
            if (documentId is not null)
            {
                throw new ArgumentException("A document is named without its platform: pass the platform too.", nameof(documentId));
            }

            return catalog.ScheduledDocuments().ToArray();
        }

        var platform = catalog.Find(platformId)
            ?? throw new ArgumentException($"Platform '{platformId}' is not in the catalog. Known: {string.Join(", ", catalog.Platforms.Select(p => p.Id))}.", nameof(platformId));
        if (documentId is null)
        {
            return platform.Documents.Select(d => (platform, d)).ToArray();
        }

        var document = platform.FindDocument(documentId)
            ?? throw new ArgumentException($"Platform '{platformId}' has no document '{documentId}'. Its documents: {string.Join(", ", platform.Documents.Select(d => d.Id))}.", nameof(documentId));
        return [(platform, document)];
    }
}
