using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Azure.Telemetry;

namespace Monitors.Functions;

/// <summary>OpenTelemetry for the worker: the shared setup (<see cref="MonitorsOpenTelemetry"/>) with the Functions worker's defaults.</summary>
internal static class FunctionsTelemetry
{
    public static IServiceCollection AddMonitorsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMonitorsOpenTelemetry(configuration).UseFunctionsWorkerDefaults();
        return services;
    }
}
