using System.CommandLine;

namespace Monitors.Cli.Commands;

/// <summary><c>monitors outbox</c>: the emails the outbox sender wrote (when no SendGrid key is set), newest first.</summary>
internal static class OutboxCommand
{
    public static Command Create(CliHost host)
    {
        var max = new Option<int>("--max") { Description = "How many emails to list.", DefaultValueFactory = _ => 20 };
        var command = new Command("outbox", "List the emails written to the outbox (blob container and local folder), newest first.") { max };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            await MailRun.PrintOutboxAsync(app.Services, host.Console, Math.Max(1, parse.GetValue(max)), null, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
