using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitors.Core.Checking;
using Monitors.Core.Subscriptions;

namespace Monitors.Core.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Email rendering (templates, links to the public site) and the operator's notices. Part of <c>AddMonitorsCore</c>;
    /// the sender (SendGrid, or the outbox without a key) comes from <c>AddMonitorsAzure</c>.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublicSiteOptions>().BindConfiguration(PublicSiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<LinkBuilder>();
        services.TryAddSingleton<EmailTemplates>();
        services.TryAddSingleton<EmailComposer>();
        services.TryAddSingleton<IOperatorNotifier, EmailOperatorNotifier>();
        services.TryAddSingleton<ISignUpMailer, SignUpMailer>();
        return services;
    }
}
