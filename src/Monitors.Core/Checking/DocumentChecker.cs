using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Configuration;
using Monitors.Core.Detection;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Monitors.Core.Telemetry;

namespace Monitors.Core.Checking;

/// <summary>
/// Checks one document: fetch, archive the snapshot, extract, guard, classify, confirm, archive the version, diff.
/// The one pipeline behind the <c>CheckDocument</c> function, the CLI and the replay. Every step is idempotent: a
/// message handled twice records one version and one change record.
/// </summary>
public sealed partial class DocumentChecker(
    PlatformCatalog catalog,
    IDocumentFetcher fetcher,
    IDocumentExtractor extractor,
    IArchive archive,
    IDocumentStateStore states,
    IVersionHistory history,
    IChangeStore changes,
    IChangeRecordBuilder changeRecords,
    IWorkQueue queue,
    IOperatorNotifier operatorNotifier,
    IOptions<CheckOptions> options,
    TimeProvider time,
    MonitorsTelemetry telemetry,
    ILogger<DocumentChecker> logger)
{
    private readonly CheckOptions _options = options.Value;

    /// <summary>Handles a raw <c>checks</c> queue message; a malformed one throws <see cref="InvalidQueueMessageException"/>.</summary>
    public Task<CheckResult> HandleMessageAsync(string body, CancellationToken cancellationToken = default) =>
        CheckAsync(MessageJson.Deserialize<CheckMessage>(body), cancellationToken);

    /// <summary>Checks one document, inside a <c>check</c> span, and records the outcome and duration metrics.</summary>
    public async Task<CheckResult> CheckAsync(CheckMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = telemetry.StartCheck(message.Document);
        var started = time.GetTimestamp();
        try
        {
            var result = await CheckCoreAsync(message, cancellationToken);
            telemetry.RecordCheck(result, time.GetElapsedTime(started), activity);
            return result;
        }
        catch (Exception e)
        {
            telemetry.RecordCheckError(e, time.GetElapsedTime(started), activity);
            throw;
        }
    }

    private async Task<CheckResult> CheckCoreAsync(CheckMessage message, CancellationToken cancellationToken)
    {
        var key = message.Document;
        var platform = catalog.Find(message.PlatformId);
        var declaration = platform?.FindDocument(message.DocumentId);
        if (platform is null || declaration is null)
        {
            LogUnknownDocument(logger, key.ToString());
            return new CheckResult(key, CheckOutcome.UnknownDocument, Detail: $"{key} is not in the catalog");
        }

        var state = await states.GetAsync(key, cancellationToken) ?? new DocumentState(key);
        if (state.UnpublishedVersionId is not null)
        {
            (state, _) = await PublishAsync(platform, declaration, state, cancellationToken);
        }

        var fetched = await fetcher.FetchAsync(
            new FetchRequest(declaration.Fetch, state.HttpETag, state.HttpLastModified), cancellationToken);

        if (fetched.Outcome == FetchOutcome.Failed)
        {
            return await RecordFailureAsync(platform, declaration, state, fetched.Failure, fetched.FailureReason ?? "fetch failed", cancellationToken);
        }

        string? snapshotId = null;
        string text;
        if (fetched.Outcome == FetchOutcome.NotModified)
        {
            // 304: the page is what our last successful fetch got.
            var lastFetched = state.LastFetchedVersionId is null ? null : await archive.GetVersionAsync(key, state.LastFetchedVersionId, cancellationToken);
            if (lastFetched is null)
            {
                return await RecordFailureAsync(platform, declaration, state, FailureKind.Transient,
                    $"HTTP 304 from {declaration.Fetch.Host} but no earlier version is archived; the next check fetches without validators", cancellationToken, clearValidators: true);
            }

            text = lastFetched;
        }
        else
        {
            if (fetched.Text is null)
            {
                // Kept as evidence of what the site served instead of a page we can read.
                await archive.SaveSnapshotAsync(key, fetched.Body, fetched.MediaType, cancellationToken);
                return await RecordFailureAsync(platform, declaration, state, FailureKind.UnsupportedContent,
                    $"{fetched.MediaType ?? "the response"} from {declaration.Fetch.Host} has no text this version can extract (PDF extraction is not supported yet)", cancellationToken);
            }

            var extracted = extractor.Extract(fetched.Text, fetched.FinalUrl ?? declaration.Fetch, declaration.Select, declaration.Remove);
            if (!extracted.Succeeded)
            {
                await archive.SaveSnapshotAsync(key, fetched.Body, fetched.MediaType, cancellationToken);
                return await RecordFailureAsync(platform, declaration, state, FailureKind.StructureChanged, extracted.FailureReason!, cancellationToken);
            }

            text = extracted.Text!;
        }

        var versionId = ContentHasher.Sha256Hex(text);
        if (fetched.Outcome == FetchOutcome.Fetched && versionId != state.CurrentVersionId)
        {
            // The raw bytes are archived when the text is new (a version, a candidate change, a suspicious page), not on
            // every unchanged check: pages with per-request tokens would otherwise store a new snapshot each time.
            snapshotId = await archive.SaveSnapshotAsync(key, fetched.Body, fetched.MediaType, cancellationToken);
        }
        for (var attempt = 1; ; attempt++)
        {
            var result = await DecideAndCommitAsync(platform, declaration, state, fetched, snapshotId, text, versionId, cancellationToken);
            if (result is not null)
            {
                return result;
            }

            // Another check of this document saved its state first: start again from what it wrote.
            LogConcurrentWrite(logger, key.ToString(), attempt);
            if (attempt >= _options.MaxConcurrencyRetries)
            {
                return new CheckResult(key, CheckOutcome.Failed, Detail: "gave up after repeated concurrent writes; the next check retries") { Failure = FailureKind.Transient };
            }

            await BackOffAsync(attempt, cancellationToken);
            state = await states.GetAsync(key, cancellationToken) ?? new DocumentState(key);
        }
    }

    /// <summary>A short, jittered pause before re-reading a state another check just wrote, so concurrent checks spread out.</summary>
    private Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), time, cancellationToken);

    /// <summary>Decides what the fetched text means and saves it. Returns null when the state changed underneath (ETag conflict).</summary>
    private async Task<CheckResult?> DecideAndCommitAsync(
        Platform platform,
        DocumentDeclaration declaration,
        DocumentState state,
        FetchResult fetched,
        string? snapshotId,
        string text,
        string versionId,
        CancellationToken cancellationToken)
    {
        var key = state.Document;
        var now = time.GetUtcNow();
        var settings = declaration.Detection;
        var resumed = state.NeedsAttention;
        MarkSuccessfulFetch(state, fetched, versionId, snapshotId, now);

        if (state.CurrentVersionId is null)
        {
            // Nothing to compare with yet: an error page must still never become the first version.
            var firstVerdict = SuspiciousVersionGuard.Check(null, text, settings);
            if (firstVerdict.IsSuspicious)
            {
                return await RecordFailureAsync(platform, declaration, state, FailureKind.Suspicious, firstVerdict.Reason!, cancellationToken);
            }

            await archive.SaveVersionAsync(key, text, cancellationToken);
            state.CurrentVersionId = versionId;
            state.CurrentVersionAt = now;
            state.VersionCount = 1;
            state.UnpublishedVersionId = versionId;
            state.LastOutcome = nameof(CheckOutcome.FirstSeen);
            if (!await states.TrySaveAsync(state, cancellationToken))
            {
                return null;
            }

            await PublishAsync(platform, declaration, state, cancellationToken);
            return await Resumed(resumed, new CheckResult(key, CheckOutcome.FirstSeen, versionId), platform, declaration, state, cancellationToken);
        }

        if (versionId == state.CurrentVersionId)
        {
            var flapped = state.PendingVersionId is not null;
            state.PendingVersionId = null;
            state.PendingSince = null;
            var outcome = flapped ? CheckOutcome.Flap : CheckOutcome.Unchanged;
            state.LastOutcome = outcome.ToString();
            if (!await states.TrySaveAsync(state, cancellationToken))
            {
                return null;
            }

            return await Resumed(resumed, new CheckResult(key, outcome, versionId, Detail: flapped ? "the page went back to the current version before the change was confirmed" : null), platform, declaration, state, cancellationToken);
        }

        var currentText = await archive.GetVersionAsync(key, state.CurrentVersionId, cancellationToken)
            ?? throw new InvalidOperationException($"Version {state.CurrentVersionId} of {key} is recorded as current but is missing from the archive.");

        var verdict = SuspiciousVersionGuard.Check(currentText, text, settings);
        if (verdict.IsSuspicious)
        {
            return await RecordFailureAsync(platform, declaration, state, FailureKind.Suspicious, verdict.Reason!, cancellationToken);
        }

        // The hashes differ, so the texts do: the class is Technical or Substantive, never Identical.
        var changeClass = ChangeClassifier.Classify(currentText, text, settings).Class;

        await archive.SaveVersionAsync(key, text, cancellationToken);

        if (changeClass == ChangeClass.Technical)
        {
            var previous = state.CurrentVersionId;
            CommitVersion(state, versionId, now);
            state.LastOutcome = nameof(CheckOutcome.Technical);
            if (!await states.TrySaveAsync(state, cancellationToken))
            {
                return null;
            }

            await PublishAsync(platform, declaration, state, cancellationToken);
            return await Resumed(resumed, new CheckResult(key, CheckOutcome.Technical, versionId, Detail: $"differs from {Short(previous)} only in what normalisation hides"), platform, declaration, state, cancellationToken);
        }

        // Substantive: record it only once a re-fetch after the confirmation delay still sees it.
        var confirmDelay = _options.ConfirmDelay ?? settings.ConfirmDelay;
        var confirmed = confirmDelay <= TimeSpan.Zero
            || (state.PendingVersionId == versionId && state.PendingSince is { } since && now - since >= confirmDelay);
        if (!confirmed)
        {
            var firstSighting = state.PendingVersionId != versionId;
            if (firstSighting)
            {
                state.PendingVersionId = versionId;
                state.PendingSince = now;
            }

            state.LastOutcome = nameof(CheckOutcome.PendingConfirmation);
            if (!await states.TrySaveAsync(state, cancellationToken))
            {
                return null;
            }

            if (firstSighting && _options.EnqueueConfirmationChecks)
            {
                await queue.EnqueueAsync(StorageNames.Queues.Checks, new CheckMessage(key.PlatformId, key.DocumentId, CheckReason.Confirmation), confirmDelay, cancellationToken);
            }

            return await Resumed(resumed, new CheckResult(key, CheckOutcome.PendingConfirmation, versionId, Detail: $"re-check after {state.PendingSince!.Value + confirmDelay:u}"), platform, declaration, state, cancellationToken);
        }

        var previousVersionId = state.CurrentVersionId;
        CommitVersion(state, versionId, now);
        state.UnpublishedPreviousVersionId = previousVersionId;
        state.UnpublishedChangeId = ChangeRecordIds.For(Context(platform, declaration, now, previousVersionId, versionId));
        state.LastOutcome = nameof(CheckOutcome.Changed);
        if (!await states.TrySaveAsync(state, cancellationToken))
        {
            return null;
        }

        var changeId = state.UnpublishedChangeId;
        var (_, record) = await PublishAsync(platform, declaration, state, cancellationToken);
        LogChangeRecorded(logger, key.ToString(), changeId, record?.Severity.ToString() ?? "?");
        return await Resumed(resumed, new CheckResult(key, CheckOutcome.Changed, versionId, changeId, record?.Headline), platform, declaration, state, cancellationToken);
    }

    private static ChangeContext Context(Platform platform, DocumentDeclaration declaration, DateTimeOffset detectedAt, string previousVersionId, string newVersionId) =>
        new(platform.Id, platform.Name, declaration.Id, declaration.Title, declaration.TermsType, declaration.Fetch, detectedAt, previousVersionId, newVersionId);

    private static void MarkSuccessfulFetch(DocumentState state, FetchResult fetched, string versionId, string? snapshotId, DateTimeOffset now)
    {
        if (fetched.Outcome == FetchOutcome.Fetched)
        {
            state.HttpETag = fetched.ETag;
            state.HttpLastModified = fetched.LastModified;
            state.LastFetchedVersionId = versionId;
            state.LastSnapshotId = snapshotId ?? state.LastSnapshotId;
        }

        state.LastCheckedAt = now;
        state.LastSuccessAt = now;
        state.FailureStreak = 0;
        state.FailingSince = null;
        state.LastFailureKind = FailureKind.None;
        state.LastFailureReason = null;
        state.NeedsAttention = false;
        state.AttentionReason = null;
    }

    private static void CommitVersion(DocumentState state, string versionId, DateTimeOffset now)
    {
        state.CurrentVersionId = versionId;
        state.CurrentVersionAt = now;
        state.VersionCount++;
        state.PendingVersionId = null;
        state.PendingSince = null;
        state.UnpublishedVersionId = versionId;
    }

    /// <summary>
    /// Writes what follows a committed version: the change record (rebuilt deterministically from the two archived
    /// versions), its history row and the <c>changes</c> message. Runs right after the commit, and again on the next check
    /// if the process died in between; every write is idempotent.
    /// </summary>
    private async Task<(DocumentState State, ChangeRecord? Record)> PublishAsync(Platform platform, DocumentDeclaration declaration, DocumentState state, CancellationToken cancellationToken)
    {
        var key = state.Document;
        var versionId = state.UnpublishedVersionId!;
        var changeId = state.UnpublishedChangeId;
        var recordedAt = state.CurrentVersionAt ?? time.GetUtcNow();
        var text = await archive.GetVersionAsync(key, versionId, cancellationToken)
            ?? throw new InvalidOperationException($"Version {versionId} of {key} was committed but is missing from the archive.");
        ChangeRecord? record = null;
        if (changeId is not null && state.UnpublishedPreviousVersionId is { } previousVersionId)
        {
            var previousText = await archive.GetVersionAsync(key, previousVersionId, cancellationToken)
                ?? throw new InvalidOperationException($"Version {previousVersionId} of {key} is missing from the archive.");
            record = changeRecords.Build(Context(platform, declaration, recordedAt, previousVersionId, versionId), previousText, text) with { Id = changeId };
            await changes.SaveAsync(record, cancellationToken);
            telemetry.RecordChange(record.Severity);
        }

        var kind = state.VersionCount <= 1 ? VersionKind.First : changeId is null ? VersionKind.Technical : VersionKind.Substantive;
        await history.AddAsync(new VersionEntry(key, versionId, recordedAt, kind, state.LastSnapshotId, changeId, text.Length), cancellationToken);
        if (changeId is not null)
        {
            await queue.EnqueueAsync(StorageNames.Queues.Changes, new ChangeNotice(changeId, platform.Id, declaration.Id), cancellationToken: cancellationToken);
        }

        state.UnpublishedVersionId = null;
        state.UnpublishedChangeId = null;
        state.UnpublishedPreviousVersionId = null;
        if (!await states.TrySaveAsync(state, cancellationToken))
        {
            // Someone else moved on from this state; they publish whatever is still unpublished.
            return (await states.GetAsync(key, cancellationToken) ?? state, record);
        }

        return (state, record);
    }

    private async Task<CheckResult> RecordFailureAsync(
        Platform platform,
        DocumentDeclaration declaration,
        DocumentState state,
        FailureKind kind,
        string reason,
        CancellationToken cancellationToken,
        bool clearValidators = false)
    {
        var key = state.Document;
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            state.LastCheckedAt = now;
            state.LastFailureAt = now;
            state.LastFailureKind = kind;
            state.LastFailureReason = reason;
            if (state.FailureStreak == 0)
            {
                state.FailingSince = now;
            }

            state.FailureStreak++;
            state.LastOutcome = nameof(CheckOutcome.Failed);
            if (clearValidators)
            {
                state.HttpETag = null;
                state.HttpLastModified = null;
            }

            var threshold = declaration.Detection.FailuresBeforeAttention;
            var raiseAttention = !state.NeedsAttention && state.FailureStreak >= threshold;
            if (raiseAttention)
            {
                state.NeedsAttention = true;
                state.AttentionReason = $"{state.FailureStreak} consecutive failures; last: {kind}: {reason}";
            }

            if (await states.TrySaveAsync(state, cancellationToken))
            {
                LogCheckFailed(logger, key.ToString(), kind.ToString(), reason, state.FailureStreak);
                if (raiseAttention)
                {
                    await operatorNotifier.NeedsAttentionAsync(platform, declaration, state, cancellationToken);
                }

                return new CheckResult(key, CheckOutcome.Failed, Detail: $"{kind}: {reason}") { Failure = kind };
            }

            if (attempt >= _options.MaxConcurrencyRetries)
            {
                return new CheckResult(key, CheckOutcome.Failed, Detail: $"{kind}: {reason} (not recorded: concurrent writes)") { Failure = kind };
            }

            await BackOffAsync(attempt, cancellationToken);
            state = await states.GetAsync(key, cancellationToken) ?? new DocumentState(key);
        }
    }

    private async Task<CheckResult> Resumed(bool wasAttention, CheckResult result, Platform platform, DocumentDeclaration declaration, DocumentState state, CancellationToken cancellationToken)
    {
        if (wasAttention)
        {
            await operatorNotifier.TrackingResumedAsync(platform, declaration, state, cancellationToken);
        }

        return result;
    }

    private static string Short(string? versionId) => versionId is null ? "(none)" : versionId[..Math.Min(12, versionId.Length)];

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Check of {Document} skipped: not in the catalog")]
    private static partial void LogUnknownDocument(ILogger logger, string document);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Concurrent write to {Document}; retrying from the stored state (attempt {Attempt})")]
    private static partial void LogConcurrentWrite(ILogger logger, string document, int attempt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Change {ChangeId} recorded for {Document} (severity {Severity})")]
    private static partial void LogChangeRecorded(ILogger logger, string document, string changeId, string severity);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Check of {Document} failed ({Kind}): {Reason}; failure streak {Streak}")]
    private static partial void LogCheckFailed(ILogger logger, string document, string kind, string reason, int streak);
}
