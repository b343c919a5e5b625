namespace Monitors.Core.Changes.Diff;

/// <summary>How alike two clause texts are, from 0 (nothing shared) to 1 (same words).</summary>
internal static class TextSimilarity
{
    /// <summary>A text reduced to the sorted, distinct hashes of its words (or of its character trigrams when it is short).</summary>
    public static int[] Fingerprint(string text)
    {
        var words = new List<int>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                words.Add(string.GetHashCode(text.AsSpan(start, i - start), StringComparison.OrdinalIgnoreCase));
                start = -1;
            }
        }

        if (words.Count < 4)
        {
            // Short texts ("Definitions" vs "Definition") share no whole word often enough; compare trigrams.
            var lower = text.ToLowerInvariant();
            for (var i = 0; i + 3 <= lower.Length; i++)
            {
                words.Add(string.GetHashCode(lower.AsSpan(i, 3), StringComparison.Ordinal) ^ 0x5bd1e995);
            }
        }

        var array = words.ToArray();
        Array.Sort(array);
        var distinct = array.Length == 0 ? 0 : 1;
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i] != array[distinct - 1])
            {
                array[distinct++] = array[i];
            }
        }

        return array[..distinct];
    }

    /// <summary>Dice coefficient of two fingerprints.</summary>
    public static double Dice(int[] a, int[] b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return 2.0 * shared / (a.Length + b.Length);
    }
}
