using Microsoft.Extensions.Logging;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;

namespace Monitors.Core.Queues;

/// <summary>
/// The local runner's stand-in for the Functions host's queue trigger: takes messages from a queue, hands each to the
/// same handler the function calls, deletes it on success, and moves it to the poison queue after
/// <paramref name="maxDequeueCount"/> failed attempts (as host.json's <c>maxDequeueCount</c> does in Azure).
/// </summary>
public sealed partial class QueueRunner(IWorkQueue queue, ILogger<QueueRunner> logger)
{
    public const int DefaultMaxDequeueCount = 5;

    /// <summary>Handles visible messages until the queue has none; returns how many were handled successfully.</summary>
    public async Task<int> DrainAsync(
        string queueName,
        Func<string, CancellationToken, Task> handler,
        int maxDequeueCount = DefaultMaxDequeueCount,
        int parallelism = 4,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var handled = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var messages = await queue.ReceiveAsync(queueName, 16, TimeSpan.FromSeconds(30), cancellationToken);
            if (messages.Count == 0)
            {
                return handled;
            }

            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (message, ct) =>
            {
                if (await HandleOneAsync(message, handler, maxDequeueCount, ct))
                {
                    Interlocked.Increment(ref handled);
                }
            });
        }

        return handled;
    }

    private async Task<bool> HandleOneAsync(QueuedMessage message, Func<string, CancellationToken, Task> handler, int maxDequeueCount, CancellationToken cancellationToken)
    {
        try
        {
            await handler(message.Body, cancellationToken);
            await queue.DeleteAsync(message, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var poison = e is InvalidQueueMessageException || message.DequeueCount >= maxDequeueCount;
            LogHandlerFailed(logger, e, message.Queue, message.MessageId, message.DequeueCount, poison);
            if (poison)
            {
                await queue.MoveToPoisonAsync(message, cancellationToken);
            }

            return false;
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} failed (attempt {DequeueCount}); moved to poison: {Poisoned}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string queue, string messageId, long dequeueCount, bool poisoned);
}
