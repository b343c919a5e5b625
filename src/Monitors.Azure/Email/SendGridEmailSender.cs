using System.Net;
using Microsoft.Extensions.Options;
using Monitors.Core.Email;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Monitors.Azure.Email;

/// <summary>
/// Sends through SendGrid's v3 mail API. A 429, a 5xx or a network failure is retried by the <c>"sendgrid"</c> HTTP
/// client's resilience pipeline (<see cref="SendGridRetry"/>: <see cref="EmailOptions.SendAttempts"/>,
/// <see cref="EmailOptions.SendRetryDelay"/>); when they run out, or on any other refusal, it throws
/// <see cref="EmailDeliveryException"/> and the queue message is retried (and finally poisoned).
/// </summary>
public sealed class SendGridEmailSender : IEmailSender
{
    private readonly SendGridClient _client;
    private readonly EmailOptions _options;

    public SendGridEmailSender(IOptions<EmailOptions> options, IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
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

        // Retries (429, 5xx, network, with backoff and Retry-After) happen in the "sendgrid" client's resilience
        // pipeline (SendGridRetry); what arrives here is the last answer.
        try
        {
            var response = await _client.SendEmailAsync(mail, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var body = await response.Body.ReadAsStringAsync(cancellationToken);
            throw new EmailDeliveryException(
                $"SendGrid answered {status} for email '{message.Key ?? message.Subject}': {Truncate(body, 500)}",
                isTransient: status == (int)HttpStatusCode.TooManyRequests || status >= 500,
                status);
        }
        catch (HttpRequestException e)
        {
            throw new EmailDeliveryException($"SendGrid could not be reached for email '{message.Key ?? message.Subject}': {e.Message}", isTransient: true, inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailDeliveryException($"SendGrid timed out for email '{message.Key ?? message.Subject}'", isTransient: true, inner: e);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

}
