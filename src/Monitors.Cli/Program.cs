using Monitors.Cli;

return await MonitorsCli.RunAsync(args, new CliHost());
