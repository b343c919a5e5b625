using Monitors.Core.Subscriptions;

namespace Monitors.Core.Tests.Subscriptions;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("Ann@Example.COM", "ann@example.com")]
    [InlineData("\uFF41@example.com", "a@example.com")]                 // fullwidth 'ａ' (NFKC)
    [InlineData("a\uFF20example.com", "a@example.com")]                 // fullwidth '＠'
    [InlineData("ann@b\u00FCcher.example", "ann@xn--bcher-kva.example")] // IDN domain to punycode
    [InlineData("ANN@XN--BCHER-KVA.example", "ann@xn--bcher-kva.example")]
    [InlineData("j\u00F6rg@example.com", "j\u00F6rg@example.com")]       // RFC 6531 local part kept
    [InlineData("  ann@example.com  ", "ann@example.com")]
    public void Normalise_SpellingsOfOneAddress_GiveOneForm(string input, string expected)
    {
        Assert.Equal(expected, EmailAddresses.Normalise(input));
    }

    [Fact]
    public void Normalise_FullwidthAndAsciiSpellings_AreTheSameSubscriber()
    {
        Assert.Equal(EmailAddresses.Normalise("a@example.com"), EmailAddresses.Normalise("\uFF41@\uFF45xample.com"));
    }

    [Theory]
    [InlineData("a@[127.0.0.1]", "IP address")]
    [InlineData("a@[IPv6:::1]", "IP address")]
    [InlineData("a@127.0.0.1", "IP address")]
    [InlineData("a@10.0.0.1", "IP address")]
    [InlineData("a\u200B@example.com", "invisible")]
    [InlineData("a@exa\u200Dmple.com", "invisible")]
    [InlineData("a@example", "full internet domain")]
    public void Normalise_AddressLiteralsAndHiddenCharacters_RefusedWithWhy(string input, string expected)
    {
        var e = Assert.Throws<InvalidSubscriptionRequestException>(() => EmailAddresses.Normalise(input));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
