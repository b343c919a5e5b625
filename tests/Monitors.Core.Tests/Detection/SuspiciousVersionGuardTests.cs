using Monitors.Core.Catalog;
using Monitors.Core.Detection;

namespace Monitors.Core.Tests.Detection;

public sealed class SuspiciousVersionGuardTests
{
    private static readonly string LongDocument = SampleDocuments.Long(30_000);

    private static GuardVerdict Check(string? previous, string text, DetectionSettings? settings = null) =>
        SuspiciousVersionGuard.Check(previous, text, settings ?? DetectionSettings.Default);

    [Fact]
    public void Check_SameDocument_IsOk()
    {
        var verdict = Check(LongDocument, LongDocument.Replace("30 days", "45 days", StringComparison.Ordinal));

        Assert.False(verdict.IsSuspicious);
        Assert.Null(verdict.Reason);
    }

    [Fact]
    public void Check_ContentCollapsed_SaysByHowMuch()
    {
        var previous = new string('a', 30_112);
        var collapsed = new string('b', 1_203);

        var verdict = Check(previous, collapsed);

        Assert.Equal(SuspicionKind.Collapsed, verdict.Kind);
        Assert.Equal("content collapsed to 4% of the previous version (1,203 of 30,112 characters)", verdict.Reason);
    }

    [Fact]
    public void Check_ShrankButAboveThreshold_IsOk()
    {
        // Short enough (3,750 characters) that only the threshold decides.
        var previous = SampleDocuments.Long(15_000);
        var shorter = previous[..(previous.Length / 4)];

        Assert.False(Check(previous, shorter).IsSuspicious);
        Assert.Equal(SuspicionKind.Collapsed, Check(previous, shorter, DetectionSettings.Default with { CollapseThreshold = 0.3 }).Kind);
    }

    [Fact]
    public void Check_ShrankToAShortVariantThatIsStillADocument_IsNotACollapse()
    {
        // A 157 KB page served alternately with its 29 KB variant: 18 %, but 29 KB of text is a document, not an outage.
        var previous = SampleDocuments.Long(160_000);
        var shortVariant = SampleDocuments.Long(29_000);

        Assert.False(Check(previous, shortVariant).IsSuspicious);
        Assert.Equal(SuspicionKind.Collapsed, Check(previous, shortVariant[..4_000]).Kind);
    }

    [Fact]
    public void Check_CollapseThresholdZero_SwitchesCollapseOff() =>
        Assert.False(Check(LongDocument, LongDocument[..500], DetectionSettings.Default with { CollapseThreshold = 0 }).IsSuspicious);

    [Theory]
    [InlineData("")]
    [InlineData(" \n\n ")]
    public void Check_Empty_IsSuspicious(string text) => Assert.Equal(SuspicionKind.Empty, Check(LongDocument, text).Kind);

    [Fact]
    public void Check_TinyFirstVersion_IsTooShort()
    {
        var verdict = Check(null, "# Privacy Statement\n\nLast Updated: October 2025\n");

        Assert.Equal(SuspicionKind.TooShort, verdict.Kind);
        Assert.Contains("no previous version", verdict.Reason, StringComparison.Ordinal);
        Assert.False(Check(null, LongDocument).IsSuspicious);
    }

    [Fact]
    public void Check_ErrorPhraseOnShortPage_IsErrorPage()
    {
        // Half the previous length: not a collapse, but too short to be the document when an error phrase shows.
        var half = LongDocument[..(LongDocument.Length / 2)];
        var errorPage = "# Something\n\nAn unexpected error has occurred while we loaded this content, please come back later after some time has passed.\n\n" + half;

        var verdict = Check(LongDocument, errorPage);

        Assert.Equal(SuspicionKind.ErrorPage, verdict.Kind);
        Assert.Equal("error page: \"An unexpected error has occurred while we loaded this content, please come back later after some time has passed.\"", verdict.Reason);
    }

    [Fact]
    public void Check_ErrorPhraseOnALineOfItsOwn_InFullLengthDocument_IsErrorPage()
    {
        // One failed part of a document assembled from several pages: the rest is all there.
        var assembled = "# This page isn\u2019t available\n\n" + LongDocument;

        var verdict = Check(LongDocument, assembled);

        Assert.Equal(SuspicionKind.ErrorPage, verdict.Kind);
        Assert.Equal("error page: \"This page isn't available\"", verdict.Reason);
    }

    [Fact]
    public void Check_PhraseInAClauseOfALongDocument_IsOk()
    {
        var clause = "If your credentials are rejected and you see an access denied message, or the page not found, contact support; we will restore access to the services within a reasonable time and tell you why.";
        var withClause = SampleDocuments.Long(30_000, clause);

        Assert.False(Check(LongDocument, withClause).IsSuspicious);
        Assert.False(Check(null, withClause).IsSuspicious);
    }

    [Fact]
    public void Check_PhraseHeldByPreviousVersion_IsDocumentText()
    {
        var previous = SampleDocuments.Long(30_000, "### Access denied");
        var shortened = previous[..(previous.Length / 2)];

        Assert.Contains("### Access denied", shortened, StringComparison.Ordinal);
        Assert.False(Check(previous, shortened).IsSuspicious);
        Assert.Equal(SuspicionKind.ErrorPage, Check(LongDocument, shortened).Kind);
    }

    [Theory]
    [InlineData("Sign in to continue", "login or bot-check wall: \"Sign in to continue\"")]
    [InlineData("Verify you are human by completing the action below.", "login or bot-check wall: \"Verify you are human by completing the action below.\"")]
    [InlineData("Checking your browser before accessing example.com.", "login or bot-check wall: \"Checking your browser before accessing example.com.\"")]
    public void Check_LoginOrBotWall_IsWall(string line, string reason)
    {
        var wall = $"# Example\n\n{line}\n\n[Help](https://example.com/help)\n";

        var verdict = Check(LongDocument, wall + new string('x', LongDocument.Length / 3));

        Assert.Equal(SuspicionKind.Wall, verdict.Kind);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Check_CloudflareInterstitialWithoutPrevious_IsErrorPage()
    {
        var verdict = Check(null, "# example.com\n\nJust a moment\u2026\n\nEnable JavaScript and cookies to continue\n\n" + new string('.', 300));

        Assert.Equal(SuspicionKind.ErrorPage, verdict.Kind);
        Assert.Equal("error page: \"Just a moment...\"", verdict.Reason);
    }

    [Fact]
    public void Check_PhraseInsideAWord_DoesNotCount()
    {
        var withRecaptcha = "### reCAPTCHA\n\n" + LongDocument;

        Assert.False(Check(LongDocument, withRecaptcha).IsSuspicious);
    }

    [Fact]
    public void Check_ExtraErrorPhrase_CountsLikeBuiltInOnes()
    {
        var maintenance = "# Wartungsarbeiten\n\n" + LongDocument;
        var settings = DetectionSettings.Default with { ExtraErrorPhrases = ["Wartungsarbeiten"] };

        Assert.False(Check(LongDocument, maintenance).IsSuspicious);
        var verdict = Check(LongDocument, maintenance, settings);
        Assert.Equal(SuspicionKind.ErrorPage, verdict.Kind);
        Assert.Equal("error page: \"Wartungsarbeiten\"", verdict.Reason);
    }
}
