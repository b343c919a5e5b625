using System.Security.Cryptography;
using System.Text;
using Monitors.Core.Extraction;

namespace Monitors.Core.Tests.Extraction;

public class ContentHasherTests
{
    [Fact]
    public void Sha256Hex_KnownVector_MatchesTheStandardDigest()
    {
        // FIPS 180-2 test vector for "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHasher.Sha256Hex("abc"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# Terms\n\nCafé — ✓ 🚀\n")]
    public void Sha256Hex_Text_HashesItsUtf8Bytes(string text)
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(expected, ContentHasher.Sha256Hex(text));
        Assert.Equal(expected, ContentHasher.Sha256Hex(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Sha256Hex_LargeText_MatchesTheBytesOverload()
    {
        var text = string.Concat(Enumerable.Repeat("Clause ünïcödé text. ", 20_000));

        var hash = ContentHasher.Sha256Hex(text);

        Assert.Equal(ContentHasher.Sha256Hex(Encoding.UTF8.GetBytes(text)), hash);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash.ToLowerInvariant(), hash);
    }

    [Fact]
    public void Sha256Hex_DifferentTexts_DifferentHashes()
    {
        Assert.NotEqual(ContentHasher.Sha256Hex("a\n"), ContentHasher.Sha256Hex("a"));
    }
}
