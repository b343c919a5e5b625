using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monitors.Web;

namespace Monitors.Functions;

/// <summary>
/// HTTP: the whole site and API (pages, feeds, the subscriber API) through the ASP.NET Core integration. One anonymous
/// catch-all hands every request to the same <see cref="SiteApplication"/> pipeline <c>monitors serve</c> runs on
/// Kestrel, so routing, errors and headers are defined once. host.json sets no route prefix.
/// </summary>
public sealed class SiteFunction(SiteApplication site)
{
    [Function("Site")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", Route = "{*path}")] HttpRequest request)
    {
        await site.InvokeAsync(request.HttpContext);
        return new EmptyResult();
    }
}

/// <summary>
/// HTTP, operators only: <c>PUT /api/subscribers/{id}/tier</c>. The host checks the function (or admin) key before the
/// worker sees the request, and only this function tells the pipeline so. If the host ever sent this path to the
/// anonymous <see cref="SiteFunction"/> instead, the endpoint would still want the <c>X-Admin-Key</c> and refuse.
/// </summary>
public sealed class SetTier(SiteApplication site)
{
    [Function(nameof(SetTier))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/subscribers/{id}/tier")] HttpRequest request)
    {
        await site.InvokeAsync(request.HttpContext, asOperator: true);
        return new EmptyResult();
    }
}
