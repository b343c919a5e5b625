using Monitors.Core.Catalog;
using Monitors.Core.Checking;
using Monitors.Core.Queues;
using Monitors.Core.Storage;

namespace Monitors.Core.Tests.Checking;

public sealed class CheckOwnershipTests
{
    private static readonly PlatformCatalog Catalog = new([
        new Platform("acme", "Acme", null, [new DocumentDeclaration("terms", "Terms", "Terms of Service", new Uri("https://acme.example/terms"), [new CssSelector("main")], [])]),
    ]);

    private static QueuedMessage Received(TimeSpan age) => new("checks", "id", "pop", "{}", 1, age);

    [Fact]
    public void Decide_DocumentNotInThisCatalog_LeavesItForItsOwner() =>
        Assert.Equal(CheckClaim.Leave, CheckOwnership.Decide(new CheckMessage("other", "terms"), Received(TimeSpan.Zero), Catalog, runId: null));

    [Fact]
    public void Decide_ScheduledCheck_IsAnyonesWithTheDocument()
    {
        Assert.Equal(CheckClaim.Shared, CheckOwnership.Decide(new CheckMessage("acme", "terms"), Received(TimeSpan.Zero), Catalog, runId: null));
        Assert.Equal(CheckClaim.Shared, CheckOwnership.Decide(new CheckMessage("acme", "terms"), Received(TimeSpan.Zero), Catalog, runId: "run-1"));
    }

    [Fact]
    public void Decide_ThisRunsCheck_IsOwn() =>
        Assert.Equal(CheckClaim.Own, CheckOwnership.Decide(new CheckMessage("acme", "terms", CheckReason.Manual, "run-1"), Received(TimeSpan.Zero), Catalog, runId: "run-1"));

    [Fact]
    public void Decide_AnotherLiveRunsCheck_IsLeftEvenForServe()
    {
        var message = new CheckMessage("acme", "terms", CheckReason.Manual, "run-1");
        Assert.Equal(CheckClaim.Leave, CheckOwnership.Decide(message, Received(TimeSpan.FromMinutes(1)), Catalog, runId: "run-2"));
        Assert.Equal(CheckClaim.Leave, CheckOwnership.Decide(message, Received(TimeSpan.FromMinutes(1)), Catalog, runId: null));
    }

    [Fact]
    public void Decide_AbandonedRunsCheck_IsAnyonesAfterTheLease() =>
        Assert.Equal(CheckClaim.Shared, CheckOwnership.Decide(new CheckMessage("acme", "terms", CheckReason.Manual, "run-1"), Received(CheckOwnership.RunLease), Catalog, runId: "run-2"));

    [Fact]
    public void CheckMessage_WithoutRunId_StillParses()
    {
        var message = MessageJson.Deserialize<CheckMessage>("""{"platformId":"acme","documentId":"terms","reason":"Scheduled"}""");
        Assert.Null(message.RunId);
    }
}
