using Microsoft.Extensions.Time.Testing;
using Monitors.Core.Catalog;
using Monitors.Core.Extraction;

namespace Monitors.Core.Tests.Extraction;

public class ExtractionTimingTests
{
    /// <summary>An extractor whose runs take the given durations on a fake clock.</summary>
    private sealed class SteppingExtractor(FakeTimeProvider time, params int[] milliseconds) : IDocumentExtractor
    {
        private int _run;

        public int Runs => _run;

        public ExtractionResult Extract(string html, Uri baseUrl, IReadOnlyList<ContentSelector> select, IReadOnlyList<ContentSelector> remove)
        {
            time.Advance(TimeSpan.FromMilliseconds(milliseconds[_run++]));
            return ExtractionResult.Success($"run {_run}\n");
        }
    }

    private static readonly Uri PageUrl = new("https://example.com/terms");

    [Fact]
    public void Measure_OddRuns_ReturnsTheMiddleDuration()
    {
        var time = new FakeTimeProvider();
        var extractor = new SteppingExtractor(time, 30, 10, 50, 20, 40);

        var timing = ExtractionTiming.Measure(extractor, "<p>x</p>", PageUrl, [], [], 5, time);

        Assert.Equal(5, extractor.Runs);
        Assert.Equal(TimeSpan.FromMilliseconds(30), timing.Median);
        Assert.Equal(TimeSpan.FromMilliseconds(10), timing.Fastest);
        Assert.Equal(TimeSpan.FromMilliseconds(50), timing.Slowest);
        Assert.Equal("run 5\n", timing.Result.Text);
    }

    [Fact]
    public void Measure_EvenRuns_AveragesTheTwoMiddleDurations()
    {
        var time = new FakeTimeProvider();

        var timing = ExtractionTiming.Measure(new SteppingExtractor(time, 40, 10, 20, 90), "<p>x</p>", PageUrl, [], [], 4, time);

        Assert.Equal(TimeSpan.FromMilliseconds(30), timing.Median);
    }

    [Fact]
    public void Measure_RealExtractor_ReturnsItsResult()
    {
        var timing = ExtractionTiming.Measure(new HtmlDocumentExtractor(), "<p>Hello</p>", PageUrl, [], [], 3);

        Assert.Equal("Hello\n", timing.Result.Text);
        Assert.True(timing.Median > TimeSpan.Zero);
        Assert.True(timing.Fastest <= timing.Median && timing.Median <= timing.Slowest);
    }

    [Fact]
    public void Measure_ZeroRuns_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExtractionTiming.Measure(new HtmlDocumentExtractor(), "<p>x</p>", PageUrl, [], [], 0));
    }
}
