using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Cli.Api;
using Monitors.Core.Alerts;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary><c>monitors digest</c>: the weekly digest now — one message per subscriber with the digest on, then the queue worked until empty.</summary>
internal static class DigestCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("digest", "Send the weekly digest now: enqueue one per subscriber with the digest on and work the digests queue until empty.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var app = host.Build(services => services.AddLocalSigningKeyIfMissing(_ => { }));
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var enqueued = await app.Services.GetRequiredService<DigestScheduler>().EnqueueAsync(cancellationToken: cancellationToken);
            var outcomes = await MailRun.SendDigestsAsync(app.Services, cancellationToken);
            var week = enqueued.Count > 0 ? enqueued[0].Week : DigestScheduler.IsoWeek(app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            host.Console.MarkupLineInterpolated($"Digest {week}: {enqueued.Count} enqueued; handled: {MailRun.Describe(outcomes)}. `monitors outbox` lists the emails written locally.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
