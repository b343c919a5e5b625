namespace Monitors.Core.Catalog;

/// <summary>
/// Open Terms Archive's terms types (the <c>termsType</c> of a document), with their common aliases.
/// Names from <c>@opentermsarchive/terms-types</c> 2.2.0 (<c>termsTypes.json</c>): using the same names keeps
/// OTA declarations importable and our documents comparable with OTA's archives.
/// </summary>
public static class TermsTypes
{
    private static readonly TermsType[] Types =
    [
        new("Terms of Service", "Terms and Conditions", "Terms of Use"),
        new("Privacy Policy"),
        new("Imprint", "Legal Notice"),
        new("Trackers Policy", "Cookies Policy"),
        new("Developer Terms", "Developer Policy", "Developer Agreement"),
        new("Community Guidelines", "Community Standards"),
        new("Deceased Users"),
        new("Acceptable Use Policy", "Fair Use Policy", "Acceptable Usage Policy"),
        new("Restricted Use Policy", "Limited Use Policy", "Restriction Policy"),
        new("Commercial Terms"),
        new("Copyright Claims Policy", "Copyright Infringement Policy", "Intellectual Property Policy"),
        new("Law Enforcement Guidelines", "Legal Process Guidelines"),
        new("Human Rights Policy"),
        new("In-App Purchases Policy"),
        new("Review Guidelines"),
        new("Brand Guidelines", "Branding Policies", "Trademark Usage Guidelines"),
        new("Quality Guidelines", "Quality standards"),
        new("Data Controller Agreement"),
        new("Data Processor Agreement", "Data Processing Agreement"),
        new("User Consent Policy"),
        new("Closed Captioning Policy", "Closed Captioning Guidelines", "Captioning Policy", "Closed Captioning Standards"),
        new("Seller Warranty"),
        new("Single Sign-On Policy"),
        new("Vulnerability Disclosure Policy", "Security Disclosure Policy"),
        new("Live Policy"),
        new("Complaints Policy"),
        new("Conditions of Carriage", "Transport Conditions"),
        new("General Conditions of Sale"),
        new("Marketplace Buyers Conditions"),
        new("Marketplace Sellers Conditions", "Seller Agreement"),
        new("Ranking Parameters Description"),
        new("Premium Partner Conditions", "Premium Partner Program"),
        new("Platform to Business Notice"),
        new("Business Mediation Policy"),
        new("Business Privacy Policy"),
        new("Editorial Policy", "Editorial Guidelines"),
        new("Anti-corruption Policy", "Anti-bribery Policy"),
        new("Accessibility Statement", "Accessibility Policy"),
        new("Hyperlinks Policy", "Links Policy", "Linking Policy", "External Links Policy", "Outgoing Links Policy"),
        new("Whistleblower Policy", "Whistleblower Protections"),
        new("Affiliate Agreement", "Affiliate Policy"),
        new("Service Level Agreement", "Service Level Addendum"),
        new("Content Monetisation Policy", "Content Monetization Policy"),
        new("Advertising Content Policy", "Ads policies", "Ads content policies"),
    ];

    private static readonly HashSet<string> Names = new(Types.Select(t => t.Name), StringComparer.Ordinal);

    /// <summary>Every terms type name, in OTA's order.</summary>
    public static IReadOnlyList<string> All { get; } = Types.Select(t => t.Name).ToArray();

    /// <summary>True when <paramref name="name"/> is exactly (case included) one of OTA's terms type names.</summary>
    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>
    /// Up to <paramref name="count"/> terms type names close to <paramref name="value"/>, closest first: by edit
    /// distance to the name or one of its aliases (so "Terms of Use" gives "Terms of Service"), keeping only names
    /// that are near or share a word with it; at least one name is always returned.
    /// </summary>
    public static IReadOnlyList<string> Suggest(string value, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(value);
        var wanted = value.Trim().ToLowerInvariant();
        var words = Words(wanted);
        var ranked = Types
            .Select((t, order) => (
                t.Name,
                Order: order,
                Distance: t.Spellings.Min(s => EditDistance(wanted, s.ToLowerInvariant())),
                SharesWord: t.Spellings.Any(s => Words(s.ToLowerInvariant()).Overlaps(words))))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Order)
            .ToArray();
        var threshold = Math.Max(3, wanted.Length / 3);
        var close = ranked.Where(x => x.Distance <= threshold || x.SharesWord).Take(count).Select(x => x.Name).ToArray();
        return close.Length > 0 ? close : [ranked[0].Name];
    }

    /// <summary>Words that tell types apart; "policy", "terms" and the like are in too many names to mean anything.</summary>
    private static HashSet<string> Words(string text) =>
        text.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && w is not ("policy" or "policies" or "terms" or "the" or "and" or "agreement" or "guidelines" or "conditions"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Levenshtein distance; the lists are short, so the plain two-row version is enough.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private sealed record TermsType(string Name, params string[] Aliases)
    {
        public IEnumerable<string> Spellings => Aliases.Prepend(Name);
    }
}
