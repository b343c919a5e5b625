using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monitors.Core.Changes;

/// <summary>Deterministic, URL-safe change record ids.</summary>
public static class ChangeRecordIds
{
    /// <summary>
    /// <c>yyyyMMdd-</c> (UTC day of <see cref="ChangeContext.DetectedAt"/>) followed by the first 16 hex digits of
    /// SHA-256 over <c>platform/document/previous/new</c>. The hash alone identifies the change; the date makes
    /// ids sort by time. A retry must pass the same detection time (the pending confirmation's) to get the same id.
    /// </summary>
    public static string For(ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = $"{context.PlatformId}/{context.DocumentId}/{context.PreviousVersionId}/{context.NewVersionId}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var day = context.DetectedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return $"{day}-{Convert.ToHexStringLower(hash)[..16]}";
    }
}
