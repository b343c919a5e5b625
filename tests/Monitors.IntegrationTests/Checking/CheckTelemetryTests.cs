using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Checking;
using Monitors.Core.Telemetry;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Checking;

/// <summary>A real check reports itself: the <c>Monitors</c> meter counts it and the <c>Monitors</c> source traces it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckTelemetryTests
{
    [Fact]
    public async Task Check_FirstVersion_CountsFirstSeenAndTracesTheCheck()
    {
        await using var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        await using var harness = await PipelineHarness.CreateAsync([PipelineHarness.Document("terms", site.Url("/terms"))]);
        var checks = new ConcurrentQueue<(string? Outcome, long Value)>();
        var durations = new ConcurrentQueue<string?>();
        var factory = harness.Services.GetRequiredService<IMeterFactory>();
        using var meters = new MeterListener
        {
            // Only this harness's meter: other tests run checks in parallel with their own containers.
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MonitorsTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "monitors.checks")
            {
                checks.Enqueue((Tag(tags, "outcome"), value));
            }
        });
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "monitors.check.duration")
            {
                durations.Enqueue(Tag(tags, "outcome"));
            }
        });
        meters.Start();
        var spans = new ConcurrentQueue<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MonitorsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(tracing);

        var result = await harness.CheckAsync("terms");

        Assert.Equal(CheckOutcome.FirstSeen, result.Outcome);
        Assert.Equal([("firstseen", 1L)], checks);
        Assert.Equal(["firstseen"], durations);
        var span = Assert.Single(spans, s => Equals(s.GetTagItem("platform"), harness.Platform.Id));
        Assert.Equal($"check {harness.Platform.Id}/terms", span.DisplayName);
        Assert.Equal("terms", span.GetTagItem("document"));
        Assert.Equal("firstseen", span.GetTagItem("outcome"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
