using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Monitors.Azure;
using Monitors.Core;
using Monitors.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services
    .AddMonitorsCore(builder.Configuration)
    .AddMonitorsAzure(builder.Configuration)
    .AddMonitorsTelemetry(builder.Configuration);
builder.Build().Run();
