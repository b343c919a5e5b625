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

    /// <summary>SendGrid API key (a Key Vault reference in Azure). Unset: emails go to the blob container <c>outbox</c>.</summary>
    public const string SendGridApiKey = "Monitors__Email__SendGridApiKey";

    /// <summary>The address emails come from (verified in SendGrid).</summary>
    public const string EmailFromAddress = "Monitors__Email__FromAddress";

    /// <summary>Where "needs attention" and "tracking resumed" emails go.</summary>
    public const string OperatorAddress = "Monitors__Email__OperatorAddress";

    /// <summary>HMAC-SHA256 key of subscriber tokens (confirm, manage, unsubscribe links), at least 32 characters; a Key Vault reference in Azure.</summary>
    public const string TokenSigningKey = "Monitors__Tokens__SigningKey";

    /// <summary>The public base URL of the app (the Function app's https URL), used in every link of every email.</summary>
    public const string PublicBaseUrl = "Monitors__PublicBaseUrl";

    /// <summary><c>true</c> (default) sends a short "nothing changed" digest for a quiet week; <c>false</c> skips it.</summary>
    public const string SendEmptyDigest = "Monitors__Digest__SendEmptyDigest";

    /// <summary>Azure OpenAI endpoint of model-written change summaries; empty: extractive summaries only. The app signs in
    /// with its identity (no key in Azure).</summary>
    public const string SummaryEndpoint = "Monitors__Summaries__Endpoint";

    /// <summary>The chat deployment that writes summaries.</summary>
    public const string SummaryDeployment = "Monitors__Summaries__Deployment";

    /// <summary>Where the Functions app exports metrics and traces (Application Insights); unset, nothing is exported.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Client id of the app's user-assigned managed identity; the telemetry exporter signs in with it
    /// (Application Insights has local auth off).</summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";
}
