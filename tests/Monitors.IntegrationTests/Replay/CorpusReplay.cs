using System.Text.Json;
using Monitors.Core.Replay;
using Monitors.IntegrationTests.Cli;

namespace Monitors.IntegrationTests.Replay;

/// <summary>Runs <c>monitors replay</c> over a whole corpus folder, as a user does, and reads the report it writes.</summary>
internal static class CorpusReplay
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(int Exit, string Output, ReplayReport Report)> RunAsync(string corpus)
    {
        Assert.True(Directory.Exists(corpus), $"The corpus is expected at {corpus} (../shared beside the repository).");
        var reportFile = Path.Combine(Directory.CreateTempSubdirectory("replay-").FullName, "report.json");

        var (exit, output) = await CliTests.RunAsync("replay", corpus, "--report", reportFile);

        return (exit, output, JsonSerializer.Deserialize<ReplayReport>(await File.ReadAllTextAsync(reportFile), Json)!);
    }
}
