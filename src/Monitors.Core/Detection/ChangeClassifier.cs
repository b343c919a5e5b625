using Monitors.Core.Catalog;

namespace Monitors.Core.Detection;

/// <summary>How a new version relates to the previous one.</summary>
public enum ChangeClass
{
    /// <summary>The same canonical text: nothing to record.</summary>
    Identical,

    /// <summary>The texts differ, but are equal once normalised (a tracking id, a date format, an 'updated' stamp): archived as a version, no alert.</summary>
    Technical,

    /// <summary>The texts still differ once normalised: a change record and alerts.</summary>
    Substantive,
}

/// <param name="PreviousNormalizedHash">SHA-256 of the normalised previous text (see <see cref="TextNormalizer.Hash"/>).</param>
/// <param name="NewNormalizedHash">SHA-256 of the normalised new text; store it with the version so a later A → B → A flap can be recognised.</param>
public sealed record ChangeClassification(
    ChangeClass Class,
    string PreviousNormalized,
    string NewNormalized,
    string PreviousNormalizedHash,
    string NewNormalizedHash);

/// <summary>Decides whether a new version is identical, a technical change or a substantive change. Pure and thread-safe.</summary>
public static class ChangeClassifier
{
    public static ChangeClassification Classify(string previousText, string newText, DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(previousText);
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentNullException.ThrowIfNull(settings);

        var previousNormalized = TextNormalizer.Normalize(previousText, settings);
        var newNormalized = string.Equals(previousText, newText, StringComparison.Ordinal)
            ? previousNormalized
            : TextNormalizer.Normalize(newText, settings);
        var previousHash = TextNormalizer.Hash(previousNormalized);
        var newHash = ReferenceEquals(previousNormalized, newNormalized) ? previousHash : TextNormalizer.Hash(newNormalized);

        var changeClass = string.Equals(previousText, newText, StringComparison.Ordinal) ? ChangeClass.Identical
            : string.Equals(previousNormalized, newNormalized, StringComparison.Ordinal) ? ChangeClass.Technical
            : ChangeClass.Substantive;
        return new ChangeClassification(changeClass, previousNormalized, newNormalized, previousHash, newHash);
    }

    /// <summary>
    /// For a technical change, a smallest set of rules that makes the two texts equal, e.g. <c>[LinkTargets]</c>, for the
    /// version history; empty when the texts are identical or the change is substantive. Where several rules would do
    /// (a UUID inside a query string), the earlier rule in <see cref="TextNormalizer.Order"/> is named. Costs one
    /// normalisation per enabled rule: meant for recording a technical version, not for every check.
    /// </summary>
    public static IReadOnlyList<NormalizationRule> ExplainTechnicalChange(string previousText, string newText, DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(previousText);
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentNullException.ThrowIfNull(settings);

        var needed = TextNormalizer.EnabledRules(settings).ToList();
        if (string.Equals(previousText, newText, StringComparison.Ordinal) || !EqualUnder(needed, previousText, newText, settings))
            return [];

        // Drop every rule the texts stay equal without, latest first, so earlier (more specific) rules are kept.
        for (var i = needed.Count - 1; i >= 0; i--)
        {
            var without = needed.Where((_, index) => index != i).ToArray();
            if (EqualUnder(without, previousText, newText, settings))
                needed.RemoveAt(i);
        }

        return needed;
    }

    private static bool EqualUnder(IReadOnlyList<NormalizationRule> rules, string previousText, string newText, DetectionSettings settings) =>
        string.Equals(TextNormalizer.Normalize(previousText, rules, settings), TextNormalizer.Normalize(newText, rules, settings), StringComparison.Ordinal);
}
