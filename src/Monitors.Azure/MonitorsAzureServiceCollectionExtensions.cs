using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitors.Azure.Email;
using Monitors.Azure.Storage;
using Monitors.Azure.Summaries;
using Monitors.Core.Changes.Summaries;
using Monitors.Core.Alerts;
using Monitors.Core.Email;
using Monitors.Core.Storage;
using Monitors.Core.Subscriptions;

namespace Monitors.Azure;

public static class MonitorsAzureServiceCollectionExtensions
{
    /// <summary>
    /// Azure Storage stores (Azurite by default), the email sender (SendGrid when <c>Monitors:Email:SendGridApiKey</c>
    /// is set, otherwise the outbox) and the Entra ID sign-in of the summary model.
    /// </summary>
    public static IServiceCollection AddMonitorsAzure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => StorageClients.FromConfiguration(configuration));
        services.TryAddSingleton<StorageInitializer>();
        services.TryAddSingleton<IStorageFaultClassifier, AzureStorageFaults>();
        services.TryAddSingleton<IArchive, BlobArchive>();
        services.TryAddSingleton<IDocumentStateStore, TableDocumentStateStore>();
        services.TryAddSingleton<IVersionHistory, TableVersionHistory>();
        services.TryAddSingleton<IChangeStore, ChangeStore>();
        services.TryAddSingleton<IWorkQueue, QueueWorkQueue>();
        services.TryAddSingleton<ISubscriberStore, TableSubscriberStore>();
        services.TryAddSingleton<ISubscriptionStore, TableSubscriptionStore>();
        services.TryAddSingleton<IDeliveryStore, TableDeliveryStore>();
        services.TryAddSingleton<Monitors.Core.Site.ISiteIndex, TableSiteIndex>();
        services.TryAddSingleton<OutboxReader>();
        // Model-written summaries without a key sign in with the app's identity (used only when an endpoint is set).
        services.TryAddSingleton<IModelAccessToken>(provider =>
            new EntraModelAccessToken(new global::Azure.Identity.DefaultAzureCredential(), provider.GetService<TimeProvider>() ?? TimeProvider.System));

        services.AddHttpClient(SendGridRetry.ClientName).AddSendGridRetry();
        var sendGridKey = configuration[$"{EmailOptions.Section}:SendGridApiKey"];
        if (string.IsNullOrWhiteSpace(sendGridKey))
        {
            services.TryAddSingleton<IEmailSender, OutboxEmailSender>();
        }
        else
        {
            services.TryAddSingleton<IEmailSender, SendGridEmailSender>();
        }

        return services;
    }
}
