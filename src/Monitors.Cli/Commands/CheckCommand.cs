using System.CommandLine;
using System.Globalization;
using Monitors.Cli.Output;
using Monitors.Core.Checking;

namespace Monitors.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create(CliHost host)
    {
        var platform = new Option<string?>("--platform") { Description = "Check only this platform's documents (catalog id, e.g. aws-bedrock)." };
        var document = new Option<string?>("--document") { Description = "Check only this document of --platform." };
        var confirmDelay = new Option<TimeSpan?>("--confirm-delay")
        {
            Description = "Wait this long before confirming a substantive change, instead of each document's catalog setting (default 10 minutes): 0 records it at once; also 30s, 5m, 1h or 00:05:00. Same as setting Monitors__Checks__ConfirmDelay.",
            CustomParser = result => Durations.Parse(result),
        };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON on standard output (shape in docs/cli.md) instead of a table." };
        var command = new Command("check", "Check documents now: fetch, archive, extract, compare, record versions and change records.") { platform, document, confirmDelay, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(confirmDelay) is { } delay)
            {
                settings[CheckOptions.Section + ":" + nameof(CheckOptions.ConfirmDelay)] = delay.ToString("c", CultureInfo.InvariantCulture);
            }

            using var app = host.Build(settings: settings);
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var asJson = parse.GetValue(json);
            var results = await CheckRun.RunAsync(app.Services, host.Error, parse.GetValue(platform), parse.GetValue(document), CheckReason.Manual, showProgress: !asJson, cancellationToken);
            if (asJson)
            {
                CliOutput.WriteJson(host, CheckRun.ToJson(results));
            }
            else
            {
                CheckRun.PrintSummary(host.Console, results);
            }

            return results.Any(r => r.IsFailure) ? ExitCodes.SomeFailed : ExitCodes.Ok;
        });
        return command;
    }
}
