using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
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

    /// <summary>
    /// How long a poller that left messages for their owners stays away from that queue once they are visible again, so
    /// the owners (a <c>monitors check</c> waiting on its own checks) find them before the poller takes them back.
    /// </summary>
    public static readonly TimeSpan OwnerWindow = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Per queue: until when (<see cref="Stopwatch"/> timestamp) <see cref="PollAsync"/> leaves it to the owners of the messages it left.</summary>
    private readonly ConcurrentDictionary<string, long> _leftToOwnersUntil = new(StringComparer.Ordinal);

    /// <summary>The most messages one receive may ask for (the Queue service's limit).</summary>
    private const int MaxMessagesPerReceive = 32;

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
    /// One poll of a background worker (<c>monitors serve</c>): <see cref="DrainAsync(string, Func{QueuedMessage, CancellationToken, Task{MessageHandling}}, int, int, CancellationToken)"/>,
    /// except that after a drain that ended on messages it left for another receiver, the queue is not polled again
    /// until those messages have been visible to their owners for <see cref="OwnerWindow"/>. A worker polling faster than
    /// a run waiting for its own checks would otherwise take them back each time they reappear, and the run would wait on
    /// them forever. A run draining its own checks calls <c>DrainAsync</c> and never steps aside.
    /// </summary>
    public async Task<int> PollAsync(string queueName, Func<QueuedMessage, CancellationToken, Task<MessageHandling>> handler, CancellationToken cancellationToken = default)
    {
        if (_leftToOwnersUntil.TryGetValue(queueName, out var until) && Stopwatch.GetTimestamp() < until)
        {
            return 0;
        }

        var left = new StrongBox<bool>();
        var handled = await DrainAsync(queueName, async (message, ct) =>
        {
            var handling = await handler(message, ct);
            if (handling == MessageHandling.Left)
            {
                left.Value = true;
            }

            return handling;
        }, cancellationToken: cancellationToken);
        if (left.Value)
        {
            _leftToOwnersUntil[queueName] = Stopwatch.GetTimestamp() + (long)((LeftMessageDelay + OwnerWindow).TotalSeconds * Stopwatch.Frequency);
        }
        else
        {
            _leftToOwnersUntil.TryRemove(queueName, out _);
        }

        return handled;
    }

    /// <summary>
    /// Handles visible messages until the queue has none, or until every message it sees is left for another receiver;
    /// returns how many were handled successfully. Up to <paramref name="parallelism"/> messages are handled at once, and a
    /// free slot takes the next message at once: one slow message (a site that does not answer) holds its own slot,
    /// never the others, and never waits in a batch for its turn while its visibility timeout runs.
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
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var handled = 0;
        var onlyLeft = false;
        Exception? failure = null;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(parallelism, parallelism);
        var running = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested && !Volatile.Read(ref onlyLeft))
            {
                // Take as many messages as there are free slots, so none waits for a slot while its visibility timeout runs.
                await slots.WaitAsync(stopping.Token);
                var free = 1;
                while (free < MaxMessagesPerReceive && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                var messages = await queue.ReceiveAsync(queueName, free, VisibilityTimeout, stopping.Token);
                if (messages.Count < free)
                {
                    slots.Release(free - messages.Count);
                }
                if (messages.Count == 0)
                {
                    running.RemoveAll(t => t.IsCompleted);
                    if (running.Count == 0)
                    {
                        break;
                    }

                    // Empty for now, but a message being handled may still add one (or fail and come back): wait for it.
                    await Task.WhenAny(running);
                    continue;
                }

                var batch = new BatchTally(messages.Count);
                foreach (var message in messages)
                {
                    running.Add(HandleInSlotAsync(message));
                }

                async Task HandleInSlotAsync(QueuedMessage message)
                {
                    try
                    {
                        var outcome = await HandleOneAsync(message, handler, maxDequeueCount, stopping.Token);
                        if (outcome == Outcome.Handled)
                        {
                            Interlocked.Increment(ref handled);
                        }

                        if (batch.Done(taken: outcome != Outcome.Left) is { } allLeft)
                        {
                            // Everything this receive saw belongs to someone else: leave it to them rather than spin on it.
                            Volatile.Write(ref onlyLeft, allLeft);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        await stopping.CancelAsync();
                    }
                    finally
                    {
                        slots.Release();
                    }
                }

                running.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (failure is not null && !cancellationToken.IsCancellationRequested)
        {
            // A handler failed in a way that stops the drain (storage unavailable); reported below.
        }
        catch (Exception e) when (faults.Unavailable(e) is { } outage && outage != e)
        {
            failure ??= outage;
        }
        finally
        {
            await Task.WhenAll(running);
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(faults.Unavailable(failure) ?? failure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return handled;
    }

    /// <summary>Counts the messages of one receive as they finish; the last one says whether every one was left for someone else.</summary>
    private sealed class BatchTally(int count)
    {
        private int _remaining = count;
        private int _taken;

        public bool? Done(bool taken)
        {
            if (taken)
            {
                Interlocked.Increment(ref _taken);
            }

            return Interlocked.Decrement(ref _remaining) == 0 ? Volatile.Read(ref _taken) == 0 : null;
        }
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
