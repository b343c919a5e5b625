using Azure.Core;
using Monitors.Core.Changes.Summaries;

namespace Monitors.Azure.Summaries;

/// <summary>
/// Entra ID tokens for the summary model's endpoint when no API key is set: the app's managed identity in Azure
/// (DefaultAzureCredential reads <c>AZURE_CLIENT_ID</c>), the developer's <c>az login</c> locally. A token is reused
/// until five minutes before it expires.
/// </summary>
internal sealed class EntraModelAccessToken(TokenCredential credential, TimeProvider time) : IModelAccessToken, IDisposable
{
    private static readonly TokenRequestContext Scope = new(["https://cognitiveservices.azure.com/.default"]);
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken _token;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token.ExpiresOn > time.GetUtcNow() + Margin)
        {
            return _token.Token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token.ExpiresOn <= time.GetUtcNow() + Margin)
            {
                _token = await credential.GetTokenAsync(Scope, cancellationToken).ConfigureAwait(false);
            }

            return _token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
