using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Cli.Api;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;
using Spectre.Console;

namespace Monitors.Cli.Commands;

/// <summary><c>monitors subscribers add|list|tier</c>: operator commands over the same subscription service as the API.</summary>
internal static class SubscribersCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("subscribers", "Add, list and change subscribers (operator commands; the tier rules apply as in the API).");
        command.Subcommands.Add(Add(host));
        command.Subcommands.Add(List(host));
        command.Subcommands.Add(SetTier(host));
        return command;
    }

    private static Command Add(CliHost host)
    {
        var email = new Argument<string>("email") { Description = "The subscriber's email address." };
        var tier = new Option<Tier>("--tier") { Description = "free (1 platform, weekly digest) or monitor (25 platforms, same-day alerts).", DefaultValueFactory = _ => Tier.Free };
        var follow = new Option<string[]>("--follow") { Description = "Platform id to follow (repeatable).", AllowMultipleArgumentsPerToken = true };
        var confirmed = new Option<bool>("--confirmed") { Description = "The person agreed elsewhere: no double opt-in email." };
        var command = new Command("add", "Sign up a subscriber (sends the double opt-in email unless --confirmed).") { email, tier, follow, confirmed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build(services => services.AddLocalSigningKeyIfMissing(_ => { }));
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var service = app.Services.GetRequiredService<SubscriptionService>();
            SignUpResult result;
            try
            {
                result = await service.SignUpAsync(parse.GetValue(email), parse.GetValue(follow) ?? [], parse.GetValue(tier), parse.GetValue(confirmed), cancellationToken);
            }
            catch (SubscriptionException e)
            {
                throw new CliException(e.Message);
            }

            var s = result.Subscriber;
            host.Console.MarkupLineInterpolated($"{(result.IsNew ? "Added" : "Already subscribed:")} [bold]{s.Id}[/] {s.Email}, {s.Tier}, confirmed: {s.Confirmed}, following: {string.Join(", ", s.Following)}");
            if (result.EmailSent != SignUpEmail.None)
            {
                host.Console.MarkupLineInterpolated($"Sent the {(result.EmailSent == SignUpEmail.Confirmation ? "double opt-in" : "already-subscribed")} email.");
            }

            host.Console.MarkupLineInterpolated($"Manage link: {app.Services.GetRequiredService<LinkBuilder>().Manage(s.Id)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var command = new Command("list", "List every subscriber: tier, confirmation, what they follow and get.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var table = new Table().Border(TableBorder.Rounded).Title("Subscribers");
            table.AddColumns("Id", "Email", "Tier", "Confirmed", "Following", "Alerts", "Digest");
            var count = 0;
            await foreach (var s in app.Services.GetRequiredService<ISubscriberStore>().ListAsync(cancellationToken))
            {
                table.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Email), s.Tier.ToString(), s.Confirmed ? "yes" : "no",
                    Markup.Escape(string.Join(", ", s.Following)), s.ReceivesAlerts ? "on" : "off", s.ReceivesDigest ? "on" : "off");
                count++;
            }

            host.Console.Write(table);
            host.Console.MarkupLineInterpolated($"{count} subscriber(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetTier(CliHost host)
    {
        var id = new Argument<string>("subscriber-id");
        var tier = new Argument<Tier>("tier") { Description = "free or monitor." };
        var command = new Command("tier", "Move a subscriber to another tier.") { id, tier };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            try
            {
                var s = await app.Services.GetRequiredService<SubscriptionService>().SetTierAsync(parse.GetValue(id)!, parse.GetValue(tier), cancellationToken);
                host.Console.MarkupLineInterpolated($"{s.Id} {s.Email} is now on {TierRules.Describe(s.Tier)}.");
                return ExitCodes.Ok;
            }
            catch (SubscriptionException e)
            {
                throw new CliException(e.Message);
            }
        });
        return command;
    }
}
