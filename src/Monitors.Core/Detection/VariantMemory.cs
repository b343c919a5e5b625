using System.Security.Cryptography;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace Monitors.Core.Detection;

/// <summary>
/// One recently served, distinct text of a document (a variant): what the check needs to recognise it again without
/// reading it back (the hash of its normalised text) and what it needs to diff against it (the archived version id).
/// </summary>
/// <param name="VersionId">SHA-256 of the canonical text; the archived version blob to diff against.</param>
/// <param name="NormalizedHash">SHA-256 of the normalised text (<see cref="TextNormalizer.Hash"/>): equal hash, same variant.</param>
/// <param name="FirstSeen">When the variant was first served (the date a flap names).</param>
/// <param name="LastSeen">When it was last served; the least recently seen variant is forgotten first.</param>
public sealed record RememberedVariant(string VersionId, string NormalizedHash, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);


/// <summary>
/// Variant memory (<c>docs/detection.md</c>, "Variants"): the recent distinct variants of a document and the moves and
/// changes ("hunks": runs of blocks added, removed or replaced) already seen between them. Pages served in alternating
/// variants (A/B tests, regional notices, CDN variants) keep returning to a remembered variant: the first return is news
/// (it may be a rollback), the same move seen again is a flap; a block seen to come and to go is a known toggle, which
/// alone never alerts.
/// Pure and thread-safe; the check pipeline keeps the result in the document's state row.
/// </summary>
public static class VariantMemory
{
    /// <summary>How many variants are remembered; the least recently seen is forgotten first.</summary>
    public const int Capacity = 8;

    /// <summary>How many hunk and move keys are remembered; the oldest is forgotten first.</summary>
    public const int ToggleCapacity = 256;

    /// <summary>A variant not served for this long is forgotten: a return after that is news again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(90);

    /// <summary>The remembered variant with this normalised hash, or null.</summary>
    public static RememberedVariant? Find(IEnumerable<RememberedVariant> variants, string normalizedHash)
    {
        ArgumentNullException.ThrowIfNull(variants);
        return variants.FirstOrDefault(v => string.Equals(v.NormalizedHash, normalizedHash, StringComparison.Ordinal));
    }

    /// <summary>
    /// The variants after one was served at <paramref name="now"/>: its <see cref="RememberedVariant.LastSeen"/> moves
    /// (its first-seen date stays), or it is added; variants unseen for <see cref="MaxAge"/> are dropped, then the least
    /// recently seen beyond <see cref="Capacity"/>. Most recently seen last.
    /// </summary>
    public static IReadOnlyList<RememberedVariant> Remember(IReadOnlyList<RememberedVariant> variants, string versionId, string normalizedHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        ArgumentException.ThrowIfNullOrEmpty(normalizedHash);
        var known = Find(variants, normalizedHash);
        var served = known is null
            ? new RememberedVariant(versionId, normalizedHash, now, now)
            : known with { LastSeen = now };
        return variants
            .Where(v => !string.Equals(v.NormalizedHash, normalizedHash, StringComparison.Ordinal) && now - v.LastSeen <= MaxAge)
            .OrderBy(v => v.LastSeen)
            .Append(served)
            .TakeLast(Capacity)
            .ToArray();
    }

    /// <summary>The blocks of a normalised text: its non-empty lines (one paragraph, list item or table row each).</summary>
    public static string[] Blocks(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        return normalizedText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// The index of the candidate whose blocks overlap most with <paramref name="blocks"/> (Jaccard index of the block
    /// sets); -1 when there is none. Ties go to the earlier candidate, so callers list the current version first.
    /// </summary>
    public static int Nearest(IReadOnlyList<string> blocks, IReadOnlyList<IReadOnlyList<string>> candidates)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(candidates);
        var set = blocks.ToHashSet(StringComparer.Ordinal);
        var best = -1;
        var bestScore = -1.0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var other = candidates[i].ToHashSet(StringComparer.Ordinal);
            var shared = other.Count(set.Contains);
            var union = set.Count + other.Count - shared;
            var score = union == 0 ? 1.0 : (double)shared / union;
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// The changes between two block lists as hunk keys: one per run of blocks removed and/or added (a line diff), keyed
    /// by what was removed and what was added, in that direction (hiding a banner is not the same key as showing it).
    /// Empty when the lists are equal.
    /// </summary>
    public static IReadOnlyList<string> HunkKeys(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var diff = Differ.Instance.CreateDiffs(string.Join('\n', before), string.Join('\n', after), false, false, LineChunker.Instance);
        var keys = new List<string>(diff.DiffBlocks.Count);
        foreach (var block in diff.DiffBlocks)
        {
            var removed = Digest(before.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            var added = Digest(after.Skip(block.InsertStartB).Take(block.InsertCountB));
            keys.Add(Digest([removed, added])[..16]);
        }

        return keys;
    }

    /// <summary>
    /// The key of a move from one variant to another (by normalised hash): once seen, the same move again is part of an
    /// established alternation.
    /// </summary>
    public static string MoveKey(string fromNormalizedHash, string toNormalizedHash) =>
        Digest([fromNormalizedHash, toNormalizedHash])[..16];

    /// <summary>
    /// True when there is at least one hunk and every one has been seen before, in the same direction: the change only
    /// repeats what earlier moves did (a block that came and went coming again; an edit already recorded on another
    /// variant). The first time a block goes away after it came is not known: that is news.
    /// </summary>
    public static bool OnlyKnownChanges(IReadOnlyCollection<string> hunkKeys, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(hunkKeys);
        ArgumentNullException.ThrowIfNull(known);
        return hunkKeys.Count > 0 && hunkKeys.All(known.Contains);
    }

    /// <summary>The known keys with these added (oldest dropped beyond <see cref="ToggleCapacity"/>), oldest first.</summary>
    public static IReadOnlyList<string> AddToggles(IReadOnlyList<string> known, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(keys);
        var added = keys.Distinct(StringComparer.Ordinal).ToArray();
        return known.Where(k => !added.Contains(k, StringComparer.Ordinal)).Concat(added).TakeLast(ToggleCapacity).ToArray();
    }

    private static string Digest(IEnumerable<string> lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in lines)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(line));
            hash.AppendData("\n"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
