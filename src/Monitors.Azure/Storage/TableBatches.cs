using Azure.Data.Tables;

namespace Monitors.Azure.Storage;

/// <summary>
/// Splits entities into table transactions: one partition per transaction, at most 100 actions and well under the 4 MiB
/// payload limit (a row may hold up to 1 MiB, so long texts end a batch early).
/// </summary>
internal static class TableBatches
{
    public const int MaxActions = 100;

    /// <summary>Payload budget per transaction, in characters of string properties (UTF-16 on the wire, plus JSON overhead).</summary>
    private const int MaxChars = 1_000_000;

    public static IEnumerable<IReadOnlyList<TableEntity>> Chunk(IEnumerable<TableEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableEntity>();
            var chars = 0;
            foreach (var entity in partition)
            {
                var size = Size(entity);
                if (batch.Count == MaxActions || (batch.Count > 0 && chars + size > MaxChars))
                {
                    yield return batch;
                    batch = [];
                    chars = 0;
                }

                batch.Add(entity);
                chars += size;
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    private static int Size(TableEntity entity) =>
        entity.Sum(p => p.Key.Length + (p.Value is string s ? s.Length : 16)) + 256;
}
