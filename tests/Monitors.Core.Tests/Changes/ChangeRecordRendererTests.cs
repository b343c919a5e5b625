using System.Text.Json;
using Monitors.Core.Changes;
using Monitors.Core.Changes.Rendering;
using Monitors.Core.Email;

namespace Monitors.Core.Tests.Changes;

public sealed class ChangeRecordRendererTests
{
    private const string Script = HostileChangeRecord.Script;
    private const string ImageInjection = HostileChangeRecord.ImageInjection;

    private static readonly ChangeRecordRenderer Renderer = new();
    private static readonly EmailTemplates Templates = new();

    /// <summary>The HTML of a record: the one template the site's change page includes.</summary>
    private static string Html(ChangeRecord record) => Templates.RenderHtml("change-record", ChangeRecordView.From(record));

    private static ChangeRecord HostileRecord() => HostileChangeRecord.Build();

    [Fact]
    public void Html_EveryDocumentStringIsEscaped_ScriptAndImageInjectionRenderInert()
    {
        var html = Html(HostileRecord());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<[^>]*onerror", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<ins>", html, StringComparison.Ordinal);
        Assert.Contains("<del>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/terms?a=1&amp;b=%22x%22\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_OnlyOurOwnTagsAppear()
    {
        var html = Html(HostileRecord());
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "article", "h2", "h3", "p", "a", "code", "strong", "ul", "ol", "li", "span", "div", "ins", "del", "br" };

        var tags = System.Text.RegularExpressions.Regex.Matches(html, @"</?([a-zA-Z0-9]+)").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.All(tags, tag => Assert.Contains(tag, allowed));
    }

    [Fact]
    public void Html_NonHttpDocumentUrl_IsNotLinked()
    {
        var record = HostileRecord() with { DocumentUrl = new Uri("javascript:alert(3)") };

        var html = Html(record);

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_RawHtmlBecomesText()
    {
        var markdown = Renderer.RenderMarkdown(HostileRecord());

        Assert.DoesNotContain("<script", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", markdown, StringComparison.Ordinal);
        Assert.Contains("~~nothing with \"&gt;&lt;img src=x onerror=alert~~**your personal data with &lt;script&gt;alert**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrips_CamelCaseWithEnumsAsStrings()
    {
        var record = HostileRecord();

        var json = Renderer.RenderJson(record);
        var back = ChangeRecordJson.Deserialize(json);

        Assert.Equal(json, ChangeRecordJson.Serialize(back));
        Assert.Equal(record.Id, back.Id);
        Assert.Equal(record.Changes.Count, back.Changes.Count);
        Assert.Equal(record.Changes[0].Segments, back.Changes[0].Segments);
        Assert.Equal(record.Changes[^1].TopicIds, back.Changes[^1].TopicIds);
        Assert.Equal(record.Stats, back.Stats);
        Assert.Equal(record.Summary, back.Summary);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("High", root.GetProperty("severity").GetString());
        Assert.Equal("Modified", root.GetProperty("changes")[0].GetProperty("kind").GetString());
        Assert.True(root.TryGetProperty("previousVersionId", out _));
        Assert.True(root.GetProperty("changes")[0].TryGetProperty("segments", out _));
    }

    [Fact]
    public void Render_MarkdownJsonAndHtml_ComeFromOneModel()
    {
        var record = HostileRecord();

        foreach (var rendered in new[] { Renderer.RenderMarkdown(record), Renderer.RenderJson(record), Html(record) })
        {
            Assert.Contains("1 › 1.3", rendered, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Html_ModifiedClause_MarksWordsInlineAndKeepsTheRest()
    {
        const string before = "## 1. Terms\n\n1.1. Sharing. We share nothing.\nSecond line stays.\n";
        const string after = "## 1. Terms\n\n1.1. Sharing. We share your data.\nSecond line stays.\n";
        var record = new StructuredChangeRecordBuilder().Build(ChangeTestData.Context(), before, after);

        var html = Html(record);

        Assert.Contains("<li class=\"clause-change kind-modified\">", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"text\">1.1. Sharing. We share <del>nothing</del><ins>your data</ins>. Second line stays.</div>", html, StringComparison.Ordinal);
    }
}
