using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Alerts;
using Monitors.Core.Catalog;
using Monitors.Core.Configuration;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary>
/// The email half of <c>monitors demo</c>: a Free and a Monitor demo subscriber follow the demo platform from the start
/// (signed up, confirmed and, for Monitor, moved up a tier and following every demo platform, through the subscription service); at the end the change
/// notices fan out, the alerts and the week's digest are sent, and the emails written to the outbox are listed.
/// </summary>
internal static class DemoMail
{
    public static async Task<IReadOnlyList<Subscriber>> SignUpAsync(IServiceProvider services, IAnsiConsole console, IReadOnlyList<Platform> platforms, string run, CancellationToken cancellationToken)
    {
        var service = services.GetRequiredService<SubscriptionService>();
        // Free follows one platform; Monitor follows them all once moved up a tier.
        var free = await service.SignUpAsync($"free-{run}@demo.example.com", [platforms[0].Id], cancellationToken: cancellationToken);
        await service.ConfirmAsync(free.Subscriber.Id, cancellationToken);
        var monitor = await service.SignUpAsync($"monitor-{run}@demo.example.com", [platforms[0].Id], cancellationToken: cancellationToken);
        await service.ConfirmAsync(monitor.Subscriber.Id, cancellationToken);
        await service.SetTierAsync(monitor.Subscriber.Id, Tier.Monitor, cancellationToken);
        foreach (var platform in platforms.Skip(1))
        {
            await service.FollowAsync(monitor.Subscriber.Id, platform.Id, cancellationToken: cancellationToken);
        }

        var subscribers = new[] { await service.GetAsync(free.Subscriber.Id, cancellationToken), await service.GetAsync(monitor.Subscriber.Id, cancellationToken) };
        foreach (var s in subscribers)
        {
            var names = s.Following.Select(id => platforms.First(p => p.Id == id).Name);
            console.MarkupLineInterpolated($"Demo subscriber [bold]{s.Email}[/] ({TierRules.Describe(s.Tier)}) follows {string.Join(", ", names)}.");
        }

        return subscribers;
    }

    public static async Task FinishAsync(IServiceProvider services, IAnsiConsole console, IReadOnlyList<Subscriber> subscribers, TimeProvider clock, CancellationToken cancellationToken)
    {
        var alerts = await MailRun.FanOutChangesAsync(services, cancellationToken);
        var sent = await MailRun.SendAlertsAsync(services, cancellationToken);
        console.MarkupLineInterpolated($"Same-day alerts: {alerts} enqueued by the fan-out; handled: {MailRun.Describe(sent)}.");

        // The digest of the demo's week, for the demo subscribers only (the timer would send one to every subscriber).
        var now = clock.GetUtcNow();
        var queue = services.GetRequiredService<IWorkQueue>();
        foreach (var s in subscribers)
        {
            await queue.EnqueueAsync(StorageNames.Queues.Digests, new DigestMessage(s.Id, DigestScheduler.IsoWeek(now), now), cancellationToken: cancellationToken);
        }

        var digests = await MailRun.SendDigestsAsync(services, cancellationToken);
        console.MarkupLineInterpolated($"Weekly digest {DigestScheduler.IsoWeek(now)}: handled {MailRun.Describe(digests)}.");
        await MailRun.PrintOutboxAsync(services, console, 20, subscribers.Select(s => s.Email).ToArray(), cancellationToken);
    }
}
