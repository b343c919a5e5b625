namespace Monitors.Core.Fetching;

/// <summary>Fetches a document's page over HTTP(S), within the limits of <see cref="FetchOptions"/>.</summary>
public interface IDocumentFetcher
{
    /// <summary>Fetches <paramref name="request"/>; never throws for a failed fetch, which is returned as <see cref="FetchOutcome.Failed"/>.</summary>
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default);
}
