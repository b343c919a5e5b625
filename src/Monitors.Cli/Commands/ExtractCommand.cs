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
        var source = new Argument<string>("file-or-url") { Description = "An HTML or PDF file, or an http(s) URL fetched with the same limits as checks." };
        var select = new Option<string[]>("--select") { Description = "CSS selector of the content to keep (repeatable). Default: body. A PDF is read whole.", AllowMultipleArgumentsPerToken = false };
        var remove = new Option<string[]>("--remove") { Description = "CSS selector of content to drop (repeatable)." };
        var runs = new Option<int>("--runs") { Description = "Also extract N times and print the median extraction time (per page for a PDF).", DefaultValueFactory = _ => 0 };
        var command = new Command("extract", "Print the canonical text of a page or PDF, for people writing declarations.") { source, select, remove, runs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var app = host.Build();
            var input = parse.GetValue(source)!;
            var selectors = (parse.GetValue(select) is { Length: > 0 } s ? s : ["body"]).Select(c => (ContentSelector)new CssSelector(c)).ToArray();
            var removals = (parse.GetValue(remove) ?? []).Select(c => (ContentSelector)new CssSelector(c)).ToArray();
            var (html, pdf, baseUrl) = await LoadAsync(app.Services, input, cancellationToken);
            var n = parse.GetValue(runs);
            if (pdf is not null)
            {
                return ExtractPdf(host, app.Services.GetRequiredService<PdfDocumentExtractor>(), pdf, n);
            }

            var extractor = app.Services.GetRequiredService<IDocumentExtractor>();
            var result = extractor.Extract(html!, baseUrl, selectors, removals);
            if (!result.Succeeded)
            {
                throw new CliException(result.FailureReason!, ExitCodes.SomeFailed);
            }

            host.Console.Profile.Out.Writer.Write(result.Text);
            if (n > 0)
            {
                var median = ExtractionTiming.Measure(extractor, html!, baseUrl, selectors, removals, n).Median;
                host.Console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"median extraction time over {n} runs: {median.TotalMilliseconds:F2} ms ({html!.Length / 1024.0:F0} KB of HTML, {result.Text!.Length / 1024.0:F0} KB of text)"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int ExtractPdf(CliHost host, PdfDocumentExtractor extractor, byte[] pdf, int runs)
    {
        var result = extractor.Extract(pdf);
        if (!result.Succeeded)
        {
            throw new CliException(result.FailureReason!, ExitCodes.SomeFailed);
        }

        host.Console.Profile.Out.Writer.Write(result.Text);
        if (runs > 0)
        {
            var elapsed = new TimeSpan[runs];
            for (var i = 0; i < runs; i++)
            {
                var start = TimeProvider.System.GetTimestamp();
                extractor.Extract(pdf);
                elapsed[i] = TimeProvider.System.GetElapsedTime(start);
            }

            Array.Sort(elapsed);
            var median = elapsed[runs / 2];
            host.Console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median extraction time over {runs} runs: {median.TotalMilliseconds:F2} ms for {result.Pages} pages = {median.TotalMilliseconds / Math.Max(1, result.Pages):F2} ms per page ({pdf.Length / 1024.0:F0} KB of PDF, {result.Text!.Length / 1024.0:F0} KB of text)"));
        }

        return ExitCodes.Ok;
    }

    private static async Task<(string? Html, byte[]? Pdf, Uri BaseUrl)> LoadAsync(IServiceProvider services, string input, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(input, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            var fetched = await services.GetRequiredService<IDocumentFetcher>().FetchAsync(new FetchRequest(url), cancellationToken);
            if (fetched.Outcome == FetchOutcome.Fetched && fetched.Text is null && PdfDocumentExtractor.IsPdf(fetched.MediaType, fetched.Body.Span))
            {
                return (null, fetched.Body.ToArray(), fetched.FinalUrl ?? url);
            }

            if (fetched.Outcome != FetchOutcome.Fetched || fetched.Text is null)
            {
                throw new CliException($"Could not fetch {url}: {fetched.FailureReason ?? "no text in the response"}", ExitCodes.SomeFailed);
            }

            return (fetched.Text, null, fetched.FinalUrl ?? url);
        }

        var path = Path.GetFullPath(input);
        if (!File.Exists(path))
        {
            throw new CliException($"'{input}' is neither an http(s) URL nor an existing file.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return PdfDocumentExtractor.IsPdf(null, bytes)
            ? (null, bytes, new Uri(path))
            : (Encoding.UTF8.GetString(bytes), null, new Uri(path));
    }
}
