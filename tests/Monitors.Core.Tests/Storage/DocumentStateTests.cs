using Monitors.Core.Fetching;
using Monitors.Core.Storage;

namespace Monitors.Core.Tests.Storage;

/// <summary>The transitions a check makes on a document's state, without a checker or a store.</summary>
public sealed class DocumentStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static DocumentState State() => new(new DocumentKey("acme", "terms"));

    private static FetchResult Fetched(string etag) =>
        new() { Outcome = FetchOutcome.Fetched, RequestedUrl = new Uri("https://acme.example/terms"), ETag = etag };

    [Fact]
    public void RecordFailure_RaisesAttentionOnceAtTheThreshold_AndAReadablePageEndsIt()
    {
        var state = State();

        var raised = Enumerable.Range(0, 5).Select(i => state.RecordFailure(FailureKind.Transient, "timeout", T0.AddHours(i), failuresBeforeAttention: 3, clearValidators: false)).ToArray();

        Assert.Equal([false, false, true, false, false], raised);
        Assert.Equal(5, state.FailureStreak);
        Assert.Equal(T0, state.FailingSince);
        Assert.StartsWith("3 consecutive failures", state.AttentionReason, StringComparison.Ordinal);

        Assert.True(state.RecordReadablePage(Fetched("\"v1\""), "v1", T0.AddHours(6)));
        Assert.Equal(0, state.FailureStreak);
        Assert.Null(state.FailingSince);
        Assert.False(state.NeedsAttention);
        Assert.Equal("\"v1\"", state.HttpETag);
        Assert.False(state.RecordReadablePage(Fetched("\"v1\""), "v1", T0.AddHours(7)));
    }

    [Fact]
    public void RecordFailure_ClearingValidators_ForgetsThem()
    {
        var state = State();
        state.RecordReadablePage(Fetched("\"v1\""), "v1", T0);

        state.RecordFailure(FailureKind.Transient, "304 without a version", T0.AddHours(1), failuresBeforeAttention: 3, clearValidators: true);

        Assert.Null(state.HttpETag);
        Assert.Null(state.HttpLastModified);
    }

    [Fact]
    public void AwaitConfirmation_FirstSightingOnly_AndConfirmedAfterTheDelay()
    {
        var state = State();
        state.RecordFirstVersion("v1", "h1", T0);

        Assert.True(state.AwaitConfirmation("v2", T0.AddHours(1)));
        Assert.False(state.AwaitConfirmation("v2", T0.AddHours(2)));
        Assert.False(state.IsConfirmed("v2", T0.AddHours(2), TimeSpan.FromHours(6)));
        Assert.True(state.IsConfirmed("v2", T0.AddHours(7), TimeSpan.FromHours(6)));
        Assert.False(state.IsConfirmed("v3", T0.AddHours(7), TimeSpan.FromHours(6)));
        Assert.True(state.IsConfirmed("v3", T0.AddHours(7), TimeSpan.Zero));
    }

    [Fact]
    public void RecordCurrentVersionSeen_WhileAChangeIsPending_IsAFlapAndDropsIt()
    {
        var state = State();
        state.RecordFirstVersion("v1", "h1", T0);
        state.AwaitConfirmation("v2", T0.AddHours(1));

        Assert.True(state.RecordCurrentVersionSeen("v1", T0.AddHours(2)));
        Assert.Null(state.PendingVersionId);
        Assert.False(state.RecordCurrentVersionSeen("v1", T0.AddHours(3)));
        Assert.Equal(T0.AddHours(3), Assert.Single(state.Variants).LastSeen);
    }

    [Fact]
    public void RecordChange_ThenKnownVariant_IsAFlapBackWithoutANewVersion()
    {
        var state = State();
        state.RecordFirstVersion("v1", "h1", T0);
        state.MarkPublished();

        state.RecordChange("v2", "v1", "change-1", "h2", ["hunk", "move"], T0.AddDays(1));

        Assert.Equal(("v2", 2, "change-1", "v1"), (state.CurrentVersionId, state.VersionCount, state.UnpublishedChangeId, state.UnpublishedPreviousVersionId));
        state.MarkPublished();
        Assert.Null(state.UnpublishedVersionId);

        var (wasCurrent, wasPending) = state.RecordKnownVariant(state.Variants.First(v => v.VersionId == "v1"), ["back"], T0.AddDays(2));

        Assert.False(wasCurrent);
        Assert.False(wasPending);
        Assert.Equal("v1", state.CurrentVersionId);
        Assert.Equal(T0, state.CurrentVersionAt);
        Assert.Equal(2, state.VersionCount);
        Assert.Equal("v1", state.LastFetchedVersionId);
        Assert.Contains("back", state.KnownToggles);
    }
}
