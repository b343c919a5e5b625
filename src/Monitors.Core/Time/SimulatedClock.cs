namespace Monitors.Core.Time;

/// <summary>
/// A clock that only moves when told to. The demo and the replay run months of checks in seconds with it; everything
/// else uses <see cref="TimeProvider.System"/>. Thread-safe.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "A simulated clock never goes back.");
        }

        Interlocked.Add(ref _utcTicks, by.Ticks);
    }

    /// <summary>Moves to <paramref name="at"/>, or stays put if that is not later than now.</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        var now = GetUtcNow();
        if (at > now)
        {
            Advance(at - now);
        }
    }
}
