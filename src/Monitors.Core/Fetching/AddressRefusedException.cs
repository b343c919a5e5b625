using System.Net;

namespace Monitors.Core.Fetching;

/// <summary>
/// Thrown by the fetcher's connect callback when a host resolves only to addresses the SSRF policy forbids.
/// <see cref="HttpClient"/> wraps it in an <see cref="HttpRequestException"/>; the fetcher reports it as
/// <see cref="FailureKind.Refused"/> and never retries it.
/// </summary>
public sealed class AddressRefusedException : IOException
{
    public AddressRefusedException(string host, IReadOnlyList<IPAddress> addresses)
        : base(BuildMessage(host, addresses))
    {
        Host = host;
        Addresses = addresses;
    }

    public string Host { get; }

    /// <summary>The refused addresses the host resolved to.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    private static string BuildMessage(string host, IReadOnlyList<IPAddress> addresses)
    {
        var described = string.Join(", ", addresses.Select(a => $"{a} ({AddressClassifier.Classify(a).ToString().ToLowerInvariant()})"));
        var what = IPAddress.TryParse(host.Trim('[', ']'), out _)
            ? $"{described} is not an address the fetcher may connect to"
            : $"{host} resolves to {described}, none of which the fetcher may connect to";
        return what + "; use a public URL, or set Monitors:Fetch:AllowLoopback / AllowPrivateNetworks for a deliberately local deployment";
    }
}
