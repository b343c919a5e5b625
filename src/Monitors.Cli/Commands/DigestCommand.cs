using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Alerts;

namespace Monitors.Cli.Commands;

/// <summary><c>monitors digest</c>: the weekly digest now — one message per subscriber with the digest on, then the queue worked until empty.</summary>
internal static class DigestCommand
{
    public static Command Create(CliHost host) => MailRun.Command(host, "digest",
        "Send the weekly digest now: enqueue one per subscriber with the digest on and work the digests queue until empty.",
        async (services, cancellationToken) =>
        {
            var enqueued = await services.GetRequiredService<DigestScheduler>().EnqueueAsync(cancellationToken: cancellationToken);
            var outcomes = await MailRun.SendDigestsAsync(services, cancellationToken);
            var week = enqueued.Count > 0 ? enqueued[0].Week : DigestScheduler.IsoWeek(services.GetRequiredService<TimeProvider>().GetUtcNow());
            return $"Digest {week}: {enqueued.Count} enqueued; handled: {MailRun.Describe(outcomes)}.";
        });
}
