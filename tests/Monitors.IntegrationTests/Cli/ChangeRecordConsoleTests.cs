using Monitors.Cli.Output;
using Monitors.Core.Changes;

namespace Monitors.IntegrationTests.Cli;

/// <summary><c>monitors show</c>'s rendering of a change record: plain, coloured, and safe from a hostile document.</summary>
public sealed class ChangeRecordConsoleTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string ImageInjection = "\"><img src=x onerror=alert(2)>";

    private static ChangeRecord HostileRecord()
    {
        var before = $"## 1. Terms {Script}\n\n1.1. Sharing. We share nothing with {ImageInjection} partners.\n\n1.2. Other. Text stays.\n";
        var after = $"## 1. Terms {Script}\n\n1.1. Sharing. We share your personal data with {Script} partners.\n\n1.2. Other. Text stays.\n\n1.3. New. Added {ImageInjection} clause about children under 13.\n";
        var context = new ChangeContext("example", $"Evil {ImageInjection}", "example-terms", $"Terms {Script}", "Terms of Service", new Uri("https://example.com/terms"),
            new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero), "prev0001", "next0002");
        return new StructuredChangeRecordBuilder().Build(context, before, after);
    }

    [Fact]
    public void Render_WithoutColour_MarksInsertionsAndDeletionsInline()
    {
        var text = ChangeRecordConsole.Render(HostileRecord());

        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
        Assert.Contains("We share [-nothing with \"><img src=x onerror=alert-]{+your personal data with <script>alert+}", text, StringComparison.Ordinal);
        Assert.Contains("+ 1.3. New.", text, StringComparison.Ordinal);
        Assert.Contains("1 › 1.3", text, StringComparison.Ordinal);
        Assert.StartsWith("[HIGH] ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithColour_DeletionsRedInsertionsGreen()
    {
        var text = ChangeRecordConsole.Render(HostileRecord(), new TextRenderOptions(Ansi: true));

        Assert.Contains("We share \u001b[31mnothing with \"><img src=x onerror=alert\u001b[0m\u001b[32myour personal data with <script>alert\u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[1m\u001b[31m[HIGH]\u001b[0m", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TerminalEscapesInTheDocumentAreDropped()
    {
        var record = HostileRecord() with { Headline = "Evil \u001b]0;pwned\u0007 title \u001b[2J" };

        var text = ChangeRecordConsole.Render(record);

        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", text, StringComparison.Ordinal);
        Assert.Contains("Evil ]0;pwned title [2J", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DocumentDate_IsShown()
    {
        var record = HostileRecord() with { DocumentDate = new DocumentDateChange("¶ 1", "Last updated: March 3, 2026", "Last updated: June 16, 2026") };

        Assert.Contains("Document date: Last updated: June 16, 2026 (was: Last updated: March 3, 2026)", ChangeRecordConsole.Render(record), StringComparison.Ordinal);
    }
}
