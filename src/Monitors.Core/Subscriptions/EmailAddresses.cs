using System.Globalization;
using System.Net.Mail;

namespace Monitors.Core.Subscriptions;

/// <summary>Validation and normalisation of subscriber email addresses: one address per person, whatever its spelling.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;
    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// The address trimmed, lower-cased and with an ASCII (punycode) domain, or an <see cref="InvalidSubscriptionRequestException"/>
    /// that says what is wrong. Display names (<c>Ann &lt;ann@example.com&gt;</c>), several addresses, and domains
    /// without a dot are refused.
    /// </summary>
    public static string Normalise(string? email)
    {
        var trimmed = email?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw Invalid("is required, e.g. \"ann@example.com\"");
        }

        if (trimmed.Length > MaxLength)
        {
            throw Invalid($"is longer than {MaxLength} characters");
        }

        if (trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"'))
        {
            throw Invalid("must be one bare address without spaces, quotes, display name or list separators, e.g. \"ann@example.com\"");
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.IndexOf('@') != at)
        {
            throw Invalid("must contain exactly one '@' between a local part and a domain");
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..]).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw Invalid("has a domain that is not a valid host name");
        }

        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            throw Invalid($"has the domain '{domain}', which is not a full internet domain (e.g. example.com)");
        }

        var normalised = trimmed[..at].ToLowerInvariant() + "@" + domain;
        if (!MailAddress.TryCreate(normalised, out var parsed) || !string.Equals(parsed.Address, normalised, StringComparison.Ordinal))
        {
            throw Invalid("is not a valid email address");
        }

        return normalised;
    }

    private static InvalidSubscriptionRequestException Invalid(string problem) => new("email", $"the email address {problem}");
}
