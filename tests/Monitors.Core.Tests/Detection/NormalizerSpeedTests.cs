using System.Diagnostics;
using Monitors.Core.Catalog;
using Monitors.Core.Detection;
using Xunit.Abstractions;

namespace Monitors.Core.Tests.Detection;

/// <summary>Runs alone: it measures processor time, which other tests in the same process would add to.</summary>
[CollectionDefinition(nameof(NormalizerSpeedTests), DisableParallelization = true)]
public sealed class NormalizerSpeedCollection;

[Collection(nameof(NormalizerSpeedTests))]
public sealed class NormalizerSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void Normalize_300KbDocument_TakesFewMilliseconds()
    {
        // Let the JIT reach its optimised tier first, as in a running service: tiering needs calls, then a moment.
        var small = SampleDocuments.Long(20_000);
        for (var i = 0; i < 200; i++)
            TextNormalizer.Normalize(small, DetectionSettings.Default);
        Thread.Sleep(300);

        var text = SampleDocuments.Long(300_000);
        const int Runs = 20;
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < Runs; i++)
            TextNormalizer.Normalize(text, DetectionSettings.Default);
        process.Refresh();
        var perRun = (process.TotalProcessorTime - before) / Runs;

        // Processor time, not wall-clock time, so a busy shared machine does not fail the test; a few ms when idle.
        output.WriteLine($"normalising {text.Length:N0} characters: {perRun.TotalMilliseconds:F1} ms of processor time per run");
        Assert.True(perRun < TimeSpan.FromMilliseconds(50), $"normalising {text.Length:N0} characters took {perRun.TotalMilliseconds:F1} ms of processor time");
    }
}
