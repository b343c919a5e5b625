using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitors.Core.Email;
using Monitors.Core.Storage;
using Monitors.Core.Telemetry;

namespace Monitors.Core.Alerts;

/// <summary>
/// Sends an email at most once per (subscriber, key): claims a <c>Deliveries</c> row ("sending", ETag-guarded) before the
/// send, marks it "sent" after. A second delivery of the same queue message finds "sent" and sends nothing; one that
/// arrives while the first is still sending waits briefly and then lets the queue retry. A failed send marks the row
/// "failed" and rethrows, so the queue retries it; a sender that died mid-send is taken over after the lease.
/// </summary>
public sealed partial class DeliveryLedger(
    IDeliveryStore deliveries,
    IEmailSender sender,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    MonitorsTelemetry telemetry,
    ILogger<DeliveryLedger> logger,
    IStorageFaultClassifier? faults = null)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<DeliveryOutcome> SendOnceAsync(string subscriberId, string key, Func<EmailMessage> compose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var settings = options.Value;
        // Counted in polls, not clock time: under a simulated clock (demo, replay) time does not pass while we wait.
        var pollsLeft = (int)Math.Ceiling(settings.InFlightWait / PollInterval);
        Delivery? claim = null;
        while (claim is null)
        {
            var now = time.GetUtcNow();
            var existing = await deliveries.GetAsync(subscriberId, key, cancellationToken);
            if (existing is null)
            {
                claim = await deliveries.TryAddAsync(new Delivery(subscriberId, key, DeliveryState.Sending, 1, now), cancellationToken);
                continue;
            }

            switch (existing.State)
            {
                case DeliveryState.Sent:
                    LogAlreadySent(logger, subscriberId, key);
                    return DeliveryOutcome.AlreadySent;
                case DeliveryState.Sending when now - existing.StartedAt < settings.SendingLease:
                    if (pollsLeft-- <= 0)
                    {
                        throw new DeliveryInProgressException(subscriberId, key);
                    }

                    // Real time on purpose: this waits for another worker's send, not for a moment in the domain's clock
                    // (a simulated or fake clock would never let the wait end).
                    await Task.Delay(PollInterval, cancellationToken);
                    continue;
                default:
                    // Failed, or a sender that died while sending: take over.
                    claim = await deliveries.TryUpdateAsync(existing with { State = DeliveryState.Sending, Attempts = existing.Attempts + 1, StartedAt = now }, cancellationToken);
                    continue;
            }
        }

        var message = compose() with { Once = true };
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (faults.Unavailable(e) is { } outage)
            {
                // The sender writes to storage (the outbox) and storage is gone: nothing was sent, and the "sending"
                // claim cannot be released either. It lapses after the lease; the message stays on the queue.
                throw outage;
            }

            telemetry.RecordAlert(sent: false);
            var givingUp = claim.Attempts >= settings.MaxAttempts;
            if (givingUp)
            {
                LogGaveUp(logger, e, subscriberId, key, claim.Attempts);
            }
            else
            {
                LogSendFailed(logger, e, subscriberId, key, claim.Attempts);
            }

            await deliveries.TryUpdateAsync(claim with { State = DeliveryState.Failed, LastError = Truncate(e.Message, 1000) }, CancellationToken.None);
            throw;
        }

        var sent = await deliveries.TryUpdateAsync(claim with { State = DeliveryState.Sent, SentAt = time.GetUtcNow(), LastError = null, Subject = Truncate(message.Subject, 250) }, CancellationToken.None);
        if (sent is null)
        {
            // Only a sender that took over after our lease ran out can have written the row; it may have sent a second copy.
            LogLeaseLost(logger, subscriberId, key);
        }

        telemetry.RecordAlert(sent: true);
        LogSent(logger, subscriberId, key, claim.Attempts);
        return DeliveryOutcome.Sent;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Sent {Key} to subscriber {SubscriberId} (attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string subscriberId, string key, int attempt);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "{Key} to subscriber {SubscriberId} was sent already; nothing sent")]
    private static partial void LogAlreadySent(ILogger logger, string subscriberId, string key);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Sending {Key} to subscriber {SubscriberId} failed (attempt {Attempt}); the queue retries it")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string subscriberId, string key, int attempt);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Sending {Key} to subscriber {SubscriberId} failed {Attempt} times; giving up, the message goes to the poison queue")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string subscriberId, string key, int attempt);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "{Key} to subscriber {SubscriberId} was taken over by another sender after the lease ran out")]
    private static partial void LogLeaseLost(ILogger logger, string subscriberId, string key);
}
