using System.Diagnostics;
using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Monitors.Core.Extraction;

namespace Monitors.Benchmarks.Extraction;

/// <summary>
/// A Stopwatch profile of the stages of one extraction of the terms page (<c>-- --stages [runs]</c>): the parse, the
/// declaration's queries, the walk that writes the canonical text, and the bare parser's figure for comparison. Every
/// run times each stage on a fresh parse, interleaved, so a burst of load elsewhere on the machine hits every stage alike.
/// </summary>
internal static class ExtractionStages
{
    /// <summary>Extracts the page <paramref name="runs"/> times and nothing else: a process to attach a profiler to.</summary>
    public static void Loop(int runs)
    {
        var html = TermsPage.Build();
        var extractor = new HtmlDocumentExtractor();
        for (var i = 0; i < runs; i++)
        {
            _ = TermsPage.Extract(extractor, html);
        }
    }

    public static void Run(int runs)
    {
        var html = TermsPage.Build();
        var bare = new HtmlParser();
        var ours = HtmlDocumentExtractor.CreateParser();
        var extractor = new HtmlDocumentExtractor();
        string[] stages = ["bare parse", "bare select+TextContent", "parse", "remove query", "select query", "walk (render)", "(NFC check in walk)", "whole Extract"];
        var times = stages.ToDictionary(s => s, _ => new List<double>());
        var allocated = stages.ToDictionary(s => s, _ => 0L);

        for (var run = 0; run < runs + 5; run++)
        {
            var warm = run < 5;
            var watch = Stopwatch.StartNew();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            using (var document = bare.ParseDocument(html))
            {
                Record("bare parse");
                _ = document.QuerySelector("main")!.TextContent.Length;
                Record("bare select+TextContent");
            }

            using (var document = ours.ParseDocument(html))
            {
                Record("parse");
                _ = CssQuery.TryParse(document, "main .toolbar", out var removeQuery);
                var removed = new List<IElement>?[] { [] };
                CssQuery.MatchAll(document, [removeQuery], removed);
                foreach (var element in removed[0]!)
                {
                    element.Remove();
                }

                Record("remove query");
                _ = CssQuery.TryParse(document, "main", out var selectQuery);
                var selected = new List<IElement>?[] { [] };
                CssQuery.MatchAll(document, [selectQuery], selected);
                var selection = new ContentRegions();
                foreach (var element in selected[0]!)
                {
                    selection.AddElement(element);
                }

                Record("select query");
                var text = CanonicalTextRenderer.Render(document, TermsPage.PageUrl, selection)!;
                Record("walk (render)");
                _ = CanonicalTextBuilder.IsSurelyNfc(text) || text.IsNormalized(NormalizationForm.FormC);
                Record("(NFC check in walk)");
            }

            _ = TermsPage.Extract(extractor, html);
            Record("whole Extract");

            void Record(string stage)
            {
                if (!warm)
                {
                    times[stage].Add(watch.Elapsed.TotalMilliseconds);
                    allocated[stage] += GC.GetAllocatedBytesForCurrentThread() - bytes;
                }

                bytes = GC.GetAllocatedBytesForCurrentThread();
                watch.Restart();
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{html.Length:N0} chars of HTML, {runs} runs");
        report.AppendLine("stage                      median ms   min ms   KB allocated");
        foreach (var stage in stages)
        {
            var sorted = times[stage].Order().ToArray();
            report.AppendLine(CultureInfo.InvariantCulture, $"{stage,-26} {sorted[sorted.Length / 2],9:F3} {sorted[0],8:F3} {allocated[stage] / runs / 1024,9:N0}");
        }

        // Each run times the bare parser and our extraction back to back, so their ratio within a run is the figure
        // least moved by load elsewhere on the machine.
        var ratios = times["whole Extract"].Select((ours, i) => ours / (times["bare parse"][i] + times["bare select+TextContent"][i])).Order().ToArray();
        report.AppendLine(CultureInfo.InvariantCulture, $"whole Extract / bare parse+select+TextContent: median of per-run ratios {ratios[ratios.Length / 2]:F2}");
        Console.Write(report);
    }
}
