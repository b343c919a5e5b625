using Monitors.Core.Email;
using Monitors.Core.Site;

namespace Monitors.Core.Tests.Email;

public sealed class TemplateViewsTests
{
    [Fact]
    public void Types_AreEveryViewOfEmailsAndPages_AndNothingElse()
    {
        // One template system renders emails and pages; the types a template may read are found by their name.
        Assert.Contains(typeof(AlertView), TemplateViews.Types);
        Assert.Contains(typeof(DigestView), TemplateViews.Types);
        Assert.Contains(typeof(HomeView), TemplateViews.Types);
        Assert.Contains(typeof(ManageView), TemplateViews.Types);
        Assert.All(TemplateViews.Types, t => Assert.EndsWith("View", t.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(typeof(SitePages), TemplateViews.Types);
    }
}
