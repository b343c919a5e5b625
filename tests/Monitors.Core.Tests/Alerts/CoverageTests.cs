using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;

namespace Monitors.Core.Tests.Alerts;

public sealed class CoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 8, 0, 0, TimeSpan.Zero);
    private static readonly Platform Platform = new("acme", "Acme", null,
        [new DocumentDeclaration("terms", "Terms", "Terms of Service", new Uri("https://acme.example/terms"), [new CssSelector("main")], [])]);

    [Fact]
    public void Of_NoState_IsNotYetChecked_AndAGap()
    {
        var coverage = CoverageReader.Of(Platform, Platform.Documents[0], null);

        Assert.Equal(CoverageStatus.NotYetChecked, coverage.Status);
        Assert.True(coverage.HasGapSince(Now.AddDays(-7)));
        Assert.Equal("it has not been checked yet", coverage.Why);
    }

    [Fact]
    public void Of_LastCheckSucceededThisWeek_IsCovered_AndNoGap()
    {
        var state = new DocumentState(new DocumentKey("acme", "terms")) { LastSuccessAt = Now.AddHours(-6) };

        var coverage = CoverageReader.Of(Platform, Platform.Documents[0], state);

        Assert.Equal(CoverageStatus.Covered, coverage.Status);
        Assert.False(coverage.HasGapSince(Now.AddDays(-7)));
    }

    [Fact]
    public void Of_SucceededOnlyBeforeThePeriod_IsAGapEvenIfNotFailingNow()
    {
        var state = new DocumentState(new DocumentKey("acme", "terms")) { LastSuccessAt = Now.AddDays(-8) };

        Assert.True(CoverageReader.Of(Platform, Platform.Documents[0], state).HasGapSince(Now.AddDays(-7)));
    }

    [Fact]
    public void Of_Failing_SaysSinceWhenWhyAndWhatWeDo()
    {
        var state = new DocumentState(new DocumentKey("acme", "terms"))
        {
            LastSuccessAt = Now.AddDays(-2),
            FailingSince = Now.AddDays(-1),
            LastFailureAt = Now.AddHours(-1),
            FailureStreak = 4,
            LastFailureKind = FailureKind.NotFound,
            NeedsAttention = true,
        };

        var coverage = CoverageReader.Of(Platform, Platform.Documents[0], state);

        Assert.Equal(CoverageStatus.Failing, coverage.Status);
        Assert.Equal(Now.AddDays(-1), coverage.FailingSince);
        Assert.True(coverage.HasGapSince(Now.AddDays(-7)));
        Assert.Contains("not found", coverage.Why, StringComparison.Ordinal);
        Assert.Contains("operators have been alerted", coverage.WhatWeDo, StringComparison.Ordinal);
    }
}
