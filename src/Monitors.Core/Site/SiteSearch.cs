using System.Collections;
using Monitors.Core.Changes;

namespace Monitors.Core.Site;

/// <summary>What a search asks for: words (each must start a word of the record) and filters; null means any.</summary>
public sealed record SiteQuery(
    string Words,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? PlatformId = null,
    Severity? Severity = null,
    string? TopicId = null,
    string? Regulation = null);

/// <summary>One page of a search's matches, newest first; <see cref="More"/> when a next page has some.</summary>
public sealed record SiteSearchPage(IReadOnlyList<ChangeIndexEntry> Entries, bool More);

/// <summary>
/// Keyword search over the change records: an inverted index (word → records) held in process, so a search reads the
/// postings of its words and applies the filters to those candidates, instead of reading every record's text (which
/// grew with the number of records: 1 s over 10,000 on Azurite). The index is filled from the site index
/// (<see cref="ISiteIndex.ListChangesAsync"/>) once, then kept current by the stamp of the change views
/// (<see cref="ISiteIndex.ChangesStampAsync"/>, one metadata read per search): when a publish anywhere (another
/// instance, the CLI) added entries, the search first reads the entries written since its last read (the publish
/// journal, <see cref="ISiteIndex.ListChangesWrittenSinceAsync"/>, from <see cref="ClockSkew"/> earlier, for writers whose
/// clocks run behind), and, at most every <see cref="FullReload"/>, everything again (bulk writes such as a rebuild do
/// not go through the journal). Words are runs of letters and digits, lowercased; a query word
/// matches the record words it starts ("retain" finds "retained"; "sub-processors" needs both "sub" and "processors").
/// </summary>
public sealed class SiteSearch(ISiteIndex index, TimeProvider time) : IDisposable
{
    /// <summary>How far before its last read an update reads the journal again: writers' clocks may run behind the reader's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How often, at most, a changed stamp makes the whole index read again rather than its newest entries.</summary>
    public static readonly TimeSpan FullReload = TimeSpan.FromMinutes(15);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _gate = new();
    private Postings _postings = new();
    private string? _stamp;
    private bool _loaded;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _readAt;

    /// <summary>How many records the index holds (for reports).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _postings.Live;
            }
        }
    }

    /// <summary>The matches of <paramref name="query"/>, newest first, after <paramref name="skip"/>, at most <paramref name="take"/>.</summary>
    public async Task<SiteSearchPage> FindAsync(SiteQuery query, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await RefreshAsync(cancellationToken);
        var words = Words(query.Words.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        lock (_gate)
        {
            return _postings.Find(words, query, skip, take);
        }
    }

    /// <summary>Brings the index up to the site index's current stamp (nothing to do when it has not moved).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var stamp = await index.ChangesStampAsync(cancellationToken);
        if (_loaded && stamp == _stamp)
        {
            return;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_loaded && stamp == _stamp)
            {
                return;
            }

            var now = time.GetUtcNow();
            var full = !_loaded || now - _loadedAt >= FullReload;
            var read = new List<ChangeIndexEntry>();
            var entries = full ? index.ListChangesAsync(cancellationToken: cancellationToken) : index.ListChangesWrittenSinceAsync(_readAt - ClockSkew, cancellationToken);
            await foreach (var entry in entries)
            {
                read.Add(entry);
            }

            var postings = full ? new Postings() : null;
            if (postings is not null)
            {
                postings.AddRange(read);
                postings.Seal();
            }

            lock (_gate)
            {
                if (postings is not null)
                {
                    _postings = postings;
                    _loadedAt = now;
                }
                else
                {
                    _postings.AddRange(read);
                    _postings.Seal();
                }

                _stamp = stamp;
                _readAt = now;
                _loaded = true;
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    /// <summary>The words of a text: runs of letters and digits.</summary>
    internal static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>The index proper; not thread-safe (<see cref="SiteSearch"/> guards it).</summary>
    private sealed class Postings
    {
        private readonly List<ChangeIndexEntry> _entries = [];
        private readonly List<int> _texts = [];
        private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _words = new(StringComparer.Ordinal);
        private int[] _newestFirst = [];

        public int Live => _byId.Count;

        public void AddRange(IEnumerable<ChangeIndexEntry> entries)
        {
            foreach (var entry in entries)
            {
                if (_byId.TryGetValue(entry.ChangeId, out var old))
                {
                    if (Same(_entries[old], _texts[old], entry))
                    {
                        continue; // read again unchanged (the look-back window)
                    }

                    // Replaced (a rebuild wrote it anew): the old slot's postings stay, but no list reaches it any more.
                }

                var at = _entries.Count;
                _entries.Add(entry with { SearchText = string.Empty });
                _texts.Add(entry.SearchText.GetHashCode(StringComparison.Ordinal));
                _byId[entry.ChangeId] = at;
                foreach (var word in Words(entry.SearchText).Distinct(StringComparer.Ordinal))
                {
                    if (!_words.TryGetValue(word, out var list))
                    {
                        _words[word] = list = [];
                    }

                    list.Add(at);
                }

            }
        }

        private static bool Same(ChangeIndexEntry held, int textHash, ChangeIndexEntry read) =>
            textHash == read.SearchText.GetHashCode(StringComparison.Ordinal)
            && held.DetectedAt == read.DetectedAt && held.Headline == read.Headline && held.Summary == read.Summary
            && held.Severity == read.Severity && held.IsSubstantive == read.IsSubstantive
            && held.PlatformName == read.PlatformName && held.DocumentTitle == read.DocumentTitle
            && held.TopicIds.SequenceEqual(read.TopicIds) && held.Regulations.SequenceEqual(read.Regulations) && held.Paths.SequenceEqual(read.Paths);

        /// <summary>Orders the live entries newest first, as the site lists them (after each batch of additions).</summary>
        public void Seal() =>
            _newestFirst = [.. _byId.Values.OrderByDescending(i => _entries[i].DetectedAt).ThenBy(i => _entries[i].ChangeId, StringComparer.Ordinal)];

        public SiteSearchPage Find(IReadOnlyList<string> words, SiteQuery query, int skip, int take)
        {
            BitArray? candidates = null;
            foreach (var word in words)
            {
                var matching = new BitArray(_entries.Count);
                foreach (var (term, list) in _words)
                {
                    if (term.StartsWith(word, StringComparison.Ordinal))
                    {
                        foreach (var i in list)
                        {
                            matching[i] = true;
                        }
                    }
                }

                candidates = candidates is null ? matching : candidates.And(matching);
            }

            var page = new List<ChangeIndexEntry>();
            var matches = 0;
            foreach (var i in _newestFirst)
            {
                if (candidates is not null && !candidates[i])
                {
                    continue;
                }

                var e = _entries[i];
                if ((query.From is { } from && e.DetectedAt < from)
                    || (query.To is { } to && e.DetectedAt > to)
                    || (query.PlatformId is { } p && e.PlatformId != p)
                    || (query.Severity is { } s && e.Severity != s)
                    || (query.TopicId is { } t && !e.TopicIds.Contains(t, StringComparer.Ordinal))
                    || (query.Regulation is { } r && !e.Regulations.Contains(r, StringComparer.Ordinal)))
                {
                    continue;
                }

                matches++;
                if (matches > skip + take)
                {
                    return new SiteSearchPage(page, true);
                }

                if (matches > skip)
                {
                    page.Add(e);
                }
            }

            return new SiteSearchPage(page, false);
        }
    }
}
