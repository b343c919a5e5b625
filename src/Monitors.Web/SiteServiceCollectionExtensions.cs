using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitors.Azure.Storage;
using Monitors.Core.Api;

namespace Monitors.Web;

/// <summary>Section <c>Monitors:Site</c>: limits of the public site.</summary>
public sealed class SiteOptions
{
    public const string Section = "Monitors:Site";

    /// <summary>Sign-ups (form or API) one client address may make per <see cref="SignUpWindow"/>; more get a 429.</summary>
    [Range(1, 10_000)]
    public int SignUpsPerWindow { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SignUpWindow { get; set; } = TimeSpan.FromMinutes(10);
}

public static class SiteServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP pipeline of the site and the API (<see cref="SiteApplication"/>): routing, antiforgery for the forms,
    /// the sign-up rate limit. The Functions app and <c>monitors serve</c> both call this after <c>AddMonitorsCore</c>.
    /// </summary>
    public static IServiceCollection AddMonitorsSite(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Endpoint routing reports to a DiagnosticListener; a web host registers one, the CLI's generic host does not.
        services.TryAddSingleton(_ => new DiagnosticListener("Microsoft.AspNetCore"));
        services.TryAddSingleton<DiagnosticSource>(sp => sp.GetRequiredService<DiagnosticListener>());
        services.AddRouting();
        // Antiforgery tokens are protected with the Data Protection key ring: kept in Blob Storage so that every
        // instance (and every restart of `monitors serve`) accepts the forms the others served.
        services.AddDataProtection().SetApplicationName("Monitors");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new BlobKeyRepository(sp.GetRequiredService<StorageClients>().Blobs)));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "monitors-af";
            o.FormFieldName = "__af";
            o.HeaderName = null;
            o.SuppressXFrameOptionsHeader = true; // set for every response by SecurityHeadersMiddleware
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SiteEndpoints.SignUpPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.SignUpsPerWindow,
                    Window = limits.SignUpWindow,
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var window = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value.SignUpWindow;
                var response = ApiResponse.Problem(429, "Too many sign-ups", $"This address has signed up too often; try again in {Math.Ceiling(window.TotalMinutes)} minutes. Nothing was changed.", "rate-limited",
                    headers: new Dictionary<string, string> { ["Retry-After"] = ((int)window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                await HttpBridge.WriteAsync(rejected.HttpContext, response);
            };
        });
        services.TryAddSingleton<SiteApplication>();
        return services;
    }

    /// <summary>
    /// The client's address: the last hop of <c>X-Forwarded-For</c> when present (the one Azure's front end appended;
    /// earlier entries are whatever the client sent), otherwise the connection's.
    /// </summary>
    internal static string ClientAddress(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is not null && IPAddress.TryParse(last.Split(':')[0], out var address))
            {
                return address.ToString();
            }
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
