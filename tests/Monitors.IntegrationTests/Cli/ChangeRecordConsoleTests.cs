using Monitors.Cli.Output;
using Monitors.Core.Changes;

namespace Monitors.IntegrationTests.Cli;

/// <summary><c>monitors show</c>'s rendering of a change record: plain, coloured, and safe from a hostile document.</summary>
public sealed class ChangeRecordConsoleTests
{
    private static ChangeRecord HostileRecord() => HostileChangeRecord.Build();

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
