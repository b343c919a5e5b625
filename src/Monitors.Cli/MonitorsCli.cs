using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Monitors.Cli.Commands;
using Monitors.Cli.Output;
using Monitors.Core.Catalog;

namespace Monitors.Cli;

/// <summary>The <c>monitors</c> command line: the local runner of the same services the Functions app hosts.</summary>
internal static partial class MonitorsCli
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
        root.Subcommands.Add(BenchCommand.Create(host));
        root.Subcommands.Add(Bench.BenchSiteProcess.CreateCommand());
        root.Subcommands.Add(DigestCommand.Create(host));
        root.Subcommands.Add(AlertsCommand.Create(host));
        root.Subcommands.Add(OutboxCommand.Create(host));
        root.Subcommands.Add(SubscribersCommand.Create(host));
        root.Subcommands.Add(SiteCommand.Create(host));
        var telemetry = new Option<string?>("--telemetry")
        {
            Description = "Also write metrics and traces: 'console' prints the check spans as they end and the Monitors metrics when the command ends.",
            Recursive = true,
        };
        telemetry.AcceptOnlyFromAmong("console");
        root.Options.Add(telemetry);
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Also print information and warnings on standard error, with full error details (default: errors only, one line each).",
            Recursive = true,
        };
        root.Options.Add(verbose);
        var logFile = new Option<string?>("--log-file")
        {
            Description = "Append every log entry (information and up, with full error details) to this file.",
            Recursive = true,
        };
        root.Options.Add(logFile);
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                return UsageError(host, parse);
            }

            host.ConsoleTelemetry = parse.GetValue(telemetry) == "console";
            host.Verbose = host.Verbose || parse.GetValue(verbose);
            host.LogFile = parse.GetValue(logFile) ?? host.LogFile;
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = host.Console.Profile.Out.Writer,
                Error = host.Error.Profile.Out.Writer,
            });
        }
        catch (CliException e)
        {
            CliOutput.Error(host, e.Message);
            return e.ExitCode;
        }
        catch (CatalogException e)
        {
            CatalogCommand.PrintErrors(host, e.Errors);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (host.DescribeOutage(e) is { } outage)
        {
            // Storage stopped answering mid-command: one line and exit 3, never a stack trace. Every step is idempotent,
            // so running the command again once storage is back resumes the work.
            CliOutput.Error(host, outage);
            return ExitCodes.StorageUnavailable;
        }
        catch (DirectoryNotFoundException e)
        {
            // A folder the user named (--path, Monitors__Catalog__Path) is missing: bad input; the message names it and the fix.
            CliOutput.Error(host, e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (CliHost.IsStorageFault(e))
        {
            // Any other storage request that failed (an answer the SDK gave up on, not an outage): still exit 3, not a crash.
            CliOutput.Error(host, $"Azure Storage stopped answering during the command ({CliHost.Cause(e)}). Start Azurite again (`npm run azurite`, or ./run-local.sh) or check AzureWebJobsStorage, then run the command again.");
            return ExitCodes.StorageUnavailable;
        }
        catch (OperationCanceledException)
        {
            CliOutput.Error(host, "cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            // A bug or a fault nothing above expected: one line, never a stack trace unless asked for.
            CliOutput.Error(host, $"unexpected failure: {e.GetBaseException().Message}");
            if (host.Verbose)
            {
                host.Error.Profile.Out.Writer.WriteLine(e.ToString());
            }
            else
            {
                CliOutput.Hint(host, "run the command again with --verbose for the details, and report them if this looks like a bug.");
            }

            return ExitCodes.Unexpected;
        }
    }

    /// <summary>A mistyped command, an unknown option, a missing argument: one line, a hint, exit 2 — no help dump.</summary>
    private static int UsageError(CliHost host, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var message = FrameworkType().Replace(parse.Errors[0].Message, m => "as " + Friendly(m.Groups["type"].Value));
        if (parse.UnmatchedTokens is [var token, ..])
        {
            // The parser's own words ("Required command was not provided") miss the point when a word was mistyped.
            message = token.StartsWith('-') ? $"Unknown option '{token}'." : command.Subcommands.Count > 0 ? $"Unknown command '{token}'." : $"Unexpected argument '{token}'.";
            if (Closest(token, command) is { } suggestion)
            {
                message += $" Did you mean '{suggestion}'?";
            }
        }

        CliOutput.Error(host, message);
        CliOutput.Hint(host, $"run '{CommandPath(parse.CommandResult)} --help' for usage.");
        return ExitCodes.BadInput;
    }

    private static string CommandPath(SymbolResult? result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Insert(0, c.Parent is null ? "monitors" : c.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    /// <summary>The nearest subcommand or option name (edit distance ≤ 2), for "Did you mean …?".</summary>
    private static string? Closest(string token, Command command)
    {
        IEnumerable<string> candidates = token.StartsWith('-')
            ? command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive))).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Select(c => c.Name);
        return candidates
            .Select(c => (Name: c, Distance: Distance(token, c)))
            .Where(c => c.Distance <= Math.Min(2, Math.Max(1, token.Length / 3)))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    private static string Friendly(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.TimeSpan" => "a duration",
        "System.Boolean" => "true or false",
        "System.Double" or "System.Decimal" => "a number",
        _ => "the expected kind of value",
    };

    [GeneratedRegex(@"as expected type '(?<type>[^']+)'")]
    private static partial Regex FrameworkType();
}
