using System.Text;
using Monitors.Core.Extraction;

namespace Monitors.Core.Tests.Extraction;

/// <summary>The extractor skips ICU's NFC check for texts of characters that cannot be out of NFC; it must never be wrong.</summary>
public class NfcQuickCheckTests
{
    private static readonly char[] Safe =
        [.. Enumerable.Range(0, 0x300).Concat(Enumerable.Range(0x2002, 0x206F - 0x2002 + 1)).Select(c => (char)c)];

    [Fact]
    public void IsSurelyNfc_EveryPairOfCharactersItAccepts_IsInNfc()
    {
        var pair = new char[2];
        foreach (var first in Safe)
        {
            pair[0] = first;
            foreach (var second in Safe)
            {
                pair[1] = second;
                var text = new string(pair);
                Assert.True(CanonicalTextBuilder.IsSurelyNfc(text));
                Assert.True(text.IsNormalized(NormalizationForm.FormC), $"U+{(int)first:X4} U+{(int)second:X4} is not in NFC");
            }
        }
    }

    [Theory]
    [InlineData("Cafe\u0301")] // combining acute: NFC composes it
    [InlineData("\u2000")] // EN QUAD: a canonical singleton (U+2002)
    [InlineData("\u212B")] // ANGSTROM SIGN: a singleton (U+00C5)
    [InlineData("\u1100\u1161")] // Hangul jamo: compose to a syllable
    [InlineData("caf\u00E9 \u2019quoted\u2019 \uD83D\uDE00")] // an emoji (surrogates) is not judged here
    public void IsSurelyNfc_AnythingElse_IsLeftToIcu(string text)
    {
        Assert.False(CanonicalTextBuilder.IsSurelyNfc(text));
    }

    [Fact]
    public void IsSurelyNfc_LegalPunctuation_IsAccepted()
    {
        Assert.True(CanonicalTextBuilder.IsSurelyNfc("\u201CTerms\u201D \u2014 caf\u00E9, na\u00EFve \u2026 \u2022 \u00A7 3.1 \u00A9 2026\u2009\u2011"));
    }
}
