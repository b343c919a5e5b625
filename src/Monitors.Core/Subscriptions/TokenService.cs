using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Monitors.Core.Configuration;

namespace Monitors.Core.Subscriptions;

/// <summary>What a token lets its holder do. A token for one purpose is refused for any other.</summary>
public enum TokenPurpose
{
    /// <summary>Confirm the email address (the double opt-in link).</summary>
    Confirm,
    /// <summary>Read and change one subscriber's follows and preferences.</summary>
    Manage,
    /// <summary>Unsubscribe one subscriber (the link in every email and its List-Unsubscribe header).</summary>
    Unsubscribe,
}

/// <summary>Section <c>Monitors:Tokens</c>.</summary>
public sealed class TokenOptions
{
    public const string Section = "Monitors:Tokens";
    public const int MinimumKeyLength = 32;

    /// <summary>The HMAC-SHA256 key (at least 32 characters; in Azure a Key Vault reference). Rotating it voids every link sent.</summary>
    public string? SigningKey { get; set; }

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan ConfirmLifetime { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:05:00", "400.00:00:00")]
    public TimeSpan ManageLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Long: an unsubscribe link in an old email should still work.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "1000.00:00:00")]
    public TimeSpan UnsubscribeLifetime { get; set; } = TimeSpan.FromDays(400);
}

/// <summary>Why a token was refused.</summary>
public enum TokenFailure
{
    Missing,
    Malformed,
    BadSignature,
    WrongPurpose,
    Expired,
}

/// <summary>A token was refused. <see cref="TokenFailure"/> says why; the message is safe to show.</summary>
public sealed class InvalidTokenException(TokenFailure failure, string message) : Exception(message)
{
    public TokenFailure Failure { get; } = failure;
}

/// <summary>
/// Signed, purpose-bound, expiring tokens that stand for "the owner of this subscriber's inbox":
/// <c>v1.{base64url(purpose|subscriber|expiry)}.{base64url(HMAC-SHA256)}</c>. The MAC key is derived per purpose from the
/// configured key, so a token can only ever verify for the purpose it was issued for; the comparison is constant-time.
/// </summary>
public sealed class TokenService
{
    private const string Version = "v1";

    // The last second DateTimeOffset can hold; a signed expiry past it is malformed, not a crash.
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
    private readonly TokenOptions _options;
    private readonly TimeProvider _time;
    private readonly Lazy<Dictionary<TokenPurpose, byte[]>> _keys;

    public TokenService(IOptions<TokenOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;

        // The key is checked when a token is first issued or checked, not here: every queue handler depends on this
        // service, and the check pipeline must run (and its handlers be built) where no key is configured.
        _keys = new Lazy<Dictionary<TokenPurpose, byte[]>>(() => DeriveKeys(_options.SigningKey));
    }

    private static Dictionary<TokenPurpose, byte[]> DeriveKeys(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length < TokenOptions.MinimumKeyLength)
        {
            throw new InvalidOperationException(
                $"{AppSettings.TokenSigningKey} is {(string.IsNullOrWhiteSpace(key) ? "not set" : "too short")}: subscriber links need an HMAC key of at least " +
                $"{TokenOptions.MinimumKeyLength} characters. Generate one with `openssl rand -base64 48` and set it (in Azure, a Key Vault reference).");
        }

        var master = Encoding.UTF8.GetBytes(key);
        return Enum.GetValues<TokenPurpose>().ToDictionary(p => p, p => HMACSHA256.HashData(master, Encoding.UTF8.GetBytes("monitors-token-key:" + p)));
    }

    public string Issue(string subscriberId, TokenPurpose purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriberId);
        if (subscriberId.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A subscriber id cannot contain '|'.", nameof(subscriberId));
        }

        var expires = _time.GetUtcNow() + Lifetime(purpose);
        var payload = $"{purpose}|{subscriberId}|{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        var encoded = Base64Url(Encoding.UTF8.GetBytes(payload));
        return $"{Version}.{encoded}.{Base64Url(Mac(purpose, encoded))}";
    }

    /// <summary>Returns the subscriber id the token stands for.</summary>
    /// <exception cref="InvalidTokenException">Missing, malformed, tampered with, issued for another purpose, or expired.</exception>
    public string Validate(string? token, TokenPurpose purpose)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidTokenException(TokenFailure.Missing, $"A {Describe(purpose)} token is required.");
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length is 0 or > 512 || parts[2].Length is 0 or > 64)
        {
            throw new InvalidTokenException(TokenFailure.Malformed, "The token is not in the expected form; use the link from the email as it is.");
        }

        byte[] signature;
        byte[] payloadBytes;
        try
        {
            signature = FromBase64Url(parts[2]);
            payloadBytes = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            throw new InvalidTokenException(TokenFailure.Malformed, "The token is not in the expected form; use the link from the email as it is.");
        }

        // The MAC is checked first, in constant time, under the key of the purpose asked for: a token of another
        // purpose fails here too, without its contents being trusted.
        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(purpose, parts[1])))
        {
            var otherPurpose = Enum.GetValues<TokenPurpose>().Where(p => p != purpose)
                .FirstOrDefault(p => CryptographicOperations.FixedTimeEquals(signature, Mac(p, parts[1])), purpose);
            throw otherPurpose != purpose
                ? new InvalidTokenException(TokenFailure.WrongPurpose, $"This token is for {Describe(otherPurpose)}, not for {Describe(purpose)}.")
                : new InvalidTokenException(TokenFailure.BadSignature, "The token's signature does not match: it was changed or was not issued by this service.");
        }

        var fields = Encoding.UTF8.GetString(payloadBytes).Split('|');
        if (fields.Length != 3 || !Enum.TryParse<TokenPurpose>(fields[0], out var issuedFor) || issuedFor != purpose
            || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix) || fields[1].Length == 0
            || expiresUnix > MaxUnixSeconds)
        {
            throw new InvalidTokenException(TokenFailure.Malformed, "The token is not in the expected form.");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresUnix);
        if (_time.GetUtcNow() >= expires)
        {
            throw new InvalidTokenException(TokenFailure.Expired, $"This {Describe(purpose)} link expired on {expires:yyyy-MM-dd HH:mm} UTC. " +
                (purpose == TokenPurpose.Confirm ? "Sign up again to get a new one." : "Use the link in a more recent email, or sign up again to get a new one."));
        }

        return fields[1];
    }

    private TimeSpan Lifetime(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Confirm => _options.ConfirmLifetime,
        TokenPurpose.Manage => _options.ManageLifetime,
        _ => _options.UnsubscribeLifetime,
    };

    private byte[] Mac(TokenPurpose purpose, string encodedPayload) =>
        HMACSHA256.HashData(_keys.Value[purpose], Encoding.ASCII.GetBytes($"{Version}.{encodedPayload}"));

    private static string Describe(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Confirm => "confirming an email address",
        TokenPurpose.Manage => "managing a subscription",
        _ => "unsubscribing",
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        if (text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new FormatException("not base64url");
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException("bad length") };
        return Convert.FromBase64String(padded);
    }
}
