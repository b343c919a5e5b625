using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Configuration;
using Monitors.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Monitors.Azure.Telemetry;

/// <summary>
/// The one OpenTelemetry setup of both hosts: the <c>Monitors</c> meter and spans, exported to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (with the app's managed identity when <c>AZURE_CLIENT_ID</c> is).
/// Each host adds only what is its own: the Functions worker's defaults, the CLI's console exporter.
/// </summary>
public static class MonitorsOpenTelemetry
{
    public static OpenTelemetryBuilder AddMonitorsOpenTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(MonitorsTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(MonitorsTelemetry.Name));

        // Locally (the CLI, tests) there is usually no Application Insights: collect, export nothing.
        var connectionString = configuration[AppSettings.ApplicationInsightsConnectionString];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return telemetry;
        }

        var clientId = configuration[AppSettings.AzureClientId];
        telemetry.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = connectionString;
            // Application Insights has local auth off: it takes telemetry only with an Entra token of the app's identity.
            if (!string.IsNullOrWhiteSpace(clientId))
            {
                options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            }
        });
        return telemetry;
    }
}
