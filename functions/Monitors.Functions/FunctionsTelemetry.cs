using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Configuration;
using Monitors.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Monitors.Functions;

/// <summary>OpenTelemetry for the worker: the <c>Monitors</c> meter and spans, exported to Application Insights when it is configured.</summary>
internal static class FunctionsTelemetry
{
    public static IServiceCollection AddMonitorsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(metrics => metrics.AddMeter(MonitorsTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(MonitorsTelemetry.Name));

        // Locally (func start, tests) there is no Application Insights: collect, export nothing.
        var connectionString = configuration[AppSettings.ApplicationInsightsConnectionString];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
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
        return services;
    }
}
