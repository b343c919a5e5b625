using Monitors.Core.Changes.Structure;
using Monitors.Core.Extraction;

namespace Monitors.Core.Tests.Extraction;

public sealed class PageBoundaryTests
{
    private static readonly Uri First = new("https://acme.example/privacy");
    private static readonly Uri Second = new("https://acme.example/privacy/eu");

    [Fact]
    public void Join_WritesEachPageAfterItsBoundaryLineInOrder()
    {
        var text = PageBoundary.Join([(First, "# Privacy\n\n1. We collect data.\n"), (Second, "# EU\n\n1. EU residents have rights.\n")]);

        Assert.Equal(
            "<!-- page 1: https://acme.example/privacy -->\n\n# Privacy\n\n1. We collect data.\n\n" +
            "<!-- page 2: https://acme.example/privacy/eu -->\n\n# EU\n\n1. EU residents have rights.\n",
            text);
    }

    [Fact]
    public void TryRead_ReadsOnlyWholeBoundaryLines()
    {
        Assert.True(PageBoundary.TryRead(PageBoundary.Line(12, Second), out var number, out var url));
        Assert.Equal((12, Second.AbsoluteUri), (number, url));
        Assert.False(PageBoundary.TryRead("<!-- page 0: https://x.example/ -->", out _, out _));
        Assert.False(PageBoundary.TryRead("See <!-- page 1: https://x.example/ -->", out _, out _));
        Assert.False(PageBoundary.TryRead("<!-- page 1: two words -->", out _, out _));
    }

    [Fact]
    public void Parse_CombinedText_EachPageIsATopLevelSectionAboveItsOwnHeadings()
    {
        var text = PageBoundary.Join([
            (First, "# Privacy Policy\n\n## 1. Data we collect\n\n1.1. Account details.\n\n1.2. Usage logs.\n"),
            (Second, "# EU Addendum\n\n## 1. Your rights\n\n1.1. Access to your data.\n"),
        ]);

        var tree = new DocumentStructureParser().Parse(text);

        Assert.Equal(["Page 1", "Page 2"], tree.Root.Children.Select(n => n.Path));
        var access = Assert.Single(tree.Nodes, n => n.Text.Contains("Access to your data", StringComparison.Ordinal));
        Assert.StartsWith("Page 2 › ", access.Path, StringComparison.Ordinal);
        Assert.EndsWith("1.1", access.Path, StringComparison.Ordinal);
        var logs = Assert.Single(tree.Nodes, n => n.Text.Contains("Usage logs", StringComparison.Ordinal));
        Assert.StartsWith("Page 1 › ", logs.Path, StringComparison.Ordinal);
    }
}
