using System.Globalization;
using System.Text;

namespace Monitors.Core.Tests.Detection;

/// <summary>Made-up governance-document text in canonical form, for tests that need length.</summary>
internal static class SampleDocuments
{
    /// <summary>A canonical text of at least <paramref name="minimumLength"/> characters: headings, clauses, lists, links, dates and quotes.</summary>
    public static string Long(int minimumLength, string? extraClause = null)
    {
        var builder = new StringBuilder(minimumLength + 1_000);
        builder.Append("# Terms of Service\n\nEffective 8 July 2026\n\n");
        for (var section = 1; builder.Length < minimumLength; section++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"## {section}. Your use of the services\n\n");
            builder.Append(CultureInfo.InvariantCulture,
                $"{section}.1 We process the personal data you provide (\u201CInputs\u201D) to provide the services, as described in our [Privacy Policy](https://example.com/legal/privacy?ref=terms-{section}#data). ");
            builder.Append("You must not access the services by automated means, and we may suspend access when we reasonably believe you breach these terms \u2014 for example, after 30 days\u2019 notice.\n\n");
            builder.Append(CultureInfo.InvariantCulture, $"- Retention: up to {section % 12 + 1} months after closure of the account.\n- Transfers under Regulation (EU) 2016/679, Art. 46.\n\n");
            if (section == 3 && extraClause is not null)
                builder.Append(extraClause).Append("\n\n");
        }

        return builder.ToString();
    }
}
