using Monitors.Core.Catalog;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>Whose a <c>checks</c> message is, seen from one receiver.</summary>
public enum CheckClaim
{
    /// <summary>This run enqueued it: handle it and report its result.</summary>
    Own,
    /// <summary>Anyone's to handle (a scheduled or confirmation check, or a check its run abandoned): handle it, report it apart.</summary>
    Shared,
    /// <summary>Another catalog's document, or a live run's check: put it back for its owner, never delete it.</summary>
    Leave,
}

/// <summary>
/// Several processes may share one storage account — two CLIs, a CLI and <c>monitors serve</c>, runners of different
/// catalogs — and so one <c>checks</c> queue. A receiver handles a message only when its catalog has the document and
/// the message is not another live run's; everything else is left on the queue for its owner. A run's message becomes
/// everyone's after <see cref="RunLease"/> (the run was killed), so nothing waits forever for a runner that is gone.
/// </summary>
public static class CheckOwnership
{
    /// <summary>How long a run's checks are its own. A <c>monitors check</c> of the whole catalog ends well within it.</summary>
    public static readonly TimeSpan RunLease = TimeSpan.FromMinutes(15);

    /// <param name="runId">The receiving run, or null for a runner with no run of its own (<c>serve</c>).</param>
    public static CheckClaim Decide(CheckMessage check, QueuedMessage message, PlatformCatalog catalog, string? runId)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Find(check.PlatformId)?.FindDocument(check.DocumentId) is null)
        {
            return CheckClaim.Leave;
        }

        if (check.RunId is null)
        {
            return CheckClaim.Shared;
        }

        if (runId is not null && string.Equals(check.RunId, runId, StringComparison.Ordinal))
        {
            return CheckClaim.Own;
        }

        return message.Age >= RunLease ? CheckClaim.Shared : CheckClaim.Leave;
    }

    /// <summary>A fresh run id: short, unique enough for the runs sharing one queue.</summary>
    public static string NewRunId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..12];
}
