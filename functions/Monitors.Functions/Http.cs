using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Monitors.Core.Api;

namespace Monitors.Functions;

/// <summary>
/// HTTP: the subscriber API and the pages linked from emails (host.json sets no route prefix, so the routes are as
/// written). Anyone may call them; access to a subscriber's data needs a signed token, checked in the core.
/// </summary>
public sealed class SubscriberApiFunction(ApiRouter router)
{
    [Function("SubscriberApi")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "api/{*rest}")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await HttpAdapter.WriteAsync(request, await router.HandleAsync(await HttpAdapter.ReadAsync(request, cancellationToken), cancellationToken), cancellationToken);
}

/// <summary>HTTP: <c>GET /changes/{id}</c>, the change record page, and <c>GET /manage</c>, the subscriber's page.</summary>
public sealed class PageFunctions(ApiRouter router)
{
    [Function("ChangePage")]
    public async Task<HttpResponseData> ChangeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "changes/{id}")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await HttpAdapter.WriteAsync(request, await router.HandleAsync(await HttpAdapter.ReadAsync(request, cancellationToken), cancellationToken), cancellationToken);

    [Function("ManagePage")]
    public async Task<HttpResponseData> ManageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await HttpAdapter.WriteAsync(request, await router.HandleAsync(await HttpAdapter.ReadAsync(request, cancellationToken), cancellationToken), cancellationToken);
}

/// <summary>
/// HTTP, operators only: <c>PUT /api/subscribers/{id}/tier</c>. The host checks the function (or admin) key before the
/// worker sees the request; the route is more specific than the API's catch-all, so it wins.
/// </summary>
public sealed class SetTier(ApiRouter router, SubscriberApi api)
{
    [Function(nameof(SetTier))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/subscribers/{id}/tier")] HttpRequestData request,
        string id,
        CancellationToken cancellationToken)
    {
        var apiRequest = await HttpAdapter.ReadAsync(request, cancellationToken) with { IsOperator = true };
        return await HttpAdapter.WriteAsync(request, await router.HandleAsync(apiRequest, (r, ct) => api.SetTierAsync(r, id, ct), cancellationToken), cancellationToken);
    }
}

/// <summary>Between the Functions worker's HTTP types and the core's transport-neutral request and response.</summary>
internal static class HttpAdapter
{
    public static async Task<ApiRequest> ReadAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        // Read one character past the limit, so the core can refuse an oversized body without reading it all.
        using var reader = new StreamReader(request.Body);
        var buffer = new char[ApiRequest.MaxBodyLength + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
        return ApiRequest.Create(request.Method, request.Url.AbsolutePath, request.Url.Query, headers, new string(buffer, 0, read));
    }

    public static async Task<HttpResponseData> WriteAsync(HttpRequestData request, ApiResponse response, CancellationToken cancellationToken)
    {
        var result = request.CreateResponse((System.Net.HttpStatusCode)response.Status);
        foreach (var (name, value) in response.Headers)
        {
            result.Headers.Add(name, value);
        }

        if (response.Status != 204)
        {
            result.Headers.Add("Content-Type", response.ContentType);
            await result.WriteStringAsync(response.Body, cancellationToken);
        }

        return result;
    }
}
