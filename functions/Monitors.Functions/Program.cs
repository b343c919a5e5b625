using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Monitors.Azure;
using Monitors.Core;
using Monitors.Functions;
using Monitors.Web;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP through the ASP.NET Core integration: functions get HttpContext, so the site's one pipeline runs unchanged.
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddMonitorsCore(builder.Configuration)
    .AddMonitorsAzure(builder.Configuration)
    .AddMonitorsSite()
    .AddMonitorsTelemetry(builder.Configuration);
builder.Build().Run();
