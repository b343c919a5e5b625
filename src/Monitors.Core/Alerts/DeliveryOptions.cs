using System.ComponentModel.DataAnnotations;

namespace Monitors.Core.Alerts;

/// <summary>Section <c>Monitors:Deliveries</c>.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Monitors:Deliveries";

    /// <summary>How long a "sending" row holds its claim. After it, a sender that died is presumed dead and another takes over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a duplicate delivery waits for an in-flight send of the same email before it lets the queue retry later.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts after which a failing email is logged as given up (the queue's <c>maxDequeueCount</c>, 5 in host.json's default).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>Section <c>Monitors:Digest</c>.</summary>
public sealed class DigestOptions
{
    public const string Section = "Monitors:Digest";

    /// <summary>Whether a week without changes still sends a short "nothing changed on your platforms" email.</summary>
    public bool SendEmptyDigest { get; set; } = true;
}
