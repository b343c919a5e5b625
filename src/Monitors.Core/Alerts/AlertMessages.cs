namespace Monitors.Core.Alerts;

/// <summary>The body of a message on the <c>alerts</c> queue: send one subscriber the alert for one change record.</summary>
public sealed record AlertMessage(string SubscriberId, string ChangeId);

/// <summary>The body of a message on the <c>digests</c> queue: send one subscriber the digest of the 7 days before <paramref name="PeriodEnd"/>.</summary>
/// <param name="Week">ISO week of <paramref name="PeriodEnd"/>, e.g. <c>2026-W10</c>: the digest's idempotency key.</param>
public sealed record DigestMessage(string SubscriberId, string Week, DateTimeOffset PeriodEnd);
