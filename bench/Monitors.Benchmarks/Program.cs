using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Monitors.Benchmarks -- --filter '*Extraction*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
