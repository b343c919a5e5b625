using System.Text.RegularExpressions;
using Monitors.Core.Tests.Catalog;

namespace Monitors.Core.Tests.Telemetry;

/// <summary>
/// Event ids are how alerts and queries find a log line whatever its text says, so each <c>[LoggerMessage]</c> in the
/// product has its own, in the range of its area (docs/operations.md, "Log event ids").
/// </summary>
public sealed partial class LogEventIdTests
{
    private static readonly string[] ProductFolders = ["src", "functions"];

    [Fact]
    public void LoggerMessages_HaveEventIds_UniqueAcrossTheCodebase()
    {
        var messages = LoggerMessages();

        Assert.NotEmpty(messages);
        var withoutId = messages.Where(m => m.EventId is null).Select(m => m.Where).ToList();
        Assert.True(withoutId.Count == 0, $"[LoggerMessage] without EventId at {string.Join(", ", withoutId)}: give each one an id in its area's range.");
        var duplicates = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(m => m.Where))})").ToList();
        Assert.True(duplicates.Count == 0, $"Event ids used more than once: {string.Join("; ", duplicates)}.");
    }

    [Fact]
    public void LoggerMessages_UseTheRangeOfTheirArea()
    {
        var misplaced = LoggerMessages()
            .Where(m => m.EventId is { } id && ExpectedRange(m.Where) is { } range && (id < range.From || id > range.To))
            .Select(m => $"{m.EventId} at {m.Where}")
            .ToList();

        Assert.True(misplaced.Count == 0, $"Event ids outside their area's range (docs/operations.md): {string.Join(", ", misplaced)}.");
    }

    /// <summary>The documented ranges, by folder; a folder not listed here may use any id not yet taken.</summary>
    private static (int From, int To)? ExpectedRange(string path) => path.Replace('\\', '/') switch
    {
        var p when p.StartsWith("src/Monitors.Core/Checking/", StringComparison.Ordinal) => (1000, 1199),
        var p when p.StartsWith("src/Monitors.Core/Fetching/", StringComparison.Ordinal) => (1200, 1299),
        var p when p.StartsWith("src/Monitors.Core/Queues/", StringComparison.Ordinal) => (2000, 2999),
        var p when p.StartsWith("src/Monitors.Cli/", StringComparison.Ordinal) => (3000, 3999),
        var p when p.StartsWith("src/Monitors.Core/Changes/", StringComparison.Ordinal) => (4000, 4999),
        var p when p.StartsWith("src/Monitors.Core/Alerts/", StringComparison.Ordinal) => (5000, 5999),
        var p when p.StartsWith("src/Monitors.Core/Subscriptions/", StringComparison.Ordinal) => (6000, 6999),
        var p when p.StartsWith("src/Monitors.Core/Api/", StringComparison.Ordinal) => (6000, 6999),
        var p when p.StartsWith("src/Monitors.Core/Site/", StringComparison.Ordinal) => (6000, 6999),
        var p when p.StartsWith("src/Monitors.Web/", StringComparison.Ordinal) => (6000, 6999),
        var p when p.StartsWith("src/Monitors.Azure/", StringComparison.Ordinal) => (7000, 7999),
        _ => null,
    };

    private static List<(int? EventId, string Where)> LoggerMessages()
    {
        var root = RepositoryPaths.Root;
        var found = new List<(int?, string)>();
        foreach (var folder in ProductFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                var text = File.ReadAllText(file);
                foreach (Match attribute in LoggerMessageAttribute().Matches(text))
                {
                    var line = text.AsSpan(0, attribute.Index).Count('\n') + 1;
                    var id = EventIdArgument().Match(attribute.Groups["args"].Value);
                    found.Add((id.Success ? int.Parse(id.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null, $"{relative}:{line}"));
                }
            }
        }

        return found;
    }

    // The attribute's argument list, up to the closing ")]" (messages may contain parentheses).
    [GeneratedRegex(@"\[LoggerMessage\s*\((?<args>.*?)\)\s*\]", RegexOptions.Singleline)]
    private static partial Regex LoggerMessageAttribute();

    // Named (EventId = 1001) or the first positional argument ([LoggerMessage(1001, LogLevel.Warning, "…")]).
    [GeneratedRegex(@"(?:\bEventId\s*=\s*|^\s*)(\d+)")]
    private static partial Regex EventIdArgument();
}
