using Monitors.Core.Catalog;
using Monitors.Core.Detection;

namespace Monitors.Core.Tests.Detection;

public sealed class TextNormalizerTests
{
    private static string Normalize(string text) => TextNormalizer.Normalize(text, DetectionSettings.Default);

    private static void AssertSame(string before, string after) => Assert.Equal(Normalize(before), Normalize(after));

    private static void AssertDifferent(string before, string after) => Assert.NotEqual(Normalize(before), Normalize(after));

    // LinkTargets

    [Fact]
    public void LinkTargets_TrackingQueryAndFragment_CompareEqual()
    {
        AssertSame(
            "See the [Pricing Page](https://chatgpt.com/en-GB/pricing?openaicom-did=11111111-2222-4333-8444-555555555555&openaicom_referred=true).\n",
            "See the [Pricing Page](https://chatgpt.com/en-GB/pricing?openaicom-did=66666666-7777-4888-9999-aaaaaaaaaaaa&openaicom_referred=true).\n");
        AssertSame("[Info](https://policies.example.com/privacy#section-2)\n", "[Info](https://policies.example.com/privacy#section-2&what)\n");
    }

    [Fact]
    public void LinkTargets_KeepsPathAndLinkText()
    {
        var normalized = TextNormalizer.Apply(NormalizationRule.LinkTargets, "[see ?q=1 #x](https://example.com/legal/terms?utm_source=mail#top)\n");

        Assert.Equal("[see ?q=1 #x](https://example.com/legal/terms)\n", normalized);
    }

    [Fact]
    public void LinkTargets_ChangedPath_StaysDifferent()
    {
        AssertDifferent("[Terms](https://example.com/legal/terms?x=1)\n", "[Terms](https://example.com/legal/terms-2026?x=1)\n");
        // Another site name is another link; the same name under another top-level domain is a regional mirror (UrlVariants).
        AssertDifferent("[Terms](https://example.com/legal/terms)\n", "[Terms](https://example-legal.org/legal/terms)\n");
    }

    [Fact]
    public void LinkTargets_ParenthesesAutolinksAndMailto_AreHandled()
    {
        Assert.Equal(
            "[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) and <https://example.com/a> and [Mail](mailto:legal@example.com)\n",
            TextNormalizer.Apply(NormalizationRule.LinkTargets,
                "[Foo](https://en.wikipedia.org/wiki/Foo_(bar)?x=1) and <https://example.com/a?b=c> and [Mail](mailto:legal@example.com?subject=Hi)\n"));
    }

    [Fact]
    public void LinkTargets_BareUrlInProse_IsNotALinkTarget()
    {
        const string text = "Write to https://example.com/contact?topic=privacy for help.\n";

        Assert.Equal(text, TextNormalizer.Apply(NormalizationRule.LinkTargets, text));
    }

    // ImageTargets

    [Fact]
    public void ImageTargets_ImagesAreNotText_ButTheWordsAroundThemCount()
    {
        // Canonical text omits images, so a Markdown image (source or alt) is compared as absent too: a sub-processor
        // logo leaving a table cell is not an edit (the reviewed claude-ai DPA 0020 transition).
        AssertSame("Select More ![menu](//cdn-a.example.com/asWtkPX7yrGt) to go on.\n", "Select More ![menu](//cdn-b.example.com/OzXDkVHpwsoM=h36) to go on.\n");
        AssertSame("| ![Logo for Acme](/logos/acme) Acme • Hosting |\n", "| Acme • Hosting |\n");
        AssertDifferent("Select ![menu](//cdn.example.com/a) to go on.\n", "Select ![menu](//cdn.example.com/a) to stop.\n");
    }

    // UuidTokens

    [Fact]
    public void UuidTokens_DifferentUuids_CompareEqual()
    {
        AssertSame(
            "[Claude](https://claude.ai/redirect/website.v1.0b7a4e8c-1d2f-4a3b-9c8d-7e6f5a4b3c2d/download)\n",
            "[Claude](https://claude.ai/redirect/website.v1.f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9/download)\n");
        Assert.Equal("id \u27E6uuid\u27E7 and \u27E6uuid\u27E7.\n", TextNormalizer.Apply(NormalizationRule.UuidTokens, "id 0123456789abcdef0123456789ABCDEF and 0b7a4e8c-1d2f-4a3b-9c8d-7e6f5a4b3c2d.\n"));
    }

    [Theory]
    [InlineData("Order 123456789012 was placed.\n")]
    [InlineData("Code deadbeef and cafe-babe stay.\n")]
    [InlineData("Ref x0b7a4e8c-1d2f-4a3b-9c8d-7e6f5a4b3c2d glued to a word.\n")]
    [InlineData("Commit 0123456789abcdef0123456789abcdef01234567 has 40 digits.\n")]
    public void UuidTokens_OtherHexAndNumbers_AreUntouched(string text) =>
        Assert.Equal(text, TextNormalizer.Apply(NormalizationRule.UuidTokens, text));

    // UrlVariants

    [Fact]
    public void UrlVariants_SchemeAndTrailingSlash_CompareEqual()
    {
        AssertSame("[](https://x.ai/legal) [Policy](http://legal.example.com/terms/usage-policy/)\n", "[](https://x.ai/legal/) [Policy](https://legal.example.com/terms/usage-policy)\n");
        // The host becomes the site's name: a comparison key, never shown (the archive keeps the link as served).
        Assert.Equal("[a](https://x)\n", TextNormalizer.Apply(NormalizationRule.UrlVariants, "[a](http://x.ai/)\n"));
    }

    [Theory]
    [InlineData("[this form](https://www.booking.com/content/dsar)", "[this form](https://m.booking.com/content/dsar)")]
    [InlineData("[this form](https://www.booking.com/content/dsar)", "[this form](https://www.booking.cn/content/dsar)")]
    [InlineData("[Policy](https://www.airbnb.co.uk/terms/privacy)", "[Policy](https://www.airbnb.com/terms/privacy)")]
    [InlineData("[this form](https://www.example.com/content/dsar)", "[this form](https://www.example.com/content/dsar.en-gb.html)")]
    [InlineData("[Terms](https://example.com/legal/terms.html)", "[Terms](https://example.com/legal/terms)")]
    public void UrlVariants_SameSiteOnMirrorOrLocalisedPage_CompareEqual(string before, string after) =>
        AssertSame(before + "\n", after + "\n");

    [Theory]
    [InlineData("[pricing](https://openai.com/chatgpt/pricing)", "[pricing](https://chatgpt.com/chatgpt/pricing)")]
    [InlineData("[terms](https://openai.com/policies/nov-2023-terms)", "[terms](https://openai.com/policies/may-2025-terms)")]
    [InlineData("[help](https://help.example.com/terms)", "[help](https://example.com/terms)")]
    [InlineData("[terms](https://example.com/eu/terms)", "[terms](https://example.com/us/terms)")]
    [InlineData("[terms](https://example.com/terms.en.html)", "[terms](https://example.com/privacy.en.html)")]
    public void UrlVariants_OtherSiteNameSubdomainOrPath_StaysDifferent(string before, string after) =>
        AssertDifferent(before + "\n", after + "\n");

    [Fact]
    public void UrlVariants_OtherPath_StaysDifferent() =>
        AssertDifferent("[Policy](https://x.ai/legal/privacy-policy)\n", "[Policy](https://x.ai/legal/privacy-policy-eu)\n");

    // Typography

    [Fact]
    public void Typography_LookAlikes_BecomeAscii()
    {
        Assert.Equal(
            "We'll \"always\" - well... \"mostly\" - use non-ASCII fine print in 2024-2026 'here'.\n",
            TextNormalizer.Apply(NormalizationRule.Typography,
                "We\u2019ll \u201Calways\u201D \u2014 well\u2026 \u00ABmostly\u00BB \u2013 use non\u2011ASCII \uFB01ne print in 2024\u20132026 \u2018here\u2019.\n"));
    }

    [Fact]
    public void Typography_OtherWording_StaysDifferent() => AssertDifferent("We\u2019ll tell you.\n", "We will tell you.\n");

    // DateFormats

    [Theory]
    [InlineData("8 July 2026")]
    [InlineData("8th of July, 2026")]
    [InlineData("July 8, 2026")]
    [InlineData("July 8th 2026")]
    [InlineData("Jul. 8 2026")]
    [InlineData("JULY 8, 2026")]
    [InlineData("2026-07-08")]
    [InlineData("2026/07/08")]
    [InlineData("08/07/2026")]
    [InlineData("08.07.2026")]
    [InlineData("8-7-2026")]
    [InlineData("8\u00A0July\u00A02026")]
    public void DateFormats_EveryFormat_BecomesOneDay(string date) =>
        Assert.Equal("Effective \u27E6date:2026-07-08\u27E7.\n", TextNormalizer.Apply(NormalizationRule.DateFormats, $"Effective {date}.\n"));

    [Fact]
    public void DateFormats_MonthAndYear_BecomesMonthToken()
    {
        Assert.Equal("Since \u27E6month:2025-10\u27E7.\n", TextNormalizer.Apply(NormalizationRule.DateFormats, "Since October 2025.\n"));
        AssertSame("Since Oct 2025.\n", "Since OCTOBER, 2025.\n");
        AssertDifferent("Since October 2025.\n", "Since 1 October 2025.\n");
    }

    [Fact]
    public void DateFormats_NumericOrder_PartAboveTwelveDecides()
    {
        AssertSame("07/13/2026\n", "13 July 2026\n");
        AssertSame("13/07/2026\n", "13 July 2026\n");
        AssertSame("03/04/2026\n", "3 April 2026\n");
    }

    [Fact]
    public void DateFormats_DifferentDate_StaysDifferent()
    {
        AssertDifferent("Effective January 12, 2026\n", "Effective 13 January 2026\n");
        AssertDifferent("Effective January 12, 2026\n", "Effective February 12, 2026\n");
        AssertDifferent("Effective January 12, 2026\n", "Effective January 12, 2027\n");
    }

    [Fact]
    public void DateFormats_EffectiveDateFormatFlip_IsTechnical() =>
        AssertSame("Effective January 12, 2026[Previous Version](https://example.com/legal/archive/1)\n", "Effective 12 January 2026[Previous Version](https://example.com/legal/archive/1)\n");

    [Theory]
    [InlineData("You have 30 days to object, within 12 months of 2026.\n")]
    [InlineData("Regulation (EU) 2016/679 and Regulation (EU) 2022/1925 apply.\n")]
    [InlineData("See 740 ILCS 14 and Section 4.2(a), version 1.2.3, $1000 per 12 (twelve) months.\n")]
    [InlineData("Registered under number 952 418 325, phone 01.23.45.67.89.\n")]
    [InlineData("You may 2026 nothing here, and march 2026 stays lower case.\n")]
    [InlineData("The 31 February 2026 and 2026-13-01 are not dates.\n")]
    [InlineData("Mayor 2026 and Marching 2026 are words.\n")]
    public void DateFormats_NumbersThatAreNotDates_AreUntouched(string text) =>
        Assert.Equal(text, TextNormalizer.Apply(NormalizationRule.DateFormats, text));

    // RelativeDates

    [Theory]
    [InlineData("Updated: 5 days ago", "Updated: 6 days ago")]
    [InlineData("Updated 18 days ago", "Updated about a month ago")]
    [InlineData("Posted yesterday", "Posted today")]
    [InlineData("Edited 3 hours ago by the team", "Edited just now by the team")]
    [InlineData("Last edited: two weeks ago", "Last edited: a few days ago")]
    public void RelativeDates_Ticking_CompareEqual(string before, string after) => AssertSame(before + "\n", after + "\n");

    [Theory]
    [InlineData("You have 30 days to object.\n")]
    [InlineData("Our office in Chicago is open today.\n")]
    [InlineData("Years ago we agreed. 5 days agony.\n")]
    public void RelativeDates_OtherText_IsUntouched(string text) =>
        Assert.Equal(text, TextNormalizer.Apply(NormalizationRule.RelativeDates, text));

    [Fact]
    public void RelativeDates_DifferentSentence_StaysDifferent() =>
        AssertDifferent("We notify you 5 days ago.\n", "We notify you 30 days in advance.\n");

    // UpdatedStamps

    [Theory]
    [InlineData("**Last updated:** March 20, 2026", "**Last updated:** April 8, 2026")]
    [InlineData("### Last updated: March 27, 2026", "### Last updated: 2026-04-08")]
    [InlineData("Last Updated: October 2025", "Last Updated: December 2025")]
    [InlineData("This policy was last modified on 8 July 2026.", "This policy was last modified on 9 July 2026.")]
    [InlineData("Last reviewed 01/02/2025", "Last reviewed 01/03/2025")]
    [InlineData("Updated: 5 days ago", "Updated: 9 days ago")]
    public void UpdatedStamps_StampBump_ComparesEqual(string before, string after) => AssertSame(before + "\n", after + "\n");

    [Theory]
    [InlineData("Effective: March 20, 2026", "Effective: April 8, 2026")]
    [InlineData("Effective date 8 July 2026", "Effective date 9 July 2026")]
    [InlineData("Last updated: March 20, 2026. These terms apply from 1 May 2026.", "Last updated: March 20, 2026. These terms apply from 1 June 2026.")]
    [InlineData("We reviewed 8 July 2026 data.", "We reviewed 9 July 2026 data.")]
    public void UpdatedStamps_OtherDates_StayDifferent(string before, string after) => AssertDifferent(before + "\n", after + "\n");

    [Fact]
    public void UpdatedStamps_WithDateFormatsOff_StillRecognisesRawDates()
    {
        var settings = DetectionSettings.Default with { NormalizeDateFormats = false };

        Assert.Equal(
            TextNormalizer.Normalize("Last updated: March 20, 2026\n", settings),
            TextNormalizer.Normalize("Last updated: April 8, 2026\n", settings));
        Assert.NotEqual(
            TextNormalizer.Normalize("Effective March 20, 2026\n", settings),
            TextNormalizer.Normalize("Effective 20 March 2026\n", settings));
    }

    [Fact]
    public void UpdatedStamps_VerbWithoutDate_IsUntouched()
    {
        const string text = "We've updated our Usage Policies on request.\n";

        Assert.Equal(text, TextNormalizer.Apply(NormalizationRule.UpdatedStamps, text));
    }

    // PageChrome

    [Fact]
    public void PageChrome_ControlLabelsAndIconLinks_AreDropped()
    {
        AssertSame("# Usage policies\n\nTable of contents\n\nText.\n", "# Usage policies\n\nText.\n");
        AssertSame("Intro.\n\n_close_\n\nText.\n", "Intro.\n\nText.\n");
        AssertSame("[](https://llama.example.com/legal)\n\n# Terms\n", "# Terms\n");
    }

    [Theory]
    [InlineData("A.\n\nClose\n\nB.\n", "A.\n\nB.\n")]
    [InlineData("A.\n\nTable of contents\n", "A.\n")]
    [InlineData("- a\n- Print\n- b\n", "- a\n- b\n")]
    public void PageChrome_DroppedBlock_TakesItsBlankLineAlong(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Apply(NormalizationRule.PageChrome, text));

    [Theory]
    [InlineData("Close the account at any time.\n")]
    [InlineData("Print media advertising\n")]
    [InlineData("[Privacy Policy](https://example.com/privacy)\n")]
    [InlineData("We share data with processors.\n- Menu planning data\n")]
    [InlineData("[](https://example.com/a) and the rest of the sentence.\n")]
    public void PageChrome_DocumentText_IsKept(string text) =>
        Assert.Equal(text, TextNormalizer.Apply(NormalizationRule.PageChrome, text));

    // Whitespace

    [Fact]
    public void Whitespace_InvisibleAndSpacing_CompareEqual()
    {
        AssertSame("Contact email address:\u00A0 [contact@example.com](mailto:contact@example.com) .\n", "Contact email address:\u00A0[contact@example.com](mailto:contact@example.com).\n");
        AssertSame("[https://example.com/pricing\u2060](https://example.com/pricing)\n", "[https://example.com/pricing](https://example.com/pricing)\n");
        AssertSame("# Title\n\n \n    \n- one\n  - two  \n", "# Title\n\n- one\n- two\n");
        AssertSame("pri\u00ADvacy ( see below )\r\n", "privacy (see below)\n");
    }

    [Fact]
    public void Whitespace_WordsAndBlocks_StayDifferent()
    {
        AssertDifferent("data sharing\n", "datasharing\n");
        AssertDifferent("First sentence. Second sentence.\n", "First sentence.\n\nSecond sentence.\n");
    }

    // The pipeline

    public static TheoryData<NormalizationRule, string, string> OneExamplePerRule => new()
    {
        { NormalizationRule.Typography, "We\u2019ll tell you.\n", "We'll tell you.\n" },
        { NormalizationRule.ImageTargets, "![logo](https://a.example/1.png)\n", "![logo](https://b.example/2.png)\n" },
        { NormalizationRule.LinkTargets, "[a](https://example.com/x?utm=1)\n", "[a](https://example.com/x?utm=2)\n" },
        { NormalizationRule.UuidTokens, "ref 0b7a4e8c-1d2f-4a3b-9c8d-7e6f5a4b3c2d\n", "ref f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9\n" },
        { NormalizationRule.UrlVariants, "[a](http://example.com/x/)\n", "[a](https://example.com/x)\n" },
        { NormalizationRule.DateFormats, "Effective 8 July 2026\n", "Effective July 8, 2026\n" },
        { NormalizationRule.RelativeDates, "Seen 5 days ago\n", "Seen 6 days ago\n" },
        { NormalizationRule.UpdatedStamps, "Last updated: 8 July 2026\n", "Last updated: 9 July 2026\n" },
        { NormalizationRule.PageChrome, "Text.\nTable of contents\n", "Text.\n" },
        { NormalizationRule.Formatting, "## Contact **us**\n", "Contact us\n" },
        { NormalizationRule.Whitespace, "Text  here.\n", "Text here.\n" },
    };

    [Theory]
    [MemberData(nameof(OneExamplePerRule))]
    public void Normalize_EachRule_CanBeSwitchedOffPerDocument(NormalizationRule rule, string before, string after)
    {
        var off = WithRuleOff(rule);

        Assert.Equal(Normalize(before), Normalize(after));
        Assert.NotEqual(TextNormalizer.Normalize(before, off), TextNormalizer.Normalize(after, off));
        Assert.DoesNotContain(rule, TextNormalizer.EnabledRules(off));
    }

    [Fact]
    public void EnabledRules_ByDefault_AreAllRulesInOrder() =>
        Assert.Equal(Enum.GetValues<NormalizationRule>().Order(), TextNormalizer.EnabledRules(DetectionSettings.Default).Order());

    [Fact]
    public void Normalize_IsIdempotent()
    {
        const string text = "# Terms\n\nLast updated: 8 July 2026\n\nWe\u2019ll share [data](http://example.com/a/?x=1) 5 days ago\u00A0 .\n\nClose\n";

        var once = Normalize(text);

        Assert.Equal(once, Normalize(once));
    }

    private static DetectionSettings WithRuleOff(NormalizationRule rule) => rule switch
    {
        NormalizationRule.Typography => DetectionSettings.Default with { NormalizeTypography = false },
        NormalizationRule.ImageTargets => DetectionSettings.Default with { IgnoreImageTargets = false },
        NormalizationRule.LinkTargets => DetectionSettings.Default with { IgnoreLinkQueries = false },
        NormalizationRule.UuidTokens => DetectionSettings.Default with { IgnoreUuidTokens = false },
        NormalizationRule.UrlVariants => DetectionSettings.Default with { IgnoreUrlVariants = false },
        NormalizationRule.DateFormats => DetectionSettings.Default with { NormalizeDateFormats = false },
        NormalizationRule.RelativeDates => DetectionSettings.Default with { IgnoreRelativeDates = false },
        NormalizationRule.UpdatedStamps => DetectionSettings.Default with { IgnoreUpdatedStamps = false },
        NormalizationRule.PageChrome => DetectionSettings.Default with { IgnorePageChrome = false },
        NormalizationRule.Formatting => DetectionSettings.Default with { IgnoreFormatting = false },
        NormalizationRule.Whitespace => DetectionSettings.Default with { NormalizeWhitespace = false },
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}
