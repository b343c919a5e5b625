using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Monitors.Core.Catalog;
using Monitors.Core.Changes;
using Monitors.Core.Checking;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;
using Monitors.Core.Site;
using Monitors.Core.Storage;

namespace Monitors.Core.Tests.Checking;

// Test doubles of the stores DocumentChecker writes, for unit tests of its transitions. They keep the contracts the
// Azure stores keep (content-addressed archive, ETag-guarded state, idempotent history and records), so a test that
// passes here exercises the checker's own decisions; the Azure stores themselves are tested against Azurite.

/// <summary>Snapshots and versions in memory, addressed by their SHA-256 as in Blob Storage.</summary>
internal sealed class InMemoryArchive : IArchive
{
    private readonly ConcurrentDictionary<(DocumentKey, string), byte[]> _snapshots = new();
    private readonly ConcurrentDictionary<(DocumentKey, string), string> _versions = new();

    public int SnapshotCount(DocumentKey document) => _snapshots.Keys.Count(k => k.Item1 == document);

    public int VersionCount(DocumentKey document) => _versions.Keys.Count(k => k.Item1 == document);

    public Task<string> SaveSnapshotAsync(DocumentKey document, ReadOnlyMemory<byte> body, string? mediaType, CancellationToken cancellationToken = default)
    {
        var id = ContentHasher.Sha256Hex(body.Span);
        _snapshots.TryAdd((document, id), body.ToArray());
        return Task.FromResult(id);
    }

    public Task<string> SaveVersionAsync(DocumentKey document, string canonicalText, CancellationToken cancellationToken = default)
    {
        var id = ContentHasher.Sha256Hex(canonicalText);
        _versions.TryAdd((document, id), canonicalText);
        return Task.FromResult(id);
    }

    private readonly ConcurrentDictionary<(DocumentKey, string), int> _reads = new();

    /// <summary>How many times the version was read (what a blob download would cost).</summary>
    public int Reads(DocumentKey document, string versionId) => _reads.GetValueOrDefault((document, versionId));

    public void ForgetReads() => _reads.Clear();

    public Task<string?> GetVersionAsync(DocumentKey document, string versionId, CancellationToken cancellationToken = default)
    {
        _reads.AddOrUpdate((document, versionId), 1, (_, n) => n + 1);
        return Task.FromResult(_versions.GetValueOrDefault((document, versionId)));
    }
}

/// <summary>
/// Document states in memory with the table's ETag rule: a save whose ETag is not the stored one changes nothing and
/// returns false. States are copied in and out, so the checker never mutates what is stored.
/// </summary>
internal sealed class InMemoryDocumentStateStore : IDocumentStateStore
{
    private static readonly System.Reflection.PropertyInfo[] Properties =
        typeof(DocumentState).GetProperties().Where(p => p.CanWrite).ToArray();

    private readonly Dictionary<DocumentKey, DocumentState> _states = [];
    private long _etag;

    public Task<DocumentState?> GetAsync(DocumentKey document, CancellationToken cancellationToken = default)
    {
        lock (_states)
        {
            return Task.FromResult(_states.TryGetValue(document, out var state) ? Copy(state) : null);
        }
    }

    public async IAsyncEnumerable<DocumentState> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        DocumentState[] all;
        lock (_states)
        {
            all = [.. _states.Values.Select(Copy)];
        }

        foreach (var state in all)
        {
            yield return state;
        }
    }

    public Task<bool> TrySaveAsync(DocumentState state, CancellationToken cancellationToken = default)
    {
        lock (_states)
        {
            var stored = _states.GetValueOrDefault(state.Document);
            if (stored?.ETag != state.ETag)
            {
                return Task.FromResult(false);
            }

            state.ETag = (++_etag).ToString(CultureInfo.InvariantCulture);
            _states[state.Document] = Copy(state);
            return Task.FromResult(true);
        }
    }

    private static DocumentState Copy(DocumentState state)
    {
        var copy = new DocumentState(state.Document);
        foreach (var property in Properties)
        {
            property.SetValue(copy, property.GetValue(state));
        }

        return copy;
    }
}

/// <summary>Version history in memory: one row per (document, version), the first write kept, listed newest first.</summary>
internal sealed class InMemoryVersionHistory : IVersionHistory
{
    private readonly ConcurrentDictionary<(DocumentKey, string), VersionEntry> _entries = new();

    public Task AddAsync(VersionEntry entry, CancellationToken cancellationToken = default)
    {
        _entries.TryAdd((entry.Document, entry.VersionId), entry);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<VersionEntry> ListAsync(DocumentKey document, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var entry in _entries.Values.Where(e => e.Document == document).OrderByDescending(e => e.RecordedAt))
        {
            yield return entry;
        }
    }

    public IReadOnlyList<VersionEntry> List(DocumentKey document) =>
        [.. _entries.Values.Where(e => e.Document == document).OrderByDescending(e => e.RecordedAt)];
}

/// <summary>Change records in memory, with the listing the <c>Changes</c> table keeps per platform.</summary>
internal sealed class InMemoryChangeStore : IChangeStore
{
    private readonly ConcurrentDictionary<string, ChangeRecord> _records = new(StringComparer.Ordinal);

    public IReadOnlyList<ChangeRecord> All => [.. _records.Values];

    public Task SaveAsync(ChangeRecord record, CancellationToken cancellationToken = default)
    {
        _records[record.Id] = record;
        return Task.CompletedTask;
    }

    public Task<ChangeRecord?> GetAsync(string changeId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.GetValueOrDefault(changeId));

    public async IAsyncEnumerable<ChangeListing> ListAsync(string platformId, DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var r in _records.Values.Where(r => r.PlatformId == platformId && (since is null || r.DetectedAt >= since)).OrderByDescending(r => r.DetectedAt))
        {
            yield return new ChangeListing(r.Id, r.PlatformId, r.DocumentId, r.DocumentTitle, r.DetectedAt, r.Headline, r.Severity, [.. r.Topics.Select(t => t.Id)]);
        }
    }
}

/// <summary>Queues in memory: what was enqueued, on which queue, with which delay. Nothing here receives messages.</summary>
internal sealed class InMemoryWorkQueue : IWorkQueue
{
    private readonly ConcurrentQueue<(string Queue, object Message, TimeSpan? Delay)> _sent = new();

    public IReadOnlyList<T> Sent<T>(string queue) => [.. _sent.Where(m => m.Queue == queue).Select(m => m.Message).OfType<T>()];

    public IReadOnlyList<TimeSpan?> Delays(string queue) => [.. _sent.Where(m => m.Queue == queue).Select(m => m.Delay)];

    public Task EnqueueAsync<T>(string queue, T message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue((queue, message!, visibilityDelay));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<QueuedMessage>>([]);

    public Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task MoveToPoisonAsync(QueuedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>
/// The site's read models in memory: each document's current clauses and the change index, as the checker's publish
/// step writes them (<see cref="SiteReadModels"/>). <see cref="ISiteIndex"/> itself is served by a proxy
/// (<see cref="AsSiteIndex"/>) that answers the members publishing uses and refuses the others: the site's list and
/// search members grow with the site's own work, and this double must not have to follow them.
/// </summary>
internal sealed class InMemorySiteIndex
{
    private readonly ConcurrentDictionary<DocumentKey, IReadOnlyList<ClauseEntry>> _clauses = new();
    private readonly ConcurrentDictionary<string, ChangeIndexEntry> _changes = new(StringComparer.Ordinal);

    public IReadOnlyList<ChangeIndexEntry> Changes => [.. _changes.Values];

    public IReadOnlyList<ClauseEntry> Clauses(DocumentKey document) => _clauses.GetValueOrDefault(document) ?? [];

    public ISiteIndex AsSiteIndex()
    {
        var proxy = DispatchProxy.Create<ISiteIndex, Proxy>();
        ((Proxy)(object)proxy).Index = this;
        return proxy;
    }

    /// <summary>Dispatches by member name; arguments are read by position (document, then clauses or entry), which extra optional parameters after them do not move.</summary>
#pragma warning disable CA1852 // DispatchProxy derives the proxy type from this class at run time: it must not be sealed.
    internal class Proxy : DispatchProxy
#pragma warning restore CA1852
    {
        public InMemorySiteIndex Index { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            ArgumentNullException.ThrowIfNull(args);
            switch (targetMethod.Name)
            {
                case nameof(ISiteIndex.ListClausesAsync):
                    return Task.FromResult(Index.Clauses((DocumentKey)args[0]!));
                case nameof(ISiteIndex.ReplaceClausesAsync):
                    Index._clauses[(DocumentKey)args[0]!] = (IReadOnlyList<ClauseEntry>)args[1]!;
                    return Task.CompletedTask;
                case nameof(ISiteIndex.AddChangeAsync):
                    var entry = (ChangeIndexEntry)args[0]!;
                    Index._changes[entry.ChangeId] = entry;
                    return Task.CompletedTask;
                default:
                    throw new NotSupportedException($"ISiteIndex.{targetMethod.Name} is not used when a version is published; the Azure index is tested against Azurite.");
            }
        }
    }
}

/// <summary>A web site in memory: what each URL answers now (a page, or a failed fetch), and how many times it was asked.</summary>
internal sealed class StubFetcher : IDocumentFetcher
{
    private readonly ConcurrentDictionary<Uri, Func<FetchRequest, FetchResult>> _answers = new();
    private readonly ConcurrentDictionary<Uri, int> _requests = new();

    public int Requests(Uri url) => _requests.GetValueOrDefault(url);

    public void ServeHtml(Uri url, string html) => _answers[url] = request => new FetchResult
    {
        Outcome = FetchOutcome.Fetched,
        RequestedUrl = request.Url,
        FinalUrl = request.Url,
        StatusCode = 200,
        Body = System.Text.Encoding.UTF8.GetBytes(html),
        MediaType = "text/html",
        Charset = "utf-8",
        Text = html,
    };

    public void Fail(Uri url, FailureKind kind, string reason) => _answers[url] = request => new FetchResult
    {
        Outcome = FetchOutcome.Failed,
        RequestedUrl = request.Url,
        Failure = kind,
        FailureReason = reason,
    };

    public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        _requests.AddOrUpdate(request.Url, 1, (_, n) => n + 1);
        return Task.FromResult(_answers.TryGetValue(request.Url, out var answer)
            ? answer(request)
            : new FetchResult { Outcome = FetchOutcome.Failed, RequestedUrl = request.Url, StatusCode = 404, Failure = FailureKind.NotFound, FailureReason = $"HTTP 404 from {request.Url.Host}" });
    }
}

/// <summary>What the checker told the operator.</summary>
internal sealed class RecordingOperatorNotifier : IOperatorNotifier
{
    public ConcurrentQueue<(string Kind, DocumentKey Document)> Notices { get; } = new();

    public Task NeedsAttentionAsync(Platform platform, DocumentDeclaration document, DocumentState state, CancellationToken cancellationToken = default)
    {
        Notices.Enqueue(("attention", state.Document));
        return Task.CompletedTask;
    }

    public Task TrackingResumedAsync(Platform platform, DocumentDeclaration document, DocumentState state, CancellationToken cancellationToken = default)
    {
        Notices.Enqueue(("resumed", state.Document));
        return Task.CompletedTask;
    }
}
