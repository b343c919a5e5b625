using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Tests.Subscriptions;

public sealed class TokenServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private TokenService Create(string key = SubscriptionsFixture.SigningKey) =>
        new(Options.Create(new TokenOptions { SigningKey = key, ConfirmLifetime = TimeSpan.FromDays(7) }), _time);

    [Fact]
    public void Validate_TokenItIssued_ReturnsTheSubscriber()
    {
        var tokens = Create();

        var token = tokens.Issue("sub-0123456789abcdef", TokenPurpose.Manage);

        Assert.Equal("sub-0123456789abcdef", tokens.Validate(token, TokenPurpose.Manage));
    }

    [Fact]
    public void Validate_PayloadChangedToAnotherSubscriber_RefusedAsBadSignature()
    {
        var tokens = Create();
        var parts = tokens.Issue("sub-aaaaaaaaaaaaaaaa", TokenPurpose.Manage).Split('.');
        var otherPayload = tokens.Issue("sub-bbbbbbbbbbbbbbbb", TokenPurpose.Manage).Split('.')[1];

        var e = Assert.Throws<InvalidTokenException>(() => tokens.Validate($"{parts[0]}.{otherPayload}.{parts[2]}", TokenPurpose.Manage));

        Assert.Equal(TokenFailure.BadSignature, e.Failure);
    }

    [Fact]
    public void Validate_OneSignatureCharacterFlipped_Refused()
    {
        var tokens = Create();
        var token = tokens.Issue("sub-aaaaaaaaaaaaaaaa", TokenPurpose.Unsubscribe);
        var flipped = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        var e = Assert.Throws<InvalidTokenException>(() => tokens.Validate(flipped, TokenPurpose.Unsubscribe));

        Assert.Equal(TokenFailure.BadSignature, e.Failure);
    }

    [Fact]
    public void Validate_TokenOfAnotherPurpose_RefusedAsWrongPurpose()
    {
        var tokens = Create();
        var unsubscribe = tokens.Issue("sub-aaaaaaaaaaaaaaaa", TokenPurpose.Unsubscribe);

        var e = Assert.Throws<InvalidTokenException>(() => tokens.Validate(unsubscribe, TokenPurpose.Manage));

        Assert.Equal(TokenFailure.WrongPurpose, e.Failure);
        Assert.Contains("unsubscribing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AfterItsLifetime_RefusedAsExpired_JustBeforeAccepted()
    {
        var tokens = Create();
        var token = tokens.Issue("sub-aaaaaaaaaaaaaaaa", TokenPurpose.Confirm);

        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal("sub-aaaaaaaaaaaaaaaa", tokens.Validate(token, TokenPurpose.Confirm));

        _time.Advance(TimeSpan.FromMinutes(2));
        var e = Assert.Throws<InvalidTokenException>(() => tokens.Validate(token, TokenPurpose.Confirm));
        Assert.Equal(TokenFailure.Expired, e.Failure);
    }

    [Fact]
    public void Validate_TokenSignedWithAnotherKey_Refused()
    {
        var token = Create("another-key-of-at-least-thirty-two-characters-long").Issue("sub-aaaaaaaaaaaaaaaa", TokenPurpose.Manage);

        var e = Assert.Throws<InvalidTokenException>(() => Create().Validate(token, TokenPurpose.Manage));

        Assert.Equal(TokenFailure.BadSignature, e.Failure);
    }

    [Theory]
    [InlineData(null, TokenFailure.Missing)]
    [InlineData("", TokenFailure.Missing)]
    [InlineData("garbage", TokenFailure.Malformed)]
    [InlineData("v1.!!!.abc", TokenFailure.Malformed)]
    [InlineData("v2.YWJj.YWJj", TokenFailure.Malformed)]
    public void Validate_MissingOrMalformed_RefusedWithTheReason(string? token, TokenFailure failure)
    {
        var e = Assert.Throws<InvalidTokenException>(() => Create().Validate(token, TokenPurpose.Manage));

        Assert.Equal(failure, e.Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    public void Issue_WithoutAKeyOfAtLeast32Characters_SaysWhichSettingToSet(string? key)
    {
        var tokens = new TokenService(Options.Create(new TokenOptions { SigningKey = key }), _time);

        var e = Assert.Throws<InvalidOperationException>(() => tokens.Issue("sub-aaaaaaaaaaaaaaaa", TokenPurpose.Manage));

        Assert.Contains("Monitors__Tokens__SigningKey", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999")]   // past DateTimeOffset.MaxValue: used to throw ArgumentOutOfRangeException (a 500)
    [InlineData("9223372036854775807")]
    public void Validate_SignedTokenWithOutOfRangeExpiry_RefusedAsMalformed(string expiry)
    {
        var tokens = Create();
        var token = Forge(SubscriptionsFixture.SigningKey, $"Manage|sub-aaaaaaaaaaaaaaaa|{expiry}", TokenPurpose.Manage);

        var e = Assert.Throws<InvalidTokenException>(() => tokens.Validate(token, TokenPurpose.Manage));

        Assert.Equal(TokenFailure.Malformed, e.Failure);
    }

    /// <summary>A token signed with the real key, as someone holding the key could make it (the format of TokenService).</summary>
    private static string Forge(string key, string payload, TokenPurpose purpose)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var purposeKey = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes("monitors-token-key:" + purpose));
        var encoded = B64(System.Text.Encoding.UTF8.GetBytes(payload));
        var mac = System.Security.Cryptography.HMACSHA256.HashData(purposeKey, System.Text.Encoding.ASCII.GetBytes($"v1.{encoded}"));
        return $"v1.{encoded}.{B64(mac)}";
    }
}
