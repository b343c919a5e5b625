namespace Monitors.Core.Email;

/// <summary>A rendered email: both parts, and the headers that matter (List-Unsubscribe, …).</summary>
public sealed record EmailMessage(
    string To,
    string Subject,
    string TextBody,
    string HtmlBody,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Identifies the email for idempotency and in the outbox, e.g. <c>alert-{subscriber}-{change}</c>.</summary>
    public string? Key { get; init; }

    /// <summary>
    /// Set by the delivery ledger: this <see cref="Key"/> goes out at most once. A sender that can tell (the outbox) makes
    /// a second send of it a no-op, so a run that died between sending and marking the delivery sent sends no second copy.
    /// </summary>
    public bool Once { get; init; }
}
