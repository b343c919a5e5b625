using Monitors.Core.Catalog;

namespace Monitors.Core.Extraction;

/// <summary>Times repeated extractions of one page (<c>monitors extract --runs N</c>).</summary>
public static class ExtractionTiming
{
    /// <summary>
    /// Extracts <paramref name="html"/> <paramref name="runs"/> times and returns the median elapsed time
    /// with the last result. Timestamps come from <paramref name="timeProvider"/> (the system clock's
    /// high-resolution timestamp by default).
    /// </summary>
    public static ExtractionTimingResult Measure(
        IDocumentExtractor extractor,
        string html,
        Uri baseUrl,
        IReadOnlyList<ContentSelector> select,
        IReadOnlyList<ContentSelector> remove,
        int runs,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        timeProvider ??= TimeProvider.System;

        var elapsed = new TimeSpan[runs];
        ExtractionResult? result = null;
        for (var i = 0; i < runs; i++)
        {
            var start = timeProvider.GetTimestamp();
            result = extractor.Extract(html, baseUrl, select, remove);
            elapsed[i] = timeProvider.GetElapsedTime(start);
        }

        Array.Sort(elapsed);
        var middle = runs / 2;
        var median = runs % 2 == 1 ? elapsed[middle] : (elapsed[middle - 1] + elapsed[middle]) / 2;
        return new ExtractionTimingResult(result!, median, elapsed[0], elapsed[^1], runs);
    }
}

/// <param name="Result">The result of the last run (every run extracts the same page the same way).</param>
public sealed record ExtractionTimingResult(ExtractionResult Result, TimeSpan Median, TimeSpan Fastest, TimeSpan Slowest, int Runs);
