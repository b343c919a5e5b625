using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Email;
using Monitors.Azure.Storage;
using Monitors.Cli;
using Monitors.Core.Alerts;
using Monitors.Core.Catalog;
using Monitors.Core.Configuration;
using Monitors.Core.Email;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;
using Monitors.IntegrationTests.Infrastructure;
using Spectre.Console;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace Monitors.IntegrationTests.Storage;

/// <summary>The fault-injection tests' own Azurite (see <see cref="KillableAzurite"/>), shared by the tests of one class.</summary>
public sealed class KillableAzuriteFixture : IAsyncLifetime
{
    public KillableAzurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await KillableAzurite.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

/// <summary>
/// Azurite stopped (SIGKILL or SIGTERM) at chosen points of a <c>monitors check</c> and of a <c>monitors alerts</c> run,
/// then started again on the same data folder. Each run that loses storage ends with exit 3 and one line naming the store,
/// no stack trace; the next run then finishes the work with no duplicate version, change record or email, and nothing lost.
/// </summary>
[Collection(KillableAzuriteCollection.Name)]
public sealed class StorageFaultTests(KillableAzuriteFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan AlertPatience = TimeSpan.FromSeconds(75);
    private KillableAzurite Azurite => fixture.Azurite;

    /// <summary>Where a check run loses storage, in the order the run reaches them.</summary>
    public static TheoryData<string, Signal> CheckPoints => new()
    {
        { "before the snapshot is archived", Signal.Term },
        { "after the version blob, before the state row", Signal.Kill },
        { "after the state row, before the change record", Signal.Kill },
        { "after the change record and history row, before the changes message", Signal.Term },
        { "after the check, before its queue message is deleted", Signal.Kill },
    };

    /// <summary>Where an alert run loses storage.</summary>
    public static TheoryData<string, Signal> AlertPoints => new()
    {
        { "during the fan-out, before the alert is enqueued", Signal.Kill },
        { "before the delivery is claimed", Signal.Term },
        { "after the delivery is claimed, before the email is written", Signal.Kill },
        { "after the email is written, before the delivery is marked sent", Signal.Kill },
    };

    [Theory]
    [MemberData(nameof(CheckPoints))]
    public async Task Check_StorageStopsMidRun_ExitsThreeThenNextRunRecordsTheChangeOnce(string point, Signal signal)
    {
        await using var scenario = await Scenario.StartAsync(Azurite);
        await scenario.RecordFirstVersionAsync();
        scenario.ChangePage();

        var (exit, printed) = await scenario.RunAsync(CheckFault(point, () => Stop(signal)), "check", "--platform", scenario.PlatformId);
        await ReportAsync(point, signal, printed, scenario);

        AssertCleanStorageExit(exit, printed);
        var (again, rerun) = await scenario.RunAsync(null, "check", "--platform", scenario.PlatformId);
        Assert.True(again == 0, rerun);
        await scenario.AssertOneChangeAsync();
        await scenario.SendAlertsUntilDeliveredAsync(AlertPatience);
        await scenario.AssertOneEmailAsync();
    }

    [Theory]
    [MemberData(nameof(AlertPoints))]
    public async Task Alerts_StorageStopsMidRun_ExitsThreeThenNextRunSendsTheEmailOnce(string point, Signal signal)
    {
        await using var scenario = await Scenario.StartAsync(Azurite);
        await scenario.RecordFirstVersionAsync();
        scenario.ChangePage();
        var (checkExit, checkPrinted) = await scenario.RunAsync(null, "check", "--platform", scenario.PlatformId);
        Assert.True(checkExit == 0, checkPrinted);
        await scenario.AssertOneChangeAsync();
        await KillableAzurite.SettleAsync();

        var (exit, printed) = await scenario.RunAsync(AlertFault(point, scenario, () => Stop(signal)), "alerts");
        await ReportAsync(point, signal, printed, scenario);

        AssertCleanStorageExit(exit, printed);
        await scenario.SendAlertsUntilDeliveredAsync(AlertPatience);
        await scenario.AssertOneEmailAsync();
        await scenario.AssertOneChangeAsync();
    }

    /// <summary>
    /// Stops Azurite at the injection point. Before a SIGKILL, waits for Azurite's 5-second save, so that storage holds
    /// exactly what the run wrote before the point (otherwise the kill would also undo the last seconds of the run).
    /// </summary>
    private void Stop(Signal signal)
    {
        if (signal == Signal.Kill)
        {
            Thread.Sleep(TimeSpan.FromSeconds(6));
        }

        Azurite.Stop(signal);
    }

    private static void AssertCleanStorageExit(int exit, string printed)
    {
        Assert.True(exit == 3, $"expected exit 3, got {exit}:\n{printed}");
        var errors = printed.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        var error = Assert.Single(errors);
        Assert.Contains("stopped answering", error, StringComparison.Ordinal);
        Assert.Contains("run the same command", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", printed, StringComparison.Ordinal);
    }

    private static Action<IServiceCollection> CheckFault(string point, Action stop) => services =>
    {
        switch (point)
        {
            case "before the snapshot is archived":
                FaultOnCall.Register<IArchive, BlobArchive>(services, (m, _) => m.Name == nameof(IArchive.SaveSnapshotAsync), stop);
                break;
            case "after the version blob, before the state row":
                FaultOnCall.Register<IDocumentStateStore, TableDocumentStateStore>(services, (m, _) => m.Name == nameof(IDocumentStateStore.TrySaveAsync), stop);
                break;
            case "after the state row, before the change record":
                FaultOnCall.Register<IChangeStore, ChangeStore>(services, (m, _) => m.Name == nameof(IChangeStore.SaveAsync), stop);
                break;
            case "after the change record and history row, before the changes message":
                FaultOnCall.Register<IWorkQueue, QueueWorkQueue>(services, (m, a) => m.Name == nameof(IWorkQueue.EnqueueAsync) && Equals(a[0], StorageNames.Queues.Changes), stop);
                break;
            case "after the check, before its queue message is deleted":
                FaultOnCall.Register<IWorkQueue, QueueWorkQueue>(services, (m, a) => m.Name == nameof(IWorkQueue.DeleteAsync) && a[0] is QueuedMessage { Queue: StorageNames.Queues.Checks }, stop);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(point), point, "unknown injection point");
        }
    };

    private static Action<IServiceCollection> AlertFault(string point, Scenario scenario, Action stop) => services =>
    {
        switch (point)
        {
            case "during the fan-out, before the alert is enqueued":
                FaultOnCall.Register<IWorkQueue, QueueWorkQueue>(services, (m, a) => m.Name == nameof(IWorkQueue.EnqueueAsync) && Equals(a[0], StorageNames.Queues.Alerts) && a[1] is AlertMessage alert && alert.SubscriberId == scenario.SubscriberId, stop);
                break;
            case "before the delivery is claimed":
                FaultOnCall.Register<IDeliveryStore, TableDeliveryStore>(services, (m, a) => m.Name == nameof(IDeliveryStore.TryAddAsync) && a[0] is Delivery d && d.SubscriberId == scenario.SubscriberId, stop);
                break;
            case "after the delivery is claimed, before the email is written":
                FaultOnCall.Register<IEmailSender, OutboxEmailSender>(services, (m, a) => m.Name == nameof(IEmailSender.SendAsync) && a[0] is EmailMessage e && e.To == scenario.Email, stop);
                break;
            case "after the email is written, before the delivery is marked sent":
                FaultOnCall.Register<IDeliveryStore, TableDeliveryStore>(services, (m, a) => m.Name == nameof(IDeliveryStore.TryUpdateAsync) && a[0] is Delivery { State: DeliveryState.Sent } d && d.SubscriberId == scenario.SubscriberId, stop);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(point), point, "unknown injection point");
        }
    };

    /// <summary>Restarts Azurite on the same data folder and writes what the run printed and what storage holds now.</summary>
    private async Task ReportAsync(string point, Signal signal, string printed, Scenario scenario)
    {
        await Azurite.StartProcessAsync();
        output.WriteLine($"== {point} (SIG{signal.ToString().ToUpperInvariant()})");
        output.WriteLine($"printed: {string.Join(" | ", printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
        output.WriteLine($"storage after restart: {await scenario.DescribeStorageAsync()}");
    }
}

[CollectionDefinition(Name)]
public sealed class KillableAzuriteCollection : ICollectionFixture<KillableAzuriteFixture>
{
    public const string Name = "Killable Azurite";
}

/// <summary>One platform with one document on a loopback site, one Monitor-tier follower, and the CLI run in-process on the killable Azurite.</summary>
internal sealed class Scenario : IAsyncDisposable
{
    private readonly TestSite _site;
    private readonly StorageClients _clients = StorageClients.FromConnectionString(KillableAzurite.ConnectionString);

    private Scenario(TestSite site, Platform platform)
    {
        _site = site;
        Platform = platform;
        Catalog = new PlatformCatalog([platform]);
        Email = $"fault-{Guid.NewGuid().ToString("n")[..10]}@example.com";
    }

    public Platform Platform { get; }
    public PlatformCatalog Catalog { get; }
    public string PlatformId => Platform.Id;
    public string Email { get; }
    public string SubscriberId { get; private set; } = "";
    public DocumentKey Document => new(PlatformId, "terms");

    public static async Task<Scenario> StartAsync(KillableAzurite azurite)
    {
        await azurite.StartProcessAsync();
        var site = await TestSite.StartAsync();
        site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms(Pages.BaseClauses)));
        var detection = DetectionSettings.Default with { ConfirmDelay = TimeSpan.Zero };
        var platform = new Platform(PipelineHarness.UniqueId("fault"), "Fault Platform", null, [PipelineHarness.Document("terms", site.Url("/terms"), detection)]);
        return new Scenario(site, platform);
    }

    /// <summary>First version and a follower, then time for Azurite to save them (a SIGKILL must only risk the run under test).</summary>
    public async Task RecordFirstVersionAsync()
    {
        var (exit, printed) = await RunAsync(null, "check", "--platform", PlatformId);
        Assert.True(exit == 0, printed);
        Assert.Contains("FirstSeen", printed, StringComparison.Ordinal);
        var host = CreateHost(new TestConsole(), new TestConsole(), null);
        using var app = host.Build();
        var signUp = await app.Services.GetRequiredService<SubscriptionService>().SignUpAsync(Email, [PlatformId], Tier.Monitor, confirmed: true);
        SubscriberId = signUp.Subscriber.Id;
        await KillableAzurite.SettleAsync();
    }

    public void ChangePage() =>
        _site.ServeHtml("/terms", Pages.WithChrome(Pages.Terms([.. Pages.BaseClauses, "We may share usage data with our partners to train models."])));

    public async Task<(int Exit, string Output)> RunAsync(Action<IServiceCollection>? faults, params string[] args)
    {
        var console = new TestConsole().Width(1000);
        console.Profile.Capabilities.Ansi = false;
        var error = new TestConsole().Width(1000);
        error.Profile.Capabilities.Ansi = false;
        var exit = await MonitorsCli.RunAsync(args, CreateHost(console, error, faults));
        return (exit, console.Output + error.Output);
    }

    private CliHost CreateHost(IAnsiConsole console, IAnsiConsole error, Action<IServiceCollection>? faults)
    {
        var host = new CliHost
        {
            Console = console,
            Error = error,
            Services = services =>
            {
                services.AddSingleton(Catalog);
                faults?.Invoke(services);
            },
        };
        host.Settings["AzureWebJobsStorage"] = KillableAzurite.ConnectionString;
        host.Settings["Monitors:Fetch:AllowLoopback"] = "true";
        host.Settings["Monitors:Email:OutboxDirectory"] = "";
        host.Settings["Monitors:Tokens:SigningKey"] = "fault-injection-signing-key-0123456789abcdef";
        host.Settings["Monitors:PublicBaseUrl"] = "https://monitors.test";
        // The next run comes later in real life: by then a claim of the stopped run has lapsed.
        host.Settings["Monitors:Deliveries:SendingLease"] = "00:00:01";
        host.Settings["Monitors:Deliveries:InFlightWait"] = "00:00:00";
        return host;
    }

    /// <summary>Runs <c>monitors alerts</c> until this follower's alert is delivered: the stopped run's messages come back after their visibility timeout.</summary>
    public async Task SendAlertsUntilDeliveredAsync(TimeSpan patience)
    {
        var deliveries = new TableDeliveryStore(_clients);
        var until = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            var (exit, printed) = await RunAsync(null, "alerts");
            Assert.True(exit == 0, printed);
            var sent = false;
            await foreach (var d in deliveries.ListAsync(SubscriberId))
            {
                sent |= d.State == DeliveryState.Sent;
            }

            if (sent)
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"the alert to {Email} was not delivered within {patience.TotalSeconds} s; storage: {await DescribeStorageAsync()}");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }

    public async Task AssertOneChangeAsync()
    {
        var history = await new TableVersionHistory(_clients).ListAsync(Document).CollectAsync();
        Assert.Equal([VersionKind.Substantive, VersionKind.First], history.Select(v => v.Kind));
        var changes = await new ChangeStore(_clients).ListAsync(PlatformId).CollectAsync();
        var change = Assert.Single(changes);
        Assert.Equal(history[0].ChangeId, change.ChangeId);
        Assert.NotNull(await new ChangeStore(_clients).GetAsync(change.ChangeId));
        var state = await new TableDocumentStateStore(_clients).GetAsync(Document);
        Assert.NotNull(state);
        Assert.Equal(history[0].VersionId, state!.CurrentVersionId);
        Assert.Null(state.UnpublishedVersionId);
        Assert.Equal(2, state.VersionCount);
    }

    public async Task AssertOneEmailAsync()
    {
        var emails = (await Outbox().ListAsync(max: int.MaxValue)).Where(e => e.To == Email).ToArray();
        var email = Assert.Single(emails);
        Assert.StartsWith("alert-", email.Key, StringComparison.Ordinal);
        var deliveries = await new TableDeliveryStore(_clients).ListAsync(SubscriberId).CollectAsync();
        Assert.Equal(DeliveryState.Sent, Assert.Single(deliveries).State);
    }

    /// <summary>What storage holds for this scenario, in one line (for the test log and the fault-injection note).</summary>
    public async Task<string> DescribeStorageAsync()
    {
        var state = await new TableDocumentStateStore(_clients).GetAsync(Document);
        var history = await new TableVersionHistory(_clients).ListAsync(Document).CollectAsync();
        var changes = await new ChangeStore(_clients).ListAsync(PlatformId).CollectAsync();
        var deliveries = SubscriberId.Length == 0 ? [] : await new TableDeliveryStore(_clients).ListAsync(SubscriberId).CollectAsync();
        var emails = (await Outbox().ListAsync(max: int.MaxValue)).Count(e => e.To == Email);
        var changeMessages = 0;
        foreach (var m in (await _clients.Queues.GetQueueClient(StorageNames.Queues.Changes).PeekMessagesAsync(32)).Value)
        {
            changeMessages += m.Body.ToString().Contains(PlatformId, StringComparison.Ordinal) ? 1 : 0;
        }

        return $"state: versions={state?.VersionCount}, unpublished={(state?.UnpublishedVersionId is null ? "no" : "yes")}, outcome={state?.LastOutcome}; " +
            $"history rows: {history.Count} ({string.Join(", ", history.Select(h => h.Kind))}); change records: {changes.Count}; " +
            $"visible changes messages: {changeMessages}; deliveries: {(deliveries.Count == 0 ? "none" : string.Join(", ", deliveries.Select(d => $"{d.State} (attempt {d.Attempts})")))}; outbox emails: {emails}";
    }

    private OutboxReader Outbox() => new(_clients, Microsoft.Extensions.Options.Options.Create(new EmailOptions()));

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();
}

internal static class AsyncEnumerableExtensions
{
    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
