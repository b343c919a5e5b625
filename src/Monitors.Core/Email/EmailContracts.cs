using System.ComponentModel.DataAnnotations;

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

/// <summary>Sends an email: SendGrid when an API key is configured, otherwise the outbox.</summary>
public interface IEmailSender
{
    /// <exception cref="EmailDeliveryException">The provider did not accept the email (after its own retries of transient failures).</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>An email was not accepted by the provider. Transient failures (429, 5xx, network) are worth retrying later.</summary>
public sealed class EmailDeliveryException : Exception
{
    public EmailDeliveryException(string message, bool isTransient, int? status = null, Exception? inner = null)
        : base(message, inner)
    {
        IsTransient = isTransient;
        Status = status;
    }

    public bool IsTransient { get; }

    /// <summary>The provider's HTTP status, when it answered.</summary>
    public int? Status { get; }
}

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
