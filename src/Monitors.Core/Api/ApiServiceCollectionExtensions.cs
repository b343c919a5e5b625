using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monitors.Core.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The subscriber HTTP API's endpoints (sign up, confirm, manage, unsubscribe, tier). Part of <c>AddMonitorsCore</c>.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SubscriberApi>();
        return services;
    }
}
