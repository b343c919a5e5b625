using System.CommandLine;
using Monitors.Core.Checking;

namespace Monitors.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create(CliHost host)
    {
        var platform = new Option<string?>("--platform") { Description = "Check only this platform's documents (catalog id, e.g. aws-bedrock)." };
        var document = new Option<string?>("--document") { Description = "Check only this document of --platform." };
        var command = new Command("check", "Check documents now: fetch, archive, extract, compare, record versions and change records.") { platform, document };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var results = await CheckRun.RunAsync(app.Services, host.Console, parse.GetValue(platform), parse.GetValue(document), CheckReason.Manual, showProgress: true, cancellationToken);
            CheckRun.PrintSummary(host.Console, results);
            return results.AnyFailed ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }
}
