using Monitors.Core.Catalog;
using Monitors.Core.Detection;

namespace Monitors.Core.Tests.Detection;

/// <summary>
/// Page chrome is recognised by the shape of its lines, in any language: suggestion chips, menus, breadcrumbs and
/// related-article lists change between visits without any edit of the document. Every text here is synthetic.
/// </summary>
public sealed class PageChromeTests
{
    private const string Intro = "# Monetisation policy\n\nWe pay creators whose content follows these rules.\n\n";
    private const string Body = "Content must be original. Reposted content is not eligible.\n";

    private static string Chrome(string text) => TextNormalizer.Apply(NormalizationRule.PageChrome, text);

    private static string Normalize(string text) => TextNormalizer.Normalize(text, DetectionSettings.Default);

    public static TheoryData<string, string, string> RotatingChips => new()
    {
        { "English", "Why was my content rejected?\n\nAppeal a decision\n\nWhat is restricted?\n\nI have another question", "My account is ineligible\n\nCheck my eligibility\n\nWhy was I demonetised?\n\nI have another question" },
        { "French", "Pourquoi mon contenu a-t-il été refusé ?\n\nFaire appel d'une décision\n\nQuels contenus sont limités ?\n\nJ'ai une autre question", "Mon compte n'est pas éligible\n\nVérifier mon éligibilité\n\nJ'ai une autre question" },
        { "German", "Warum wurde mein Inhalt abgelehnt?\n\nEinspruch einlegen\n\nWelche Inhalte sind eingeschränkt?\n\nIch habe eine andere Frage", "Mein Konto ist nicht berechtigt\n\nBerechtigung prüfen\n\nWarum wurde die Monetarisierung entfernt?\n\nIch habe eine andere Frage" },
        { "Japanese", "コンテンツが却下された理由は？\n\n収益化の決定に異議を申し立てる\n\n制限されているカテゴリとは？\n\n別の質問があります", "アカウントが対象外です\n\n利用資格を確認する\n\n別の質問があります" },
        { "Arabic", "لماذا تم رفض المحتوى الخاص بي؟\n\nالطعن في قرار تحقيق الدخل\n\nما هي الفئات المقيدة؟\n\nلدي سؤال آخر", "حسابي غير مؤهل\n\nالتحقق من الأهلية\n\nلماذا تمت إزالة تحقيق الدخل؟\n\nلدي سؤال آخر" },
    };

    [Theory]
    [MemberData(nameof(RotatingChips))]
    public void Chips_RotatingSuggestions_AreNotDocumentText(string language, string chipsA, string chipsB)
    {
        var first = $"{Intro}{chipsA}\n\n{Body}";
        var second = $"{Intro}{chipsB}\n\n{Body}";

        Assert.Equal($"{Intro}{Body}", Chrome(first));
        Assert.True(Normalize(first) == Normalize(second), $"{language} chips should compare equal");
        Assert.Equal(Normalize(second), Normalize($"{Intro}{Body}"));
    }

    [Fact]
    public void Menu_RowsOfLinksWithGroupCaptions_AreDropped()
    {
        const string menuA = "Products\n\n[Ads](https://example.com/ads) [Pages](https://example.com/pages)\n\nCompany\n\n[About](https://example.com/about) | [Jobs](https://example.com/jobs)\n\n";
        const string menuB = "Products\n\n[Ads](https://example.com/ads) [Shops](https://example.com/shops)\n\nCompany\n\n[About](https://example.com/about) | [Press](https://example.com/press)\n\n";

        Assert.Equal(Normalize(menuA + Body), Normalize(menuB + Body));
        Assert.Equal(Body, Chrome(menuA + Body));
    }

    [Fact]
    public void Breadcrumb_OneLineOfLinksOnly_IsDropped()
    {
        const string crumbs = "[Help Centre](https://example.com/help) › [Policies](https://example.com/help/policies) › [Monetisation](https://example.com/help/m)\n\n";

        Assert.Equal(Body, Chrome(crumbs + Body));
        Assert.Equal(Body, Chrome("[Accueil](https://example.com/fr) / [Aide](https://example.com/fr/aide) / [Règles](https://example.com/fr/r)\n\n" + Body));
    }

    [Theory]
    [InlineData("Legal terms\n\n•\n\nGuest\n\n")]
    [InlineData("Centre d'aide\n\n›\n\nRègles\n\n›\n\nMonétisation\n\n")]
    [InlineData("ヘルプセンター\n\n|\n\nポリシー\n\n")]
    public void Breadcrumb_StepsJoinedBySeparatorLines_IsDropped(string crumbs) =>
        Assert.Equal(Intro + Body, Chrome(Intro + crumbs + Body));

    [Fact]
    public void Breadcrumb_TwoShortLinesWithoutSeparator_StayDocumentText()
    {
        const string text = Intro + "Data Protection Officer\n\nExample Ltd\n\n" + Body;

        Assert.Equal(text, Chrome(text));
    }

    [Fact]
    public void Breadcrumb_OverAPlainTitle_GoesAlone_TheTitleStays()
    {
        // A title written as a plain line (its underline parted from it) right under the breadcrumb is not a chip.
        const string text = "Legal terms\n\n•\n\nGuest\n\nCookie Policy\n\nWe use cookies to run the site.\n";

        Assert.Equal("Cookie Policy\n\nWe use cookies to run the site.\n", Chrome(text));
    }

    [Fact]
    public void CaptionAloneAtTheEndOfThePage_StaysDocumentText()
    {
        // An empty section cannot be told from a new section whose text is still to come: it is compared.
        const string text = Intro + Body + "\nOther ways to get help\n----------------------\n";

        Assert.NotEqual(Normalize(Intro + Body), Normalize(text));
    }

    [Theory]
    [InlineData("## Other ways to get help\n\nChat with the support assistant\n\nResolve issues, make changes and get support in real time\n\n")]
    [InlineData("## Autres façons d'obtenir de l'aide\n\nDiscuter avec l'assistant\n\nRéglez vos problèmes en temps réel\n\n")]
    public void PromoTile_SectionOfOnlyShortPlainLines_IsDropped(string tile)
    {
        var text = Intro + "## Eligibility\n\n" + Body + "\n" + tile;

        Assert.Equal(Normalize(Intro + "## Eligibility\n\n" + Body), Normalize(text));
    }

    [Theory]
    [InlineData("## Contact\n\nData Protection Officer\n\nExample Ltd, 1 Main Street, Dublin 2\n")]
    [InlineData("## Contact\n\nWrite to our Data Protection Officer.\n\nExample Ltd\n")]
    [InlineData("## Eligibility\n\nOne short line\n")]
    public void Section_WithASentenceADigitOrOneLine_IsNeverATile(string section)
    {
        var text = Intro + section;

        Assert.Equal(text, Chrome(text));
    }

    [Fact]
    public void RelatedArticles_LinkParagraphsUnderAHeading_AreDroppedButTheHeadingStays()
    {
        const string heading = "## Related articles\n\n";
        const string listA = "[About profiles](https://example.com/1)\n\n[Post on the app](https://example.com/2)\n\n[Your settings](https://example.com/3)\n";
        const string listB = "[Your posts](https://example.com/4)\n\n[About profiles](https://example.com/1)\n";

        Assert.Equal(Normalize(Body + "\n" + heading + listA), Normalize(Body + "\n" + heading + listB));
        Assert.Equal(Body + "\n" + heading.TrimEnd('\n') + "\n", Chrome(Body + "\n" + heading + listA));
    }

    [Theory]
    [InlineData("We collect:\n\n- Name\n- Email address\n- Device identifiers\n- Approximate location\n")]
    [InlineData("Write to us at:\n\nExample Ltd\n\n4 Grand Canal Square\n\nDublin 2\n\nIreland\n")]
    [InlineData("Our sub-processors:\n\n- [Cloud Host Inc.](https://example.com/a)\n- [Mail Sender Ltd](https://example.com/b)\n- [Analytics Co](https://example.com/c)\n")]
    [InlineData("Read the [new terms](https://example.com/terms).\n\n[Download the agreement](https://example.com/a.pdf)\n\nThese terms apply from today.\n")]
    [InlineData("# Terms\n\n## Overview\n\n## Who we are\n\n## Your account\n")]
    [InlineData("[Download PDF](https://example.com/a.pdf)[Previous terms](https://example.com/old)\n")]
    [InlineData("| Cookie | Purpose |\n| --- | --- |\n| sid | Session |\n| lang | Language |\n")]
    [InlineData("• Access control\n• Cryptography\n• Incident response\n• Physical security\n")]
    public void DocumentText_ThatLooksShortOrLinked_IsKept(string text) =>
        Assert.Equal(text, Chrome(text));

    [Fact]
    public void DateLine_AmongShortLines_StaysDocumentText()
    {
        // The stamp's date is a token by the time the chrome rule runs: it must still count as a date, not as a short label.
        const string before = "Privacy notice for travellers\n\nUpdated: October 2025\n\n[A](https://e.com/#a)[B](https://e.com/#b)[C](https://e.com/#c)\n\nAbout this notice\n\nWe are an example company.\n";
        var after = before.Replace("Updated: October 2025", "Updated December 2025", StringComparison.Ordinal);

        Assert.Equal(ChangeClass.Substantive, ChangeClassifier.Classify(before, after, DetectionSettings.Default).Class);
        Assert.Contains("Updated: October 2025", Chrome(before), StringComparison.Ordinal);
    }

    [Fact]
    public void Change_InsideDocumentText_NextToChrome_IsStillSubstantive()
    {
        const string chips = "Why was I rejected?\n\nAppeal a decision\n\nI have another question\n\n";
        var before = Intro + chips + Body;
        var after = Intro + chips + Body.Replace("not eligible", "eligible after review", StringComparison.Ordinal);

        Assert.Equal(ChangeClass.Substantive, ChangeClassifier.Classify(before, after, DetectionSettings.Default).Class);
    }

    [Fact]
    public void Declaration_ChromeKeep_ForcesAShapedBlockBackIn()
    {
        const string list = "## Sub-processors\n\n[Cloud Host](https://example.com/a)\n\n[Mail Sender](https://example.com/b)\n";
        var keep = DetectionSettings.Default with { ChromeKeep = ["Mail Sender"] };

        Assert.Equal("## Sub-processors\n", Chrome(list));
        Assert.Equal(list, TextNormalizer.Apply(NormalizationRule.PageChrome, list, keep));
        Assert.NotEqual(
            TextNormalizer.Normalize(list, keep),
            TextNormalizer.Normalize(list.Replace("Mail Sender", "Mail Sender Two", StringComparison.Ordinal), keep));
    }

    [Fact]
    public void Declaration_ChromeDrop_ForcesABlockOut()
    {
        const string text = "Terms apply.\n\nWas this page useful? Tell us what you think.\n\nMore terms.\n";
        var drop = DetectionSettings.Default with { ChromeDrop = ["was this page useful"] };

        Assert.Equal(text, Chrome(text));
        Assert.Equal("Terms apply.\n\nMore terms.\n", TextNormalizer.Apply(NormalizationRule.PageChrome, text, drop));
    }

    [Fact]
    public void Settings_ChromeKeepAndDropEmptyOrBoth_AreRefusedWithTheFix()
    {
        var problems = (DetectionSettings.Default with { ChromeKeep = [" ", "MENU"], ChromeDrop = ["Menu"] }).Validate();

        Assert.Contains(problems, p => p.StartsWith("detection.chromeKeep holds an empty phrase", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("both hold \"MENU\"", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutPageChrome_KeepsEverythingElseAsExtracted()
    {
        const string text = "Last updated: 8 July 2026\n\n[Home](https://e.com/) [Help](https://e.com/h) [Terms](https://e.com/t)\n\nWe\u2019ll keep data for **30 days**.\n";

        Assert.Equal("Last updated: 8 July 2026\n\nWe\u2019ll keep data for **30 days**.\n", TextNormalizer.WithoutPageChrome(text, DetectionSettings.Default));
        Assert.Equal(text, TextNormalizer.WithoutPageChrome(text, DetectionSettings.Default with { IgnorePageChrome = false }));
    }
}

public sealed class FormattingRuleTests
{
    private static string Normalize(string text) => TextNormalizer.Normalize(text, DetectionSettings.Default);

    [Theory]
    [InlineData("**Contact us**\n\nWrite to us.\n", "Contact us\n\nWrite to us.\n")]
    [InlineData("## Contact us\n\nWrite to us.\n", "Contact us\n\nWrite to us.\n")]
    [InlineData("Contact us\n----------\n\nWrite to us.\n", "## Contact us\n\nWrite to us.\n")]
    [InlineData("Terms\n=====\n\nWe may *suspend* accounts.\n", "# Terms\n\nWe may suspend accounts.\n")]
    [InlineData("| Twilio<br><br>Analytics |\n", "| Twilio Analytics |\n")]
    [InlineData("We __never__ sell data.\n", "We never sell data.\n")]
    public void FormattingOnlyEdit_IsNoise(string before, string after)
    {
        Assert.Equal(Normalize(before), Normalize(after));
        Assert.Equal(ChangeClass.Technical, ChangeClassifier.Classify(before, after, DetectionSettings.Default).Class);
    }

    [Theory]
    [InlineData("We may **suspend** accounts.\n", "We may **close** accounts.\n")]
    [InlineData("## Contact us\n", "## Contact our team\n")]
    [InlineData("Fees are 2*3*4 units.\n", "Fees are 234 units.\n")]
    [InlineData("Use snake_case_names.\n", "Use snakecasenames.\n")]
    public void WordEdit_InsideFormatting_StaysSubstantive(string before, string after) =>
        Assert.Equal(ChangeClass.Substantive, ChangeClassifier.Classify(before, after, DetectionSettings.Default).Class);

    [Fact]
    public void Formatting_CanBeSwitchedOff()
    {
        var off = DetectionSettings.Default with { IgnoreFormatting = false };

        Assert.DoesNotContain(NormalizationRule.Formatting, TextNormalizer.EnabledRules(off));
        Assert.Equal(ChangeClass.Substantive, ChangeClassifier.Classify("**Contact us**\n", "Contact us\n", off).Class);
    }
}
