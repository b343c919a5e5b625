namespace Monitors.Core.Storage;

/// <summary>Identifies one tracked document: <c>{platform}/{document}</c>.</summary>
public readonly record struct DocumentKey(string PlatformId, string DocumentId)
{
    public override string ToString() => $"{PlatformId}/{DocumentId}";
}
