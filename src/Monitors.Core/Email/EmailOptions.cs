using System.ComponentModel.DataAnnotations;

namespace Monitors.Core.Email;

/// <summary>Section <c>Monitors:Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Monitors:Email";

    /// <summary>SendGrid API key; in Azure a Key Vault reference. Without it, emails go to the outbox.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>SendGrid API host; tests point it at a loopback listener.</summary>
    public string? SendGridHost { get; set; }

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "monitors@localhost.localdomain";

    public string FromName { get; set; } = "Monitors";

    /// <summary>Where "needs attention" and "tracking resumed" emails go. None are sent when empty.</summary>
    [EmailAddress]
    public string? OperatorAddress { get; set; }

    /// <summary>Local folder the outbox also writes to (the CLI prints it). Empty: blob container only.</summary>
    public string? OutboxDirectory { get; set; }

    /// <summary>Attempts per send when SendGrid answers 429 or 5xx (or the network fails); then the queue retries the message.</summary>
    [Range(1, 10)]
    public int SendAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; each next one doubles it. A 429's Retry-After wins when longer (up to 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SendRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
