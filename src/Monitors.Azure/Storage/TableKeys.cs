using System.Globalization;
using Monitors.Core.Storage;

namespace Monitors.Azure.Storage;

/// <summary>Row and partition keys shared by the table stores.</summary>
internal static class TableKeys
{
    /// <summary>Partition of one document's rows; platform and document ids are slugs, so <c>~</c> cannot occur in them.</summary>
    public static string DocumentPartition(DocumentKey document) => $"{document.PlatformId}~{document.DocumentId}";

    /// <summary>Reverse-time key: newest first in a partition scan.</summary>
    public static string NewestFirst(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static DateTimeOffset FromNewestFirst(string key) =>
        new(DateTimeOffset.MaxValue.UtcTicks - long.Parse(key.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);
}
