using Microsoft.Extensions.Logging;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;

namespace Monitors.Core.Queues;

/// <summary>What a handler did with one message.</summary>
public enum MessageHandling
{
    /// <summary>Handled: the message is deleted.</summary>
    Handled,
    /// <summary>Not this receiver's to handle (another catalog's document, another live run's check): put back for its owner, never deleted.</summary>
    Left,
}

/// <summary>
/// The local runner's stand-in for the Functions host's queue trigger: takes messages from a queue, hands each to the
/// same handler the function calls, deletes it on success, and moves it to the poison queue after
/// <paramref name="maxDequeueCount"/> failed attempts (as host.json's <c>maxDequeueCount</c> does in Azure).
/// A storage outage is not a failed attempt: the drain stops with <see cref="StorageUnavailableException"/>, the
/// messages it was handling stay on the queue (visible again after the visibility timeout) and nothing is poisoned.
/// </summary>
public sealed partial class QueueRunner(IWorkQueue queue, ILogger<QueueRunner> logger, IStorageFaultClassifier? faults = null)
{
    public const int DefaultMaxDequeueCount = 5;

    /// <summary>How long a message left for another receiver stays hidden from this one, so a drain does not take it again at once.</summary>
    public static readonly TimeSpan LeftMessageDelay = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Handles visible messages until the queue has none; returns how many were handled successfully.</summary>
    /// <exception cref="StorageUnavailableException">Storage stopped answering; the drain stopped, nothing was poisoned.</exception>
    public Task<int> DrainAsync(
        string queueName,
        Func<string, CancellationToken, Task> handler,
        int maxDequeueCount = DefaultMaxDequeueCount,
        int parallelism = 4,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return DrainAsync(queueName, async (message, ct) =>
        {
            await handler(message.Body, ct);
            return MessageHandling.Handled;
        }, maxDequeueCount, parallelism, cancellationToken);
    }

    /// <summary>
    /// Handles visible messages until the queue has none, or until every message it sees is left for another receiver;
    /// returns how many were handled successfully.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage stopped answering; the drain stopped, nothing was poisoned.</exception>
    public async Task<int> DrainAsync(
        string queueName,
        Func<QueuedMessage, CancellationToken, Task<MessageHandling>> handler,
        int maxDequeueCount = DefaultMaxDequeueCount,
        int parallelism = 4,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var handled = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var messages = await queue.ReceiveAsync(queueName, 16, VisibilityTimeout, cancellationToken);
                if (messages.Count == 0)
                {
                    return handled;
                }

                var taken = 0;
                await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (message, ct) =>
                {
                    var outcome = await HandleOneAsync(message, handler, maxDequeueCount, ct);
                    if (outcome != Outcome.Left)
                    {
                        Interlocked.Increment(ref taken);
                    }

                    if (outcome == Outcome.Handled)
                    {
                        Interlocked.Increment(ref handled);
                    }
                });

                if (taken == 0)
                {
                    // Everything visible belongs to someone else: leave it to them rather than spin on it.
                    return handled;
                }
            }
        }
        catch (Exception e) when (faults.Unavailable(e) is { } outage && outage != e)
        {
            throw outage;
        }

        return handled;
    }

    private enum Outcome
    {
        Handled,
        Failed,
        Left,
    }

    private async Task<Outcome> HandleOneAsync(QueuedMessage message, Func<QueuedMessage, CancellationToken, Task<MessageHandling>> handler, int maxDequeueCount, CancellationToken cancellationToken)
    {
        MessageHandling handling;
        try
        {
            handling = await handler(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (faults.Unavailable(e) is { } outage)
            {
                // Not the message's fault: it stays on the queue for the next run, and the drain stops.
                LogStorageUnavailable(logger, message.Queue, message.MessageId, outage.Message);
                throw outage;
            }

            var poison = e is InvalidQueueMessageException || message.DequeueCount >= maxDequeueCount;
            LogHandlerFailed(logger, e, message.Queue, message.MessageId, message.DequeueCount, poison);
            if (poison)
            {
                await queue.MoveToPoisonAsync(message, cancellationToken);
            }

            return Outcome.Failed;
        }

        if (handling == MessageHandling.Left)
        {
            await queue.ReleaseAsync(message, LeftMessageDelay, cancellationToken);
            return Outcome.Left;
        }

        await queue.DeleteAsync(message, cancellationToken);
        return Outcome.Handled;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} failed (attempt {DequeueCount}); moved to poison: {Poisoned}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string queue, string messageId, long dequeueCount, bool poisoned);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Message {MessageId} on {Queue} stays on the queue: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string queue, string messageId, string reason);
}
