using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Monitors.Core.Fetching;

public static class FetchingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDocumentFetcher"/>: options from <c>Monitors:Fetch</c> (validated on start), the
    /// <c>"documents"</c> HTTP client with its SSRF-guarded handler and the standard resilience handler.
    /// </summary>
    public static IServiceCollection AddDocumentFetching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<FetchOptions>()
            .BindConfiguration(FetchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(HttpDocumentFetcher.HttpClientName, client =>
            {
                // Timeouts belong to the resilience pipeline (per attempt) and to the body read (per fetch).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(serviceProvider =>
            {
                var options = serviceProvider.GetRequiredService<IOptions<FetchOptions>>().Value;
                var connector = new GuardedConnector(options.AllowLoopback, options.AllowPrivateNetworks);
                return new SocketsHttpHandler
                {
                    // Followed by the fetcher, so each hop is counted and its scheme checked.
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    // A proxy would connect on our behalf and bypass the address check.
                    UseProxy = false,
                    // Cookies of one site must not leak into another fetch through the shared handler.
                    UseCookies = false,
                    ConnectCallback = connector.ConnectAsync,
                    ConnectTimeout = options.Timeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
            })
            .AddStandardResilienceHandler()
            // One pipeline (and circuit breaker) per host, so one failing site does not pause the others.
            .SelectPipelineByAuthority()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider serviceProvider) =>
            {
                var options = serviceProvider.GetRequiredService<IOptions<FetchOptions>>().Value;
                resilience.AttemptTimeout.Timeout = options.Timeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = Math.Max(options.MaxRetries, 1);
                resilience.Retry.Delay = options.RetryDelay;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                // A long Retry-After would hold the check; the next scheduled check is the retry.
                resilience.Retry.ShouldRetryAfterHeader = false;
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome));
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
                // Required by the standard handler's validation: sampling at least twice the attempt timeout.
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.Timeout.Ticks * 2));
                WarmUpValidation(resilience);
            });

        services.TryAddSingleton<IDocumentFetcher, HttpDocumentFetcher>();
        return services;
    }

    /// <summary>
    /// Validates each strategy's options once, here, before any pipeline exists. Polly validates them again for every
    /// pipeline it builds — one per host, so the first checks of a process build several at once — and the first use
    /// of a <see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/> over TimeSpan is not thread-safe (it
    /// converts its limits in place): racing, it threw InvalidCastException and failed the first fetches of a run.
    /// </summary>
    private static void WarmUpValidation(HttpStandardResilienceOptions resilience)
    {
        object[] strategies = [resilience.RateLimiter, resilience.TotalRequestTimeout, resilience.Retry, resilience.CircuitBreaker, resilience.AttemptTimeout];
        foreach (var strategy in strategies)
        {
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(strategy, new System.ComponentModel.DataAnnotations.ValidationContext(strategy), null, validateAllProperties: true);
        }
    }

    /// <summary>
    /// What is worth retrying: connection errors, timeouts, 408 and 5xx. Not 429 (the site asked us to slow down),
    /// never a refused address (it would be refused again) and never a name that does not resolve (DNS gives the same
    /// answer a second later; offline, every document would wait through all its retries).
    /// </summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            return HttpDocumentFetcher.Find<AddressRefusedException>(exception) is null
                && !HttpDocumentFetcher.IsNameNotResolved(exception)
                && exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TimeoutException or IOException;
        }
        return outcome.Result is { } response && HttpDocumentFetcher.IsTransientStatus((int)response.StatusCode);
    }
}
