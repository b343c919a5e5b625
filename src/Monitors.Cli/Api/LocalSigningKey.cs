using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitors.Core.Configuration;
using Monitors.Core.Email;
using Monitors.Core.Subscriptions;

namespace Monitors.Cli.Api;

/// <summary>Local conveniences for the commands that issue subscriber links when no settings are given.</summary>
internal static class LocalSigningKey
{
    /// <summary>
    /// Without <c>Monitors__Tokens__SigningKey</c>, a random key for this process only: its links stop working when the
    /// process ends. <paramref name="generated"/> is told, so the command can say so. Never used when a key is set.
    /// </summary>
    public static IServiceCollection AddEphemeralSigningKeyIfMissing(this IServiceCollection services, Action generated)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        services.AddOptions<TokenOptions>().PostConfigure(o =>
        {
            if (string.IsNullOrWhiteSpace(o.SigningKey))
            {
                o.SigningKey = key;
                generated();
            }
        });
        return services;
    }

    /// <summary>Links in emails point at <paramref name="baseUrl"/> unless <c>Monitors__PublicBaseUrl</c> is set.</summary>
    public static IServiceCollection UsePublicBaseUrlIfMissing(this IServiceCollection services, string baseUrl) =>
        services.AddOptions<PublicSiteOptions>().PostConfigure<IConfiguration>((o, configuration) =>
        {
            if (string.IsNullOrWhiteSpace(configuration[$"{PublicSiteOptions.Section}:{nameof(PublicSiteOptions.PublicBaseUrl)}"]))
            {
                o.PublicBaseUrl = baseUrl;
            }
        }).Services;

    public const string Warning =
        $"[yellow]warning:[/] {AppSettings.TokenSigningKey} is not set: links in emails sent now use a key of this process only and stop working when it ends.";
}
