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
}

/// <summary>Sends an email: SendGrid when an API key is configured, otherwise the outbox.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
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
}
