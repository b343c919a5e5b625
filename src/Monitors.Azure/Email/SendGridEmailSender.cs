using Microsoft.Extensions.Options;
using Monitors.Core.Email;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Monitors.Azure.Email;

/// <summary>Sends through SendGrid's v3 mail API. A 429 or 5xx throws <see cref="EmailDeliveryException"/> with <c>IsTransient</c>, so the queue retries.</summary>
public sealed class SendGridEmailSender : IEmailSender
{
    private readonly ISendGridClient _client;
    private readonly EmailOptions _options;

    public SendGridEmailSender(IOptions<EmailOptions> options, IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var clientOptions = new SendGridClientOptions { ApiKey = _options.SendGridApiKey };
        if (!string.IsNullOrWhiteSpace(_options.SendGridHost))
        {
            clientOptions.Host = _options.SendGridHost;
        }

        _client = new SendGridClient(httpClientFactory.CreateClient("sendgrid"), clientOptions);
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(_options.FromAddress, _options.FromName),
            new EmailAddress(message.To),
            message.Subject,
            message.TextBody,
            message.HtmlBody);
        if (message.Headers is { Count: > 0 })
        {
            mail.AddHeaders(message.Headers.ToDictionary(h => h.Key, h => h.Value));
        }

        if (message.Key is not null)
        {
            mail.AddCustomArg("monitors_key", message.Key);
        }

        var response = await _client.SendEmailAsync(mail, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var body = await response.Body.ReadAsStringAsync(cancellationToken);
            throw new EmailDeliveryException(
                $"SendGrid answered {status} for email '{message.Key ?? message.Subject}': {body}",
                isTransient: status == 429 || status >= 500);
        }
    }
}

/// <summary>An email was not accepted by the provider. Transient failures (429, 5xx) are retried by the queue.</summary>
public sealed class EmailDeliveryException(string message, bool isTransient) : Exception(message)
{
    public bool IsTransient { get; } = isTransient;
}
