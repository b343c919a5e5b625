using Monitors.Core.Changes;

namespace Monitors.Testing;

/// <summary>
/// A change record built from a hostile document — markup in headings, clause text, inserted and deleted words, the
/// platform name and the summary — for every renderer's escaping tests (Markdown, the HTML template, the CLI's text).
/// </summary>
public static class HostileChangeRecord
{
    public const string Script = "<script>alert(1)</script>";
    public const string ImageInjection = "\"><img src=x onerror=alert(2)>";

    public static ChangeRecord Build()
    {
        var before = $"## 1. Terms {Script}\n\n1.1. Sharing. We share nothing with {ImageInjection} partners.\n\n1.2. Other. Text stays.\n";
        var after = $"## 1. Terms {Script}\n\n1.1. Sharing. We share your personal data with {Script} partners.\n\n1.2. Other. Text stays.\n\n1.3. New. Added {ImageInjection} clause about children under 13.\n";
        var context = new ChangeContext("example", $"Evil {ImageInjection}", "example-terms", $"Terms {Script}", "Terms of Service",
            new Uri("https://example.com/terms?a=1&b=\"x\""), new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero), "prev0001", "next0002");
        return new StructuredChangeRecordBuilder().Build(context, before, after) with
        {
            Summary = new ChangeSummary($"Summary with {Script}", SummaryKind.Model),
        };
    }
}
