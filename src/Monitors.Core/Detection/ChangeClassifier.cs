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
    /// For a technical change, the rules it takes to make the two texts equal (each enabled rule without which they
    /// would differ), e.g. <c>[LinkTargets]</c>; empty when the texts are identical or the change is substantive.
    /// Costs one normalisation per enabled rule; meant for the version history, not for every check.
    /// </summary>
    public static IReadOnlyList<NormalizationRule> ExplainTechnicalChange(string previousText, string newText, DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(previousText);
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentNullException.ThrowIfNull(settings);

        var enabled = TextNormalizer.EnabledRules(settings);
        if (string.Equals(previousText, newText, StringComparison.Ordinal) || !EqualUnder(enabled, previousText, newText))
            return [];

        return enabled.Where(rule => !EqualUnder(enabled.Where(r => r != rule).ToArray(), previousText, newText)).ToArray();
    }

    private static bool EqualUnder(IReadOnlyList<NormalizationRule> rules, string previousText, string newText) =>
        string.Equals(TextNormalizer.Normalize(previousText, rules), TextNormalizer.Normalize(newText, rules), StringComparison.Ordinal);
}
