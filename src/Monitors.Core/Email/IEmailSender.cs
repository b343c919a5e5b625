namespace Monitors.Core.Email;

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
