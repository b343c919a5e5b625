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

        var state = await states.GetAsync(key, cancellationToken) ?? new DocumentState(key);
        if (state.UnpublishedVersionId is not null)
        {
            (state, _) = await PublishAsync(platform, declaration, state, cancellationToken);
        }

        if (declaration.NeedsBrowser)
        {
            // The served HTML of a script-rendered page is an empty shell: checking it would record nothing true.
            LogNeedsBrowser(logger, key.ToString());
            return new CheckResult(key, CheckOutcome.NeedsBrowser,
                Detail: "not checked: the page is rendered by scripts (executeClientScripts) and needs a browser fetch; see docs/catalog.md");
        }

        // Every page of the document, fetched and extracted in order and joined; one failing page fails the document.
        var read = await reader.ReadAsync(declaration, state.HttpETag, state.HttpLastModified, cancellationToken);
        var fetched = read.Fetch;
        if (read.Outcome == FetchOutcome.Failed)
        {
            if (read.Evidence is { } evidence)
            {
                // Kept as evidence of what the site served instead of a page we can read.
                await archive.SaveSnapshotAsync(key, evidence.Body, evidence.MediaType, cancellationToken);
            }

            return await RecordFailureAsync(platform, declaration, state, read.Failure, read.FailureReason ?? "fetch failed", cancellationToken, cause: read.FailureCause);
        }

        string? text;
        string versionId;
        if (read.Outcome == FetchOutcome.NotModified)
        {
            // 304: the page is what our last successful fetch got. When that is the current version, nothing needs its
            // text (the check is unchanged), so it is not read back from the archive: a 304 costs one table read and write.
            var lastFetched = state.LastFetchedVersionId is null ? null
                : state.LastFetchedVersionId == state.CurrentVersionId ? null
                : await archive.GetVersionAsync(key, state.LastFetchedVersionId, cancellationToken);
            if (state.LastFetchedVersionId is null || (lastFetched is null && state.LastFetchedVersionId != state.CurrentVersionId))
            {
                return await RecordFailureAsync(platform, declaration, state, FailureKind.Transient,
                    $"HTTP 304 from {declaration.Fetch.Host} but no earlier version is archived; the next check fetches without validators", cancellationToken, clearValidators: true);
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
            var result = await DecideAndCommitAsync(platform, declaration, state, fetched, snapshot, text, versionId, cancellationToken);
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
        SnapshotOnce snapshot,
        string? fetchedText,
        string versionId,
        CancellationToken cancellationToken)
    {
        var key = state.Document;
        // Null only for a 304 of the current version, which the unchanged branch below handles without reading it.
        string Text() => fetchedText ?? throw new InvalidOperationException($"The text of {key} version {versionId} was not loaded.");
        var now = time.GetUtcNow();
        var settings = declaration.Detection;
        var resumed = state.NeedsAttention;
        MarkSuccessfulFetch(state, fetched, versionId, now);

        if (state.CurrentVersionId is null)
        {
            // Nothing to compare with yet: an error page must still never become the first version.
            var firstVerdict = SuspiciousVersionGuard.Check(null, Text(), settings);
            if (firstVerdict.IsSuspicious)
            {
                await snapshot.SaveAsync(state, cancellationToken);
                return await RecordFailureAsync(platform, declaration, state, FailureKind.Suspicious, firstVerdict.Reason!, cancellationToken);
            }

            await snapshot.SaveAsync(state, cancellationToken);
            await archive.SaveVersionAsync(key, Text(), cancellationToken);
            state.CurrentVersionId = versionId;
            state.CurrentVersionAt = now;
            state.VersionCount = 1;
            state.UnpublishedVersionId = versionId;
            state.Variants = VariantMemory.Remember([], versionId, TextNormalizer.Hash(TextNormalizer.Normalize(Text(), settings)), now);
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
            state.Variants = Seen(state.Variants, versionId, now);
            var outcome = flapped ? CheckOutcome.Flap : CheckOutcome.Unchanged;
            state.LastOutcome = outcome.ToString();
            if (!await states.TrySaveAsync(state, cancellationToken))
            {
                return null;
            }

            return await Resumed(resumed, new CheckResult(key, outcome, versionId, Detail: flapped ? "the page went back to the current version before the change was confirmed" : null), platform, declaration, state, cancellationToken);
        }

        var normalized = TextNormalizer.Normalize(Text(), settings);
        var normalizedHash = TextNormalizer.Hash(normalized);
        string? currentText = null;
        if (!state.Variants.Any(v => v.VersionId == state.CurrentVersionId))
        {
            // A state saved before variant memory existed (or whose current version aged out): the current version is a variant.
            currentText = await ReadVersionAsync(key, state.CurrentVersionId, cancellationToken);
            state.Variants = VariantMemory.Remember(state.Variants, state.CurrentVersionId, TextNormalizer.Hash(TextNormalizer.Normalize(currentText, settings)), state.CurrentVersionAt ?? now);
        }

        var current = state.Variants.First(v => v.VersionId == state.CurrentVersionId);
        var remembered = VariantMemory.Find(state.Variants, normalizedHash);
        var move = VariantMemory.MoveKey(current.NormalizedHash, normalizedHash);
        if (remembered is not null && (remembered == current || state.KnownToggles.Contains(move)))
        {
            return await RecordKnownVariantAsync(platform, declaration, state, remembered, [], now, resumed, cancellationToken);
        }

        currentText ??= await ReadVersionAsync(key, state.CurrentVersionId, cancellationToken);
        var currentBlocks = VariantMemory.Blocks(TextNormalizer.Normalize(currentText, settings));
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
                return await RecordKnownVariantAsync(platform, declaration, state, remembered, [move], now, resumed, cancellationToken);
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
                if (await archive.GetVersionAsync(key, variant.VersionId, cancellationToken) is { } variantText)
                {
                    candidates.Add((variant.VersionId, variantText, VariantMemory.Blocks(TextNormalizer.Normalize(variantText, settings))));
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
                return await RecordFailureAsync(platform, declaration, state, FailureKind.Suspicious, verdict.Reason!, cancellationToken);
            }

            // The text waiting for confirmation, fetched again with another per-request token, is the same candidate.
            newVersionId = await SamePendingTextAsync(state, normalizedHash, settings, cancellationToken) ?? versionId;
            if (newVersionId == versionId)
            {
                await archive.SaveVersionAsync(key, Text(), cancellationToken);
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
                CommitVersion(state, newVersionId, now);
                state.Variants = VariantMemory.Remember(state.Variants, newVersionId, normalizedHash, now);
                state.KnownToggles = VariantMemory.AddToggles(state.KnownToggles, [move]);
                state.LastOutcome = nameof(CheckOutcome.Technical);
                if (!await states.TrySaveAsync(state, cancellationToken))
                {
                    return null;
                }

                await PublishAsync(platform, declaration, state, cancellationToken);
                return await Resumed(resumed, new CheckResult(key, CheckOutcome.Technical, newVersionId, Detail: $"a new variant of {Short(previous)}: only changes already seen differ ({hunks.Count} known toggles)"), platform, declaration, state, cancellationToken);
            }
        }

        // Substantive: record it only once a re-fetch after the confirmation delay still sees it.
        var confirmDelay = _options.ConfirmDelay ?? settings.ConfirmDelay;
        var confirmed = confirmDelay <= TimeSpan.Zero
            || (state.PendingVersionId == newVersionId && state.PendingSince is { } since && now - since >= confirmDelay);
        if (!confirmed)
        {
            var firstSighting = state.PendingVersionId != newVersionId;
            if (firstSighting)
            {
                state.PendingVersionId = newVersionId;
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

            return await Resumed(resumed, new CheckResult(key, CheckOutcome.PendingConfirmation, newVersionId, Detail: $"re-check after {state.PendingSince!.Value + confirmDelay:u}"), platform, declaration, state, cancellationToken);
        }

        // The change record compares with the nearest variant: a real edit to either variant is one record, never the
        // difference between two variants. Its hunks and this move become known: seen again, they are an alternation.
        CommitVersion(state, newVersionId, now);
        state.Variants = VariantMemory.Remember(state.Variants, newVersionId, normalizedHash, now);
        state.KnownToggles = VariantMemory.AddToggles(state.KnownToggles, hunks.Append(move));
        state.UnpublishedPreviousVersionId = previousVersionId;
        state.UnpublishedChangeId = ChangeRecordIds.For(Context(platform, declaration, now, previousVersionId, newVersionId));
        state.LastOutcome = nameof(CheckOutcome.Changed);
        if (!await states.TrySaveAsync(state, cancellationToken))
        {
            return null;
        }

        var changeId = state.UnpublishedChangeId;
        var (_, record) = await PublishAsync(platform, declaration, state, cancellationToken);
        LogChangeRecorded(logger, key.ToString(), changeId, record?.Severity.ToString() ?? "?");
        return await Resumed(resumed, new CheckResult(key, CheckOutcome.Changed, newVersionId, changeId, record?.Headline), platform, declaration, state, cancellationToken);
    }

    /// <summary>
    /// The fetched text normalises to a remembered variant. The current one: only what normalisation hides differs (a
    /// per-request token), so nothing is archived and only the check time moves. Another one, by a move already seen: a
    /// flap in an established alternation (an A/B test, a regional notice); the current version becomes that variant, no
    /// change record, no history row.
    /// </summary>
    private async Task<CheckResult?> RecordKnownVariantAsync(
        Platform platform, DocumentDeclaration declaration, DocumentState state, RememberedVariant remembered, IReadOnlyList<string> knownNow, DateTimeOffset now, bool resumed, CancellationToken cancellationToken)
    {
        var key = state.Document;
        var wasPending = state.PendingVersionId is not null;
        var isCurrent = remembered.VersionId == state.CurrentVersionId;
        state.PendingVersionId = null;
        state.PendingSince = null;
        // A later 304 means "what this fetch got", and that reads the same as the archived variant.
        state.LastFetchedVersionId = remembered.VersionId;
        state.Variants = VariantMemory.Remember(state.Variants, remembered.VersionId, remembered.NormalizedHash, now);
        state.KnownToggles = VariantMemory.AddToggles(state.KnownToggles, knownNow);
        if (!isCurrent)
        {
            state.CurrentVersionId = remembered.VersionId;
            state.CurrentVersionAt = remembered.FirstSeen;
        }

        var outcome = isCurrent && !wasPending ? CheckOutcome.Technical : CheckOutcome.Flap;
        state.LastOutcome = outcome.ToString();
        if (!await states.TrySaveAsync(state, cancellationToken))
        {
            return null;
        }

        var detail = isCurrent
            ? (wasPending ? "the page went back to the current version before the change was confirmed" : "differs from the current version only in what normalisation hides; nothing archived")
            : $"returned to the variant first seen on {remembered.FirstSeen:yyyy-MM-dd}";
        return await Resumed(resumed, new CheckResult(key, outcome, remembered.VersionId, Detail: detail), platform, declaration, state, cancellationToken);
    }

    /// <summary>The pending version's id when its text normalises to the same hash as the fetched one, else null.</summary>
    private async Task<string?> SamePendingTextAsync(DocumentState state, string normalizedHash, DetectionSettings settings, CancellationToken cancellationToken) =>
        state.PendingVersionId is { } pending
        && await archive.GetVersionAsync(state.Document, pending, cancellationToken) is { } pendingText
        && TextNormalizer.Hash(TextNormalizer.Normalize(pendingText, settings)) == normalizedHash
            ? pending
            : null;

    private async Task<string> ReadVersionAsync(DocumentKey key, string versionId, CancellationToken cancellationToken) =>
        await archive.GetVersionAsync(key, versionId, cancellationToken)
            ?? throw new InvalidOperationException($"Version {versionId} of {key} is recorded as a variant but is missing from the archive.");

    /// <summary>The variants with the one of this version marked as seen now (unchanged when it is not remembered).</summary>
    private static IReadOnlyList<RememberedVariant> Seen(IReadOnlyList<RememberedVariant> variants, string versionId, DateTimeOffset now) =>
        variants.FirstOrDefault(v => v.VersionId == versionId) is { } variant
            ? VariantMemory.Remember(variants, variant.VersionId, variant.NormalizedHash, now)
            : variants;

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

            state.LastSnapshotId = _id;
        }
    }

    private static ChangeContext Context(Platform platform, DocumentDeclaration declaration, DateTimeOffset detectedAt, string previousVersionId, string newVersionId) =>
        new(platform.Id, platform.Name, declaration.Id, declaration.Title, declaration.TermsType, declaration.Fetch, detectedAt, previousVersionId, newVersionId) { Detection = declaration.Detection };

    private static void MarkSuccessfulFetch(DocumentState state, FetchResult fetched, string versionId, DateTimeOffset now)
    {
        if (fetched.Outcome == FetchOutcome.Fetched)
        {
            state.HttpETag = fetched.ETag;
            state.HttpLastModified = fetched.LastModified;
            state.LastFetchedVersionId = versionId;
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
            // Written once and kept with the record: a publish retried after a crash reuses the stored summary (a model
            // is never asked twice for one record).
            var stored = await changes.GetAsync(changeId, cancellationToken);
            record = record with { Summary = stored?.Summary ?? await summarizer.SummarizeAsync(record, cancellationToken) };
            await changes.SaveAsync(record, cancellationToken);
            telemetry.RecordChange(record.Severity);
        }

        var kind = state.VersionCount <= 1 ? VersionKind.First : changeId is null ? VersionKind.Technical : VersionKind.Substantive;
        await history.AddAsync(new VersionEntry(key, versionId, recordedAt, kind, state.LastSnapshotId, changeId, text.Length), cancellationToken);
        await readModels.OnVersionPublishedAsync(key, platform.Name, declaration.Title, text, recordedAt, record, cancellationToken);
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
        bool clearValidators = false,
        string? cause = null)
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

                return new CheckResult(key, CheckOutcome.Failed, Detail: $"{kind}: {reason}") { Failure = kind, Cause = cause };
            }

            if (attempt >= _options.MaxConcurrencyRetries)
            {
                return new CheckResult(key, CheckOutcome.Failed, Detail: $"{kind}: {reason} (not recorded: concurrent writes)") { Failure = kind, Cause = cause };
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

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Check of {Document} skipped: its page is rendered by scripts and needs a browser fetch")]
    private static partial void LogNeedsBrowser(ILogger logger, string document);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Check of {Document} failed ({Kind}): {Reason}; failure streak {Streak}")]
    private static partial void LogCheckFailed(ILogger logger, string document, string kind, string reason, int streak);
}
