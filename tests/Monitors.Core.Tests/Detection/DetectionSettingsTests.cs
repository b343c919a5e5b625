using System.Text.Json;
using System.Text.Json.Serialization;
using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Detection;

public sealed class DetectionSettingsTests
{
    // As the catalog loader reads the 'detection' block.
    private static readonly JsonSerializerOptions CatalogJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    [Fact]
    public void Default_SwitchesEveryRuleOn_WithDocumentedThresholds()
    {
        var settings = DetectionSettings.Default;

        Assert.True(settings.IgnoreLinkQueries && settings.IgnoreImageTargets && settings.IgnoreUuidTokens && settings.IgnoreUrlVariants
            && settings.NormalizeTypography && settings.NormalizeDateFormats && settings.IgnoreRelativeDates && settings.IgnoreUpdatedStamps
            && settings.IgnorePageChrome && settings.IgnoreFormatting && settings.NormalizeWhitespace);
        Assert.Empty(settings.ChromeKeep);
        Assert.Empty(settings.ChromeDrop);
        Assert.Equal(0.2, settings.CollapseThreshold);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.ConfirmDelay);
        Assert.Equal(3, settings.FailuresBeforeAttention);
        Assert.Empty(settings.ExtraErrorPhrases);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void Deserialize_CatalogBlock_SetsGivenMembersAndKeepsDefaults()
    {
        const string json = """
            { "ignoreLinkQueries": false, "collapseThreshold": 0.1, "extraErrorPhrases": ["Wartungsarbeiten"],
              "confirmDelay": "00:05:00", "failuresBeforeAttention": 5 }
            """;

        var settings = JsonSerializer.Deserialize<DetectionSettings>(json, CatalogJson)!;

        Assert.False(settings.IgnoreLinkQueries);
        Assert.True(settings.NormalizeDateFormats);
        Assert.Equal(0.1, settings.CollapseThreshold);
        Assert.Equal(["Wartungsarbeiten"], settings.ExtraErrorPhrases);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.ConfirmDelay);
        Assert.Equal(5, settings.FailuresBeforeAttention);
        Assert.Equal(200, settings.MinimumLength);
    }

    [Fact]
    public void Deserialize_UnknownMember_IsRejected() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DetectionSettings>("""{ "ignoreLinkQuery": false }""", CatalogJson));

    [Fact]
    public void Serialize_RoundTrips()
    {
        var settings = DetectionSettings.Default with { IgnorePageChrome = false, ConfirmDelay = TimeSpan.FromMinutes(30) };

        var json = JsonSerializer.Serialize(settings, CatalogJson);
        var back = JsonSerializer.Deserialize<DetectionSettings>(json, CatalogJson)!;

        Assert.Contains("\"confirmDelay\":\"00:30:00\"", json, StringComparison.Ordinal);
        Assert.False(back.IgnorePageChrome);
        Assert.Equal(TimeSpan.FromMinutes(30), back.ConfirmDelay);
    }

    [Fact]
    public void Validate_BadValues_NameTheFieldAndTheFix()
    {
        var settings = DetectionSettings.Default with
        {
            CollapseThreshold = 1.5,
            MinimumLength = -1,
            ExtraErrorPhrases = [" "],
            ConfirmDelay = TimeSpan.FromMinutes(-1),
            FailuresBeforeAttention = 0,
        };

        var problems = settings.Validate();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("detection.collapseThreshold is 1.5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("detection.failuresBeforeAttention is 0; use 1 or more", StringComparison.Ordinal));
    }
}
