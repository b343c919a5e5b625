using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text;

namespace Monitors.Core.Subscriptions;

/// <summary>Validation and normalisation of subscriber email addresses: one address per person, whatever its spelling.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;
    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// The address in Unicode compatibility form (NFKC: a fullwidth <c>ａ@example.com</c> is <c>a@example.com</c>), trimmed,
    /// lower-cased and with an ASCII (punycode) domain, or an <see cref="InvalidSubscriptionRequestException"/> that says
    /// what is wrong. Display names (<c>Ann &lt;ann@example.com&gt;</c>), several addresses, address literals
    /// (<c>a@[127.0.0.1]</c>, <c>a@127.0.0.1</c>), invisible or control characters and domains without a dot are refused.
    /// A non-ASCII local part is kept (RFC 6531); it is sent as UTF-8.
    /// </summary>
    public static string Normalise(string? email)
    {
        var trimmed = (email ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();
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

        if (trimmed.Any(c => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.PrivateUse))
        {
            throw Invalid("contains an invisible or private-use character; type the address again");
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.IndexOf('@') != at)
        {
            throw Invalid("must contain exactly one '@' between a local part and a domain");
        }

        var host = trimmed[(at + 1)..];
        if (host.StartsWith('[') || IPAddress.TryParse(host, out _) || host.Split('.').All(label => label.Length > 0 && label.All(char.IsAsciiDigit)))
        {
            throw Invalid("uses an IP address instead of a domain name; use an address at a domain, e.g. \"ann@example.com\"");
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(host).ToLowerInvariant();
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
