using System.CommandLine;
using Monitors.Cli.Commands;
using Monitors.Core.Catalog;
using Spectre.Console;

namespace Monitors.Cli;

/// <summary>The <c>monitors</c> command line: the local runner of the same services the Functions app hosts.</summary>
internal static class MonitorsCli
{
    public static async Task<int> RunAsync(string[] args, CliHost host)
    {
        var root = new RootCommand("Monitors: watches platforms' governance documents, keeps every version and explains each change.");
        root.Subcommands.Add(CheckCommand.Create(host));
        root.Subcommands.Add(StatusCommand.Create(host));
        root.Subcommands.Add(HistoryCommand.Create(host));
        root.Subcommands.Add(ShowCommand.Create(host));
        root.Subcommands.Add(CatalogCommand.Create(host));
        root.Subcommands.Add(ExtractCommand.Create(host));
        root.Subcommands.Add(ServeCommand.Create(host));
        root.Subcommands.Add(DemoCommand.Create(host));
        root.Subcommands.Add(ReplayCommand.Create(host));
        root.Subcommands.Add(DigestCommand.Create(host));
        root.Subcommands.Add(AlertsCommand.Create(host));
        root.Subcommands.Add(OutboxCommand.Create(host));
        root.Subcommands.Add(SubscribersCommand.Create(host));
        var telemetry = new Option<string?>("--telemetry")
        {
            Description = "Also write metrics and traces: 'console' prints the check spans as they end and the Monitors metrics when the command ends.",
            Recursive = true,
        };
        telemetry.AcceptOnlyFromAmong("console");
        root.Options.Add(telemetry);
        try
        {
            var parse = root.Parse(args);
            host.ConsoleTelemetry = parse.Errors.Count == 0 && parse.GetValue(telemetry) == "console";
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            host.Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return e.ExitCode;
        }
        catch (CatalogException e)
        {
            CatalogCommand.PrintErrors(host.Console, e.Errors);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (host.DescribeOutage(e) is { } outage)
        {
            // Storage stopped answering mid-command: one line and exit 3, never a stack trace. Every step is idempotent,
            // so running the command again once storage is back resumes the work.
            host.Console.MarkupLineInterpolated($"[red]error:[/] {outage}");
            return ExitCodes.StorageUnavailable;
        }
    }
}
