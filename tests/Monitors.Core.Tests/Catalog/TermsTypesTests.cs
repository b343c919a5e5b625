using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Catalog;

public sealed class TermsTypesTests
{
    [Fact]
    public void All_HoldsOpenTermsArchiveNamesOnce()
    {
        Assert.Equal(44, TermsTypes.All.Count);
        Assert.Equal(TermsTypes.All.Count, TermsTypes.All.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Data Processor Agreement", TermsTypes.All);
        Assert.Contains("General Conditions of Sale", TermsTypes.All);
    }

    [Fact]
    public void IsKnown_IsCaseSensitiveLikeOtaKeys()
    {
        Assert.True(TermsTypes.IsKnown("Acceptable Use Policy"));
        Assert.False(TermsTypes.IsKnown("acceptable use policy"));
        Assert.False(TermsTypes.IsKnown("Usage Policy"));
    }

    [Theory]
    [InlineData("Data Processing Addendum", "Data Processor Agreement")]
    [InlineData("Cookies Policy", "Trackers Policy")]
    [InlineData("Comercial Terms", "Commercial Terms")]
    [InlineData("Business privacy", "Business Privacy Policy")]
    public void Suggest_PutsTheIntendedTypeFirst(string value, string expected)
    {
        Assert.Equal(expected, TermsTypes.Suggest(value)[0]);
    }
}
