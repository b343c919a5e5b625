using System.Text.RegularExpressions;
using Monitors.Core.Detection;

namespace Monitors.Core.Changes;

/// <summary>
/// The document's own date line ('Last updated: 16 June 2026', 'Effective date: 1 July 2026') is not a clause: when it
/// moves with a real edit, the record shows the new date once, beside the clause changes, instead of listing the stamp
/// as a changed paragraph. Recognised by shape, in any wording: a short block whose only difference is a date.
/// </summary>
internal static partial class DocumentDates
{
    /// <summary>A date line is short; a longer block that changes a date ('from 1 July 2026 we keep data for…') is a clause.</summary>
    internal const int MaxStampLength = 100;

    private const string DateToken = "\u27E6d\u27E7";

    [GeneratedRegex(@"\u27E6(?:date|month|relative-date|updated)[^\u27E7\n]*\u27E7", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    /// <summary>The clause changes without the date line, and the date line's change (null when no change is one).</summary>
    public static (IReadOnlyList<ClauseChange> Clauses, DocumentDateChange? Date) Separate(IReadOnlyList<ClauseChange> changes)
    {
        DocumentDateChange? date = null;
        var clauses = new List<ClauseChange>(changes.Count);
        foreach (var change in changes)
        {
            if (date is null && IsDateLine(change))
            {
                date = new DocumentDateChange(change.Path, Plain(change.Before!), Plain(change.After!));
                continue;
            }

            clauses.Add(change);
        }

        return (clauses, date);
    }

    internal static bool IsDateLine(ClauseChange change)
    {
        if (change.Kind != ClauseChangeKind.Modified || change.Before is not { } before || change.After is not { } after)
            return false;
        if (before.Length > MaxStampLength || after.Length > MaxStampLength)
            return false;
        var maskedBefore = Mask(before, out var datesBefore);
        var maskedAfter = Mask(after, out var datesAfter);
        return datesBefore > 0 && datesAfter > 0 && string.Equals(maskedBefore, maskedAfter, StringComparison.Ordinal);
    }

    // Every date the normaliser knows (absolute, relative, after an 'updated' label) becomes one token; the rest is compared
    // as the normaliser compares it, so '**Effective:** 1 July' and 'Effective: 1 July' are the same line.
    private static string Mask(string text, out int dates)
    {
        var normalized = TextNormalizer.Normalize(text, [NormalizationRule.Typography, NormalizationRule.DateFormats, NormalizationRule.RelativeDates, NormalizationRule.Formatting, NormalizationRule.Whitespace]);
        var count = 0;
        var masked = Token().Replace(normalized, _ =>
        {
            count++;
            return DateToken;
        });
        dates = count;
        return masked;
    }

    private static string Plain(string text) => TextNormalizer.Normalize(text, [NormalizationRule.Formatting, NormalizationRule.Whitespace]).Trim();
}
