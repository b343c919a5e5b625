using Monitors.Core.Catalog;
using Monitors.Core.Detection;

namespace Monitors.Core.Tests.Detection;

public sealed class ChangeClassifierTests
{
    private const string Version = "# Terms\n\nLast updated: 8 July 2026\n\nWe share data with [partners](https://example.com/partners?did=1).\n";

    private static ChangeClassification Classify(string previous, string next, DetectionSettings? settings = null) =>
        ChangeClassifier.Classify(previous, next, settings ?? DetectionSettings.Default);

    [Fact]
    public void Classify_SameText_IsIdentical()
    {
        var result = Classify(Version, string.Concat(Version.AsSpan(0, 10), Version.AsSpan(10)));

        Assert.Equal(ChangeClass.Identical, result.Class);
        Assert.Equal(result.PreviousNormalizedHash, result.NewNormalizedHash);
    }

    [Fact]
    public void Classify_OnlyNoise_IsTechnical_WithEqualNormalisedHashes()
    {
        var next = Version.Replace("8 July 2026", "July 9, 2026", StringComparison.Ordinal).Replace("did=1", "did=2", StringComparison.Ordinal);

        var result = Classify(Version, next);

        Assert.Equal(ChangeClass.Technical, result.Class);
        Assert.Equal(result.PreviousNormalizedHash, result.NewNormalizedHash);
        Assert.Equal(result.PreviousNormalized, result.NewNormalized);
        Assert.Equal(TextNormalizer.Hash(TextNormalizer.Normalize(next, DetectionSettings.Default)), result.NewNormalizedHash);
    }

    [Fact]
    public void Classify_WordingChange_IsSubstantive()
    {
        var result = Classify(Version, Version.Replace("share data", "sell data", StringComparison.Ordinal));

        Assert.Equal(ChangeClass.Substantive, result.Class);
        Assert.NotEqual(result.PreviousNormalizedHash, result.NewNormalizedHash);
    }

    [Fact]
    public void Classify_NoiseWithRuleSwitchedOff_IsSubstantive()
    {
        var next = Version.Replace("did=1", "did=2", StringComparison.Ordinal);

        Assert.Equal(ChangeClass.Technical, Classify(Version, next).Class);
        Assert.Equal(ChangeClass.Substantive, Classify(Version, next, DetectionSettings.Default with { IgnoreLinkQueries = false }).Class);
    }

    [Fact]
    public void Classify_Flap_ReturnsToTheFirstNormalisedHash()
    {
        var variant = Version.Replace("We share", "We now share", StringComparison.Ordinal);
        var back = Version.Replace("did=1", "did=3", StringComparison.Ordinal);

        var there = Classify(Version, variant);
        var again = Classify(variant, back);

        Assert.Equal(ChangeClass.Substantive, again.Class);
        Assert.Equal(there.PreviousNormalizedHash, again.NewNormalizedHash);
    }

    [Fact]
    public void ExplainTechnicalChange_NamesTheRulesItTook()
    {
        var next = Version.Replace("8 July 2026", "9 July 2026", StringComparison.Ordinal).Replace("did=1", "did=2", StringComparison.Ordinal);

        var rules = ChangeClassifier.ExplainTechnicalChange(Version, next, DetectionSettings.Default);

        Assert.Equal([NormalizationRule.LinkTargets, NormalizationRule.UpdatedStamps], rules);
        Assert.Empty(ChangeClassifier.ExplainTechnicalChange(Version, Version, DetectionSettings.Default));
        Assert.Equal(
            [NormalizationRule.LinkTargets],
            ChangeClassifier.ExplainTechnicalChange(
                "[a](https://example.com/x?did=0b7a4e8c-1d2f-4a3b-9c8d-7e6f5a4b3c2d)\n",
                "[a](https://example.com/x?did=f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9)\n",
                DetectionSettings.Default));
        Assert.Empty(ChangeClassifier.ExplainTechnicalChange(Version, Version.Replace("share", "sell", StringComparison.Ordinal), DetectionSettings.Default));
    }
}
