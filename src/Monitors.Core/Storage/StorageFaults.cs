namespace Monitors.Core.Storage;

/// <summary>
/// Azure Storage (or Azurite) did not answer, after the client's bounded retries: the run cannot go on, and nothing it
/// stopped in the middle of is lost — every step is idempotent, so the next run resumes where this one stopped.
/// The message is one sentence a person reads: which store, and what to do.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Tells a storage outage (connection refused or reset, timeout, 5xx after the retries) apart from every other failure,
/// so that queue workers stop instead of poisoning messages and commands end with one clear line. The storage adapter
/// (<c>Monitors.Azure</c>) knows its client's exceptions and implements it.
/// </summary>
public interface IStorageFaultClassifier
{
    /// <summary>The outage <paramref name="exception"/> stands for, or null when it is not one.</summary>
    StorageUnavailableException? AsUnavailable(Exception exception);
}

/// <summary>Helpers over an optional classifier (the core runs without storage adapters in unit tests).</summary>
public static class StorageFaults
{
    /// <summary>The outage, when <paramref name="exception"/> is one (already classified, or recognised by <paramref name="classifier"/>).</summary>
    public static StorageUnavailableException? Unavailable(this IStorageFaultClassifier? classifier, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception as StorageUnavailableException
            ?? (exception as AggregateException)?.InnerExceptions.OfType<StorageUnavailableException>().FirstOrDefault()
            ?? classifier?.AsUnavailable(exception);
    }
}
