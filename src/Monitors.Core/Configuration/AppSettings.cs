namespace Monitors.Core.Configuration;

/// <summary>
/// Every application setting the code reads, by the name it has in Azure app settings (and in
/// <c>local.settings.json</c>). <c>infra/</c> sets each of them; a test checks there is no drift either way.
/// Nested options use the <c>__</c> separator, as app settings do.
/// </summary>
public static class AppSettings
{
    /// <summary>Storage for the Functions host and the app. Locally <c>UseDevelopmentStorage=true</c>; in Azure the
    /// identity-based form <c>AzureWebJobsStorage__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>.</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>NCRONTAB schedule of the check timer, e.g. <c>0 0 */6 * * *</c>.</summary>
    public const string CheckSchedule = "CHECK_SCHEDULE";

    /// <summary>NCRONTAB schedule of the weekly digest, default Monday 08:00 UTC.</summary>
    public const string DigestSchedule = "DIGEST_SCHEDULE";

    /// <summary>Folder holding the platform catalog (one JSON file per platform).</summary>
    public const string CatalogPath = "Monitors__Catalog__Path";

    /// <summary>Where the Functions app exports metrics and traces (Application Insights); unset, nothing is exported.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Client id of the app's user-assigned managed identity; the telemetry exporter signs in with it
    /// (Application Insights has local auth off).</summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";
}
