using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Core.Email;
using Polly;

namespace Monitors.Azure.Email;

/// <summary>
/// The retries of the <c>"sendgrid"</c> HTTP client, as a resilience pipeline (the same library as the document
/// fetcher's): a 429, a 5xx, a timeout or a network failure is tried again up to <see cref="EmailOptions.SendAttempts"/>
/// attempts in all, after <see cref="EmailOptions.SendRetryDelay"/> doubling each time — or after SendGrid's
/// Retry-After when that is longer, up to 30 s (a longer wait is the queue's job, not a held function's).
/// </summary>
internal static partial class SendGridRetry
{
    public const string ClientName = "sendgrid";

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    public static IHttpResiliencePipelineBuilder AddSendGridRetry(this IHttpClientBuilder client) =>
        client.AddResilienceHandler("sendgrid-retry", static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<EmailOptions>>().Value;
            if (options.SendAttempts <= 1)
            {
                return;
            }

            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<SendGridEmailSender>();
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.SendAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = options.SendRetryDelay,
                ShouldRetryAfterHeader = false,
                OnRetry = args =>
                {
                    var status = args.Outcome.Result is { } response ? (int)response.StatusCode : 0;
                    var key = args.Outcome.Result?.RequestMessage?.RequestUri?.AbsolutePath ?? "mail/send";
                    LogRetry(logger, key, status, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            };
            // Backoff, or SendGrid's Retry-After when it asks for longer (capped).
            retry.DelayGenerator = args =>
            {
                var backoff = options.SendRetryDelay * Math.Pow(2, args.AttemptNumber);
                var after = args.Outcome.Result?.Headers.RetryAfter?.Delta;
                TimeSpan? delay = after is { } wait && wait > backoff ? (wait < MaxRetryAfter ? wait : MaxRetryAfter) : backoff;
                return ValueTask.FromResult(delay);
            };
            pipeline.AddRetry(retry);
        });

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "SendGrid refused {Request} with {Status} (attempt {Attempt}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string request, int status, int attempt, double delayMs);
}
