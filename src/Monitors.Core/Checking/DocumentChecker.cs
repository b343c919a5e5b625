using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Summaries;
using Monitors.Core.Configuration;
using Monitors.Core.Detection;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;
using Monitors.Core.Queues;
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
    DocumentReader reader,
    IArchive archive,
    IDocumentStateStore states,
    IVersionHistory history,
    IChangeStore changes,
    IChangeRecordBuilder changeRecords,
    IChangeSummarizer summarizer,
    IPublicationListener readModels,
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

        var check = new CheckContext(platform, declaration, await states.GetAsync(key, cancellationToken) ?? new DocumentState(key), archive, cancellationToken);
        if (check.State.UnpublishedVersionId is not null)
        {
            await PublishAsync(check);
        }

        if (declaration.NeedsBrowser)
        {
            // The served HTML of a script-rendered page is an empty shell: checking it would record nothing true.
            LogNeedsBrowser(logger, key.ToString());
            return new CheckResult(key, CheckOutcome.NeedsBrowser,
                Detail: "not checked: the page is rendered by scripts (executeClientScripts) and needs a browser fetch; see docs/catalog.md");
        }

        // Every page of the document, fetched and extracted in order and joined; one failing page fails the document.
        var read = await reader.ReadAsync(declaration, check.State.HttpETag, check.State.HttpLastModified, cancellationToken);
        var fetched = read.Fetch;
        if (read.Outcome == FetchOutcome.Failed)
        {
            if (read.Evidence is { } evidence)
            {
                // Kept as evidence of what the site served instead of a page we can read.
                await archive.SaveSnapshotAsync(key, evidence.Body, evidence.MediaType, cancellationToken);
            }

            return await RecordFailureAsync(check, read.Failure, read.FailureReason ?? "fetch failed", cause: read.FailureCause);
        }

        string? text;
        string versionId;
        if (read.Outcome == FetchOutcome.NotModified)
        {
            // 304: the page is what our last successful fetch got. When that is the current version, nothing needs its
            // text (the check is unchanged), so it is not read back from the archive: a 304 costs one table read and write.
            var state = check.State;
            var lastFetched = state.LastFetchedVersionId is null ? null
                : state.LastFetchedVersionId == state.CurrentVersionId ? null
                : await check.Versions.GetAsync(state.LastFetchedVersionId);
            if (state.LastFetchedVersionId is null || (lastFetched is null && state.LastFetchedVersionId != state.CurrentVersionId))
            {
                return await RecordFailureAsync(check, FailureKind.Transient,
                    $"HTTP 304 from {declaration.Fetch.Host} but no earlier version is archived; the next check fetches without validators", clearValidators: true);
            }

            text = lastFetched;
            versionId = state.LastFetchedVersionId;
        }
        else
        {
            text = read.Text!;
            versionId = ContentHasher.Sha256Hex(text);
        }

        // The raw bytes are archived only when the text is news (a version, a candidate change, a suspicious page), not on
        // every check: pages with per-request tokens would otherwise store a new snapshot each time. Once per check; a
        // combined document archives every page, its first page's snapshot standing for the version.
        var snapshot = new SnapshotOnce(archive, key, fetched, read.Pages);
        for (var attempt = 1; ; attempt++)
        {
            var result = await DecideAndCommitAsync(check, fetched, snapshot, text, versionId);
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
            check.State = await states.GetAsync(key, cancellationToken) ?? new DocumentState(key);
        }
    }

    /// <summary>A short, jittered pause before re-reading a state another check just wrote, so concurrent checks spread out.</summary>
    private Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), time, cancellationToken);

    /// <summary>Saves the state with the outcome of this check; false when another check saved it first (ETag conflict).</summary>
    private Task<bool> TrySaveAsync(CheckContext check, CheckOutcome outcome)
    {
        check.State.LastOutcome = outcome.ToString();
        return states.TrySaveAsync(check.State, check.CancellationToken);
    }

    /// <summary>Decides what the fetched text means and saves it. Returns null when the state changed underneath (ETag conflict).</summary>
    private async Task<CheckResult?> DecideAndCommitAsync(CheckContext check, FetchResult fetched, SnapshotOnce snapshot, string? fetchedText, string versionId)
    {
        var (state, key, settings, cancellationToken) = (check.State, check.Key, check.Declaration.Detection, check.CancellationToken);
        // Null only for a 304 of the current version, which the unchanged branch below handles without reading it.
        string Text() => fetchedText ?? throw new InvalidOperationException($"The text of {key} version {versionId} was not loaded.");
        var now = time.GetUtcNow();
        var resumed = state.RecordReadablePage(fetched, versionId, now);

        if (state.CurrentVersionId is null)
        {
            // Nothing to compare with yet: an error page must still never become the first version.
            var firstVerdict = SuspiciousVersionGuard.Check(null, Text(), settings);
            if (firstVerdict.IsSuspicious)
            {
                await snapshot.SaveAsync(state, cancellationToken);
                return await RecordFailureAsync(check, FailureKind.Suspicious, firstVerdict.Reason!);
            }

            await snapshot.SaveAsync(state, cancellationToken);
            await check.Versions.SaveAsync(Text());
            state.RecordFirstVersion(versionId, TextNormalizer.Hash(TextNormalizer.Normalize(Text(), settings)), now);
            if (!await TrySaveAsync(check, CheckOutcome.FirstSeen))
            {
                return null;
            }

            await PublishAsync(check);
            return await Resumed(check, resumed, new CheckResult(key, CheckOutcome.FirstSeen, versionId));
        }

        if (versionId == state.CurrentVersionId)
        {
            var flapped = state.RecordCurrentVersionSeen(versionId, now);
            var outcome = flapped ? CheckOutcome.Flap : CheckOutcome.Unchanged;
            if (!await TrySaveAsync(check, outcome))
            {
                return null;
            }

            return await Resumed(check, resumed, new CheckResult(key, outcome, versionId, Detail: flapped ? "the page went back to the current version before the change was confirmed" : null));
        }

        var normalized = check.Versions.Normalized(versionId, Text(), settings);
        var normalizedHash = TextNormalizer.Hash(normalized);
        string? currentText = null;
        if (!state.Variants.Any(v => v.VersionId == state.CurrentVersionId))
        {
            currentText = await ReadVersionAsync(check, state.CurrentVersionId);
            state.RememberCurrentVersion(TextNormalizer.Hash(check.Versions.Normalized(state.CurrentVersionId, currentText, settings)), now);
        }

        var current = state.Variants.First(v => v.VersionId == state.CurrentVersionId);
        var remembered = VariantMemory.Find(state.Variants, normalizedHash);
        var move = VariantMemory.MoveKey(current.NormalizedHash, normalizedHash);
        if (remembered is not null && (remembered == current || state.KnownToggles.Contains(move)))
        {
            return await RecordKnownVariantAsync(check, remembered, [], now, resumed);
        }

        currentText ??= await ReadVersionAsync(check, state.CurrentVersionId);
        var currentBlocks = VariantMemory.Blocks(check.Versions.Normalized(state.CurrentVersionId, currentText, settings));
        var blocks = VariantMemory.Blocks(normalized);
        string previousVersionId;
        string newVersionId;
        IReadOnlyList<string> hunks;
        if (remembered is not null)
        {
            hunks = VariantMemory.HunkKeys(currentBlocks, blocks);
            if (VariantMemory.OnlyKnownChanges(hunks, state.KnownToggles))
            {
                // A move not seen before, but made only of blocks already seen coming and going this way.
                return await RecordKnownVariantAsync(check, remembered, [move], now, resumed);
            }

            // The first return to a remembered variant from this one is a change like any other ("reverted to the version
            // first seen on ..."): a real rollback is news. Only a move already seen is a flap.
            await snapshot.SaveAsync(state, cancellationToken);
            previousVersionId = state.CurrentVersionId;
            newVersionId = remembered.VersionId;
        }
        else
        {
            // A text not seen before: compare it with the remembered variant it is nearest to (the current version first).
            var candidates = new List<(string VersionId, string Text, string[] Blocks)> { (state.CurrentVersionId, currentText, currentBlocks) };
            foreach (var variant in state.Variants.Reverse().Where(v => v.VersionId != state.CurrentVersionId))
            {
                if (await check.Versions.GetAsync(variant.VersionId) is { } variantText)
                {
                    candidates.Add((variant.VersionId, variantText, VariantMemory.Blocks(check.Versions.Normalized(variant.VersionId, variantText, settings))));
                }
            }

            var nearest = candidates[Math.Max(0, VariantMemory.Nearest(blocks, candidates.Select(c => (IReadOnlyList<string>)c.Blocks).ToArray()))];
            var verdict = SuspiciousVersionGuard.Check(currentText, Text(), settings);
            if (verdict.IsSuspicious && nearest.VersionId != state.CurrentVersionId && !SuspiciousVersionGuard.Check(nearest.Text, Text(), settings).IsSuspicious)
            {
                // Shrinking (or growing) to a text nearest to a known variant of the page is that variant, not a collapse.
                verdict = GuardVerdict.Ok;
            }

            await snapshot.SaveAsync(state, cancellationToken);
            if (verdict.IsSuspicious)
            {
                return await RecordFailureAsync(check, FailureKind.Suspicious, verdict.Reason!);
            }

            // The text waiting for confirmation, fetched again with another per-request token, is the same candidate.
            newVersionId = await SamePendingTextAsync(check, normalizedHash, settings) ?? versionId;
            if (newVersionId == versionId)
            {
                await check.Versions.SaveAsync(Text());
            }

            // Diff against the nearest variant only when it alternates with the current one (every difference between them
            // already seen): then the text is that variant, edited. An older version that is merely similar is history,
            // and the news is what changed since the current version.
            var alternates = nearest.VersionId != state.CurrentVersionId
                && VariantMemory.OnlyKnownChanges(VariantMemory.HunkKeys(currentBlocks, nearest.Blocks), state.KnownToggles);
            var baseline = alternates ? nearest : candidates[0];
            previousVersionId = baseline.VersionId;
            hunks = VariantMemory.HunkKeys(baseline.Blocks, blocks);
            if (VariantMemory.OnlyKnownChanges(hunks, state.KnownToggles))
            {
                // Every change was seen before, this way round (a block that came and went, coming again; an edit already
                // recorded on the other variant): a known toggle alone never alerts.
                var previous = state.CurrentVersionId;
                state.RecordNewVariant(newVersionId, normalizedHash, move, now);
                if (!await TrySaveAsync(check, CheckOutcome.Technical))
                {
                    return null;
                }

                await PublishAsync(check);
                return await Resumed(check, resumed, new CheckResult(key, CheckOutcome.Technical, newVersionId, Detail: $"a new variant of {Short(previous)}: only changes already seen differ ({hunks.Count} known toggles)"));
            }
        }

        // Substantive: record it only once a re-fetch after the confirmation delay still sees it.
        var confirmDelay = _options.ConfirmDelay ?? settings.ConfirmDelay;
        if (!state.IsConfirmed(newVersionId, now, confirmDelay))
        {
            var firstSighting = state.AwaitConfirmation(newVersionId, now);
            if (!await TrySaveAsync(check, CheckOutcome.PendingConfirmation))
            {
                return null;
            }

            if (firstSighting && _options.EnqueueConfirmationChecks)
            {
                await queue.EnqueueAsync(StorageNames.Queues.Checks, new CheckMessage(key.PlatformId, key.DocumentId, CheckReason.Confirmation), confirmDelay, cancellationToken);
            }

            return await Resumed(check, resumed, new CheckResult(key, CheckOutcome.PendingConfirmation, newVersionId, Detail: $"re-check after {state.PendingSince!.Value + confirmDelay:u}"));
        }

        // The change record compares with the nearest variant: a real edit to either variant is one record, never the
        // difference between two variants. Its hunks and this move become known: seen again, they are an alternation.
        var changeId = ChangeRecordIds.For(Context(check, now, previousVersionId, newVersionId));
        state.RecordChange(newVersionId, previousVersionId, changeId, normalizedHash, hunks.Append(move), now);
        if (!await TrySaveAsync(check, CheckOutcome.Changed))
        {
            return null;
        }

        var record = await PublishAsync(check);
        LogChangeRecorded(logger, key.ToString(), changeId, record?.Severity.ToString() ?? "?");
        return await Resumed(check, resumed, new CheckResult(key, CheckOutcome.Changed, newVersionId, changeId, record?.Headline));
    }

    /// <summary>
    /// The fetched text normalises to a remembered variant. The current one: only what normalisation hides differs (a
    /// per-request token), so nothing is archived and only the check time moves. Another one, by a move already seen: a
    /// flap in an established alternation (an A/B test, a regional notice); the current version becomes that variant, no
    /// change record, no history row.
    /// </summary>
    private async Task<CheckResult?> RecordKnownVariantAsync(CheckContext check, RememberedVariant remembered, IReadOnlyList<string> knownNow, DateTimeOffset now, bool resumed)
    {
        var (wasCurrent, wasPending) = check.State.RecordKnownVariant(remembered, knownNow, now);
        var outcome = wasCurrent && !wasPending ? CheckOutcome.Technical : CheckOutcome.Flap;
        if (!await TrySaveAsync(check, outcome))
        {
            return null;
        }

        var detail = wasCurrent
            ? (wasPending ? "the page went back to the current version before the change was confirmed" : "differs from the current version only in what normalisation hides; nothing archived")
            : $"returned to the variant first seen on {remembered.FirstSeen:yyyy-MM-dd}";
        return await Resumed(check, resumed, new CheckResult(check.Key, outcome, remembered.VersionId, Detail: detail));
    }

    /// <summary>The pending version's id when its text normalises to the same hash as the fetched one, else null.</summary>
    private static async Task<string?> SamePendingTextAsync(CheckContext check, string normalizedHash, DetectionSettings settings) =>
        check.State.PendingVersionId is { } pending
        && await check.Versions.GetAsync(pending) is { } pendingText
        && TextNormalizer.Hash(check.Versions.Normalized(pending, pendingText, settings)) == normalizedHash
            ? pending
            : null;

    private static async Task<string> ReadVersionAsync(CheckContext check, string versionId) =>
        await check.Versions.GetAsync(versionId)
            ?? throw new InvalidOperationException($"Version {versionId} of {check.Key} is recorded as a variant but is missing from the archive.");

    /// <summary>
    /// The archived versions one check reads or writes, each read from the archive at most once: a changed check compares
    /// with the current version and publishes against it, and publishing reads back the version it just wrote. Versions
    /// are content-addressed, so a text known by its id never goes stale; the memo lives and dies with the check.
    /// Their normalised texts likewise, each normalised at most once per check: normalising is most of a changed check's
    /// CPU, and a confirmation re-check fetches the very text that is pending, which it compares with that pending text.
    /// </summary>
    private sealed class VersionTexts(IArchive archive, DocumentKey key, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _normalized = new(StringComparer.Ordinal);

        /// <summary>The normalised <paramref name="text"/> of version <paramref name="versionId"/> (its SHA-256: the id names the text).</summary>
        public string Normalized(string versionId, string text, DetectionSettings settings)
        {
            if (!_normalized.TryGetValue(versionId, out var normalized))
            {
                normalized = TextNormalizer.Normalize(text, settings);
                _normalized[versionId] = normalized;
            }

            return normalized;
        }

        public async Task<string?> GetAsync(string versionId)
        {
            if (_texts.TryGetValue(versionId, out var known))
            {
                return known;
            }

            var text = await archive.GetVersionAsync(key, versionId, cancellationToken);
            if (text is not null)
            {
                _texts[versionId] = text;
            }

            return text;
        }

        public async Task SaveAsync(string text) => _texts[await archive.SaveVersionAsync(key, text, cancellationToken)] = text;
    }

    /// <summary>Archives the fetched bytes at most once per check, and only when asked: when the text is news.</summary>
    private sealed class SnapshotOnce(IArchive archive, DocumentKey key, FetchResult fetched, IReadOnlyList<FetchResult> pages)
    {
        private string? _id;

        public async Task SaveAsync(DocumentState state, CancellationToken cancellationToken)
        {
            if (fetched.Outcome != FetchOutcome.Fetched)
            {
                return;
            }

            if (_id is null)
            {
                foreach (var page in pages.Count > 0 ? pages : [fetched])
                {
                    var id = await archive.SaveSnapshotAsync(key, page.Body, page.MediaType, cancellationToken);
                    _id ??= id;
                }
            }

            state.RecordSnapshot(_id!);
        }
    }

    /// <summary>
    /// One check of one document: what the catalog says of it, the state it works on (re-read after a concurrent write),
    /// and its cancellation. Passed whole instead of four arguments through every step.
    /// </summary>
    private sealed class CheckContext(Platform platform, DocumentDeclaration declaration, DocumentState state, IArchive archive, CancellationToken cancellationToken)
    {
        public VersionTexts Versions { get; } = new(archive, state.Document, cancellationToken);

        public Platform Platform { get; } = platform;

        public DocumentDeclaration Declaration { get; } = declaration;

        public DocumentState State { get; set; } = state;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public DocumentKey Key => State.Document;
    }

    private static ChangeContext Context(CheckContext check, DateTimeOffset detectedAt, string previousVersionId, string newVersionId) =>
        new(check.Platform.Id, check.Platform.Name, check.Declaration.Id, check.Declaration.Title, check.Declaration.TermsType, check.Declaration.Fetch, detectedAt, previousVersionId, newVersionId)
        {
            Detection = check.Declaration.Detection,
        };

    /// <summary>
    /// Writes what follows a committed version: the change record (rebuilt deterministically from the two archived
    /// versions), its history row and the <c>changes</c> message. Runs right after the commit, and again on the next check
    /// if the process died in between; every write is idempotent. Returns the change record, if the version has one.
    /// </summary>
    private async Task<ChangeRecord?> PublishAsync(CheckContext check)
    {
        var (state, key, cancellationToken) = (check.State, check.Key, check.CancellationToken);
        var versionId = state.UnpublishedVersionId!;
        var changeId = state.UnpublishedChangeId;
        var recordedAt = state.CurrentVersionAt ?? time.GetUtcNow();
        var text = await check.Versions.GetAsync(versionId)
            ?? throw new InvalidOperationException($"Version {versionId} of {key} was committed but is missing from the archive.");
        ChangeRecord? record = null;
        if (changeId is not null && state.UnpublishedPreviousVersionId is { } previousVersionId)
        {
            var previousText = await check.Versions.GetAsync(previousVersionId)
                ?? throw new InvalidOperationException($"Version {previousVersionId} of {key} is missing from the archive.");
            record = changeRecords.Build(Context(check, recordedAt, previousVersionId, versionId), previousText, text) with { Id = changeId };
            // Written once and kept with the record: a publish retried after a crash reuses the stored summary (a model
            // is never asked twice for one record).
            var stored = await changes.GetAsync(changeId, cancellationToken);
            record = record with { Summary = stored?.Summary ?? await summarizer.SummarizeAsync(record, cancellationToken) };
            await changes.SaveAsync(record, cancellationToken);
            telemetry.RecordChange(record.Severity);
        }

        var kind = state.VersionCount <= 1 ? VersionKind.First : changeId is null ? VersionKind.Technical : VersionKind.Substantive;
        await history.AddAsync(new VersionEntry(key, versionId, recordedAt, kind, state.LastSnapshotId, changeId, text.Length), cancellationToken);
        await readModels.OnVersionPublishedAsync(new PublicationNotice(key.PlatformId, key.DocumentId, check.Platform.Name, check.Declaration.Title, versionId, recordedAt, changeId), cancellationToken);
        if (changeId is not null)
        {
            await queue.EnqueueAsync(StorageNames.Queues.Changes, new ChangeNotice(changeId, check.Platform.Id, check.Declaration.Id), cancellationToken: cancellationToken);
        }

        state.MarkPublished();
        if (!await states.TrySaveAsync(state, cancellationToken))
        {
            // Someone else moved on from this state; they publish whatever is still unpublished.
            check.State = await states.GetAsync(key, cancellationToken) ?? state;
        }

        return record;
    }

    private async Task<CheckResult> RecordFailureAsync(CheckContext check, FailureKind kind, string reason, bool clearValidators = false, string? cause = null)
    {
        var (key, cancellationToken) = (check.Key, check.CancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var raiseAttention = check.State.RecordFailure(kind, reason, time.GetUtcNow(), check.Declaration.Detection.FailuresBeforeAttention, clearValidators);
            if (await TrySaveAsync(check, CheckOutcome.Failed))
            {
                LogCheckFailed(logger, key.ToString(), kind.ToString(), reason, check.State.FailureStreak);
                if (raiseAttention)
                {
                    await operatorNotifier.NeedsAttentionAsync(check.Platform, check.Declaration, check.State, cancellationToken);
                }

                return new CheckResult(key, CheckOutcome.Failed, Detail: $"{kind}: {reason}") { Failure = kind, Cause = cause };
            }

            if (attempt >= _options.MaxConcurrencyRetries)
            {
                return new CheckResult(key, CheckOutcome.Failed, Detail: $"{kind}: {reason} (not recorded: concurrent writes)") { Failure = kind, Cause = cause };
            }

            await BackOffAsync(attempt, cancellationToken);
            check.State = await states.GetAsync(key, cancellationToken) ?? new DocumentState(key);
        }
    }

    private async Task<CheckResult> Resumed(CheckContext check, bool wasAttention, CheckResult result)
    {
        if (wasAttention)
        {
            await operatorNotifier.TrackingResumedAsync(check.Platform, check.Declaration, check.State, check.CancellationToken);
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

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Check of {Document} skipped: its page is rendered by scripts and needs a browser fetch")]
    private static partial void LogNeedsBrowser(ILogger logger, string document);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Check of {Document} failed ({Kind}): {Reason}; failure streak {Streak}")]
    private static partial void LogCheckFailed(ILogger logger, string document, string kind, string reason, int streak);
}
