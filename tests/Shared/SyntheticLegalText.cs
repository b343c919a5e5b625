using System.Globalization;
using System.Text;

namespace Monitors.Testing;

/// <summary>
/// Synthetic numbered legal text, deterministic for a seed: the structural-diff tests and benchmarks diff the same
/// documents (each project links this file).
/// </summary>
internal static class SyntheticLegalText
{
    private static readonly string[] Vocabulary =
    [
        "customer", "services", "agreement", "provider", "shall", "reasonable", "notice", "account", "content", "use",
        "party", "obligations", "including", "without", "limitation", "applicable", "law", "period", "written", "consent",
        "information", "access", "support", "order", "form", "term", "effective", "date", "request", "documentation",
        "purposes", "described", "herein", "respect", "each", "other", "accordance", "section", "provided", "that",
    ];

    /// <summary>
    /// A numbered legal document of about <paramref name="targetBytes"/>: headings "## N. Title", clauses
    /// "N.M. Title. text" and sub-clauses "(a) text", in canonical form. Deterministic for a seed.
    /// </summary>
    public static string Terms(int targetBytes = 300_000, int seed = 7)
    {
        var random = new Random(seed);
        var text = new StringBuilder(targetBytes + 4_000);
        text.Append("# Example Service Terms\n\nThese terms govern the use of the example services.\n");
        for (var section = 1; text.Length < targetBytes; section++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {section}. Section {Title(section)}\n");
            for (var clause = 1; clause <= 10; clause++)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{section}.{clause}. Clause {Title(clause)}. {Sentence(random, section, clause, 0)}\n");
                if (clause % 3 == 0)
                {
                    for (var sub = 0; sub < 3; sub++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\n({(char)('a' + sub)}) {Sentence(random, section, clause, sub + 1)}\n");
                    }
                }
            }
        }

        return text.ToString();
    }

    private static string Title(int n) => n switch
    {
        1 => "One",
        2 => "Two",
        3 => "Three",
        4 => "Four",
        5 => "Five",
        6 => "Six",
        7 => "Seven",
        8 => "Eight",
        9 => "Nine",
        10 => "Ten",
        _ => "Number " + n.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A sentence unique to its place (it names it), so no two clauses have the same text.</summary>
    private static string Sentence(Random random, int section, int clause, int sub)
    {
        var words = new StringBuilder();
        words.Append(CultureInfo.InvariantCulture, $"Under item {section}-{clause}-{sub} the");
        var count = random.Next(40, 60);
        for (var i = 0; i < count; i++)
        {
            words.Append(' ').Append(Vocabulary[random.Next(Vocabulary.Length)]);
        }

        return words.Append('.').ToString();
    }
}
