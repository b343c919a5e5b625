using System.Globalization;
using BenchmarkDotNet.Running;
using Monitors.Benchmarks.Extraction;

// dotnet run -c Release --project bench/Monitors.Benchmarks -- --filter '*Extraction*' --job short
// dotnet run -c Release --project bench/Monitors.Benchmarks -- --stages 200   (Stopwatch profile of the extraction's stages)
// dotnet run -c Release --project bench/Monitors.Benchmarks -- --loop 2000     (extractions only, to attach dotnet-trace to)
if (args is ["--stages", ..])
{
    ExtractionStages.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100);
    return;
}

if (args is ["--loop", var n])
{
    ExtractionStages.Loop(int.Parse(n, CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
