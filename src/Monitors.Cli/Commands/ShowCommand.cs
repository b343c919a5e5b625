using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Cli.Output;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Storage;

namespace Monitors.Cli.Commands;

internal static class ShowCommand
{
    public static Command Create(CliHost host)
    {
        var id = new Argument<string>("change-id") { Description = "A change record id, as printed by check, demo or history." };
        var json = new Option<bool>("--json") { Description = "Print the change record as JSON on standard output (the stored form, docs/change-records.md)." };
        var command = new Command("show", "Print a change record: what changed, where, and the word-level diff.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            await CliHost.EnsureStorageAsync(app.Services, cancellationToken);
            var changeId = parse.GetValue(id)!;
            var record = await app.Services.GetRequiredService<IChangeStore>().GetAsync(changeId, cancellationToken)
                ?? throw new CliException($"No change record '{changeId}'. `monitors history PLATFORM` lists a platform's change records.");
            if (parse.GetValue(json))
            {
                host.Console.Profile.Out.Writer.WriteLine(ChangeRecordJson.Serialize(record));
                return ExitCodes.Ok;
            }

            var options = host.Console.Profile.Capabilities.Ansi ? TextRenderOptions.ForConsole() : new TextRenderOptions();
            host.Console.Profile.Out.Writer.Write(ChangeRecordConsole.Render(record, options));
            return ExitCodes.Ok;
        });
        return command;
    }
}
