using System.Text.Json.Serialization;
using Monitors.Core.Storage;

namespace Monitors.Core.Checking;

/// <summary>The body of a message on the <c>checks</c> queue: check one document.</summary>
/// <param name="RunId">
/// The local run (<c>monitors check</c>, demo, replay) that enqueued it and reports its result; null for the schedule's and
/// the confirmation checks, which any runner whose catalog has the document handles. See <see cref="CheckOwnership"/>.
/// </param>
public sealed record CheckMessage(string PlatformId, string DocumentId, CheckReason Reason = CheckReason.Scheduled, string? RunId = null)
{
    [JsonIgnore]
    public DocumentKey Document => new(PlatformId, DocumentId);
}

[JsonConverter(typeof(JsonStringEnumConverter<CheckReason>))]
public enum CheckReason
{
    Scheduled,
    Manual,
    /// <summary>A re-fetch to confirm a change seen once.</summary>
    Confirmation,
}
