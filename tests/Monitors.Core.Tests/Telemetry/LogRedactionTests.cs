using Monitors.Core.Telemetry;

namespace Monitors.Core.Tests.Telemetry;

public sealed class LogRedactionTests
{
    [Theory]
    [InlineData("alice@example.com", "a***@example.com")]
    [InlineData("  Bob.Smith+news@Mail.Example.org ", "B***@Mail.Example.org")]
    [InlineData("x@example.com", "***@example.com")]
    [InlineData("odd@name@example.com", "o***@example.com")]
    public void Email_KeepsFirstLetterAndDomainOnly(string address, string expected)
    {
        Assert.Equal(expected, LogRedaction.Email(address));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-an-address")]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    public void Email_NotAnAddress_IsMaskedWhole(string? address)
    {
        Assert.Equal("***", LogRedaction.Email(address));
    }

    [Fact]
    public void Email_NeverContainsTheLocalPart()
    {
        var redacted = LogRedaction.Email("jane.doe@example.com");

        Assert.DoesNotContain("jane", redacted, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("doe", redacted, StringComparison.OrdinalIgnoreCase);
    }
}
