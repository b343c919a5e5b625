using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Monitors.Core.Fetching;

/// <summary>
/// What the fetcher remembers per host (scheme, name and port): how many requests are in flight there (at most
/// <see cref="FetchOptions.MaxConcurrentPerHost"/>, so a catalog with many documents on one site never hits it with a
/// whole cycle at once), and whether it recently left a request unanswered until the timeout. Such a host is not waited
/// for again until <see cref="FetchOptions.UnresponsiveHostPause"/> has passed: its other documents fail at once as
/// transient, so ten hanging hosts cost a check cycle one timeout, not one per document. One entry per host, never per
/// document.
/// </summary>
public sealed class HostLimits(IOptions<FetchOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Host> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a free request slot on <paramref name="url"/>'s host; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = For(url);
        await host.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(host.Slots);
    }

    /// <summary>When <paramref name="url"/>'s host left a request unanswered within the pause: when that was; else null.</summary>
    public DateTimeOffset? UnresponsiveSince(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!_hosts.TryGetValue(url.GetLeftPart(UriPartial.Authority), out var host) || host.UnresponsiveAt is not { } at)
        {
            return null;
        }

        return time.GetUtcNow() - at < options.Value.UnresponsiveHostPause ? at : null;
    }

    /// <summary>Remembers that <paramref name="url"/>'s host did not answer within the timeout.</summary>
    public void MarkUnresponsive(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        For(url).UnresponsiveAt = time.GetUtcNow();
    }

    /// <summary>The host answered: forget an earlier timeout.</summary>
    public void MarkResponsive(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_hosts.TryGetValue(url.GetLeftPart(UriPartial.Authority), out var host))
        {
            host.UnresponsiveAt = null;
        }
    }

    private Host For(Uri url) => _hosts.GetOrAdd(url.GetLeftPart(UriPartial.Authority), static (_, limit) => new Host(limit), options.Value.MaxConcurrentPerHost);

    private sealed class Host(int limit)
    {
        private long _unresponsiveTicks;

        public SemaphoreSlim Slots { get; } = new(limit, limit);

        /// <summary>Read and written by concurrent fetches: kept as UTC ticks (0 = answered), so no write is ever torn.</summary>
        public DateTimeOffset? UnresponsiveAt
        {
            get => Interlocked.Read(ref _unresponsiveTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
            set => Interlocked.Exchange(ref _unresponsiveTicks, value?.UtcTicks ?? 0);
        }
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
