namespace Monitors.Core.Checking;

/// <summary>The body of a message on the <c>changes</c> queue: a change record was stored; fan out alerts.</summary>
public sealed record ChangeNotice(string ChangeId, string PlatformId, string DocumentId);
