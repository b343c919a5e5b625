using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Catalog;
using Monitors.Core.Extraction;
using Monitors.Core.Fetching;

namespace Monitors.Cli.Commands;

internal static class ExtractCommand
{
    public static Command Create(CliHost host)
    {
        var source = new Argument<string>("file-or-url") { Description = "An HTML file, or an http(s) URL fetched with the same limits as checks." };
        var select = new Option<string[]>("--select") { Description = "CSS selector of the content to keep (repeatable). Default: body.", AllowMultipleArgumentsPerToken = false };
        var remove = new Option<string[]>("--remove") { Description = "CSS selector of content to drop (repeatable)." };
        var runs = new Option<int>("--runs") { Description = "Also extract N times and print the median extraction time.", DefaultValueFactory = _ => 0 };
        var command = new Command("extract", "Print the canonical text of a page, for people writing declarations.") { source, select, remove, runs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            var input = parse.GetValue(source)!;
            var selectors = (parse.GetValue(select) is { Length: > 0 } s ? s : ["body"]).Select(c => (ContentSelector)new CssSelector(c)).ToArray();
            var removals = (parse.GetValue(remove) ?? []).Select(c => (ContentSelector)new CssSelector(c)).ToArray();
            var (html, baseUrl) = await LoadAsync(app.Services, input, cancellationToken);
            var extractor = app.Services.GetRequiredService<IDocumentExtractor>();
            var result = extractor.Extract(html, baseUrl, selectors, removals);
            if (!result.Succeeded)
            {
                throw new CliException(result.FailureReason!, ExitCodes.SomeFailed);
            }

            host.Console.Profile.Out.Writer.Write(result.Text);
            var n = parse.GetValue(runs);
            if (n > 0)
            {
                var median = ExtractionTiming.Measure(extractor, html, baseUrl, selectors, removals, n).Median;
                host.Console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"median extraction time over {n} runs: {median.TotalMilliseconds:F2} ms ({html.Length / 1024.0:F0} KB of HTML, {result.Text!.Length / 1024.0:F0} KB of text)"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<(string Html, Uri BaseUrl)> LoadAsync(IServiceProvider services, string input, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(input, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            var fetched = await services.GetRequiredService<IDocumentFetcher>().FetchAsync(new FetchRequest(url), cancellationToken);
            if (fetched.Outcome != FetchOutcome.Fetched || fetched.Text is null)
            {
                throw new CliException($"Could not fetch {url}: {fetched.FailureReason ?? "no text in the response"}", ExitCodes.SomeFailed);
            }

            return (fetched.Text, fetched.FinalUrl ?? url);
        }

        var path = Path.GetFullPath(input);
        if (!File.Exists(path))
        {
            throw new CliException($"'{input}' is neither an http(s) URL nor an existing file.");
        }

        return (await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken), new Uri(path));
    }
}
