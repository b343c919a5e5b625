using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Core.Email;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Monitors.Azure.Email;

/// <summary>
/// Sends through SendGrid's v3 mail API. A 429, a 5xx or a network failure is retried here with exponential backoff
/// (<see cref="EmailOptions.SendAttempts"/>, <see cref="EmailOptions.SendRetryDelay"/>); when they run out, or on any
/// other refusal, it throws <see cref="EmailDeliveryException"/> and the queue message is retried (and finally poisoned).
/// </summary>
public sealed partial class SendGridEmailSender : IEmailSender
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
    private readonly SendGridClient _client;
    private readonly EmailOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SendGridEmailSender> _logger;

    public SendGridEmailSender(IOptions<EmailOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<SendGridEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options.Value;
        _time = time;
        _logger = logger;
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

        var attempts = Math.Max(1, _options.SendAttempts);
        for (var attempt = 1; ; attempt++)
        {
            EmailDeliveryException failure;
            TimeSpan? retryAfter = null;
            try
            {
                var response = await _client.SendEmailAsync(mail, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                var status = (int)response.StatusCode;
                var body = await response.Body.ReadAsStringAsync(cancellationToken);
                failure = new EmailDeliveryException(
                    $"SendGrid answered {status} for email '{message.Key ?? message.Subject}': {Truncate(body, 500)}",
                    isTransient: status == (int)HttpStatusCode.TooManyRequests || status >= 500,
                    status);
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException e)
            {
                failure = new EmailDeliveryException($"SendGrid could not be reached for email '{message.Key ?? message.Subject}': {e.Message}", isTransient: true, inner: e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new EmailDeliveryException($"SendGrid timed out for email '{message.Key ?? message.Subject}'", isTransient: true, inner: e);
            }

            if (!failure.IsTransient || attempt >= attempts)
            {
                throw failure;
            }

            var backoff = _options.SendRetryDelay * Math.Pow(2, attempt - 1);
            var delay = retryAfter is { } after && after > backoff ? (after < MaxRetryAfter ? after : MaxRetryAfter) : backoff;
            LogRetry(_logger, message.Key ?? message.Subject, failure.Status ?? 0, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "SendGrid refused email {EmailKey} with {Status} (attempt {Attempt}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string emailKey, int status, int attempt, double delayMs);
}
