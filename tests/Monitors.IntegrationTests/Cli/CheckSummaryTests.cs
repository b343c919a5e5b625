using Monitors.Cli.Commands;
using Monitors.Core.Checking;
using Monitors.Core.Fetching;
using Monitors.Core.Storage;
using Spectre.Console.Testing;

namespace Monitors.IntegrationTests.Cli;

/// <summary>The console report of a check run (<see cref="CheckRun.PrintSummary(Spectre.Console.IAnsiConsole, IReadOnlyList{CheckResult})"/>), without storage.</summary>
public sealed class CheckSummaryTests
{
    [Fact]
    public void PrintSummary_ManyShareACause_OneParagraphForThemAndRowsForTheRest()
    {
        var unresolved = Enumerable.Range(0, 6).Select(i => Failed($"site-{i / 2}", $"doc-{i}", $"Could not fetch from www.site-{i / 2}.example: the host name does not resolve", HttpDocumentFetcher.NameNotResolved));
        var results = new List<CheckResult>(unresolved)
        {
            new(new DocumentKey("acme", "terms"), CheckOutcome.Changed, "v2", "20261129-0123456789abcdef", "substantive"),
            Failed("beta", "privacy", "HTTP 403 from beta.example: the site refuses the fetcher", "HTTP 403: the site refuses the fetcher", FailureKind.Blocked),
            new(new DocumentKey("gamma", "terms"), CheckOutcome.Unchanged, "v1"),
        };
        var console = new TestConsole().Width(120);

        CheckRun.PrintSummary(console, results);

        var output = console.Output;
        Assert.Contains("6 documents Failed (Transient) on 3 platform(s): the host name does not resolve.", output, StringComparison.Ordinal);
        Assert.Contains("site-0 (2), site-1 (2), site-2 (2)", output, StringComparison.Ordinal);
        Assert.Contains("No network?", output, StringComparison.Ordinal);
        // The grouped documents have no row of their own; the others do, with their detail.
        Assert.DoesNotContain("www.site-0.example", output, StringComparison.Ordinal);
        Assert.Matches(@"│ acme\s+│ terms\s+│ Changed\s+│ 20261129-0123456789abcdef: substantive", output);
        Assert.Matches(@"│ beta\s+│ privacy\s+│ Failed\s+│ Blocked: HTTP 403 from beta\.example", output);
        Assert.Matches(@"│ gamma\s+│ terms\s+│ Unchanged", output);
        Assert.Contains("9 checked: 1 Unchanged, 1 Changed, 7 Failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintSummary_ThousandsOfPlatformsShareACause_ListIsCutToAFewLines()
    {
        var results = Enumerable.Range(0, 2000)
            .Select(i => Failed($"platform-{i:D4}", "terms", $"Could not fetch from p{i}.example: the host name does not resolve", HttpDocumentFetcher.NameNotResolved))
            .ToArray();
        var console = new TestConsole().Width(120);

        CheckRun.PrintSummary(console, results);

        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 8, console.Output);
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 120, line));
        Assert.Contains("2000 documents Failed (Transient) on 2000 platform(s)", console.Output, StringComparison.Ordinal);
        Assert.Matches(@"… and \d+ more", console.Output);
    }

    [Fact]
    public void PrintSummary_FailuresWithDifferentCauses_AreNotGrouped()
    {
        var results = Enumerable.Range(0, 5)
            .Select(i => Failed($"p{i}", "terms", $"page {i}: the selector matched nothing", cause: null, FailureKind.StructureChanged))
            .ToArray();
        var console = new TestConsole().Width(160);

        CheckRun.PrintSummary(console, results);

        Assert.DoesNotContain("documents Failed", console.Output, StringComparison.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains($"page {i}: the selector matched nothing", console.Output, StringComparison.Ordinal);
        }
    }

    private static CheckResult Failed(string platform, string document, string reason, string? cause, FailureKind kind = FailureKind.Transient) =>
        new(new DocumentKey(platform, document), CheckOutcome.Failed, Detail: $"{kind}: {reason}") { Failure = kind, Cause = cause };
}
