using System.Net;
using System.Net.Sockets;

namespace Monitors.Core.Fetching;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the documents client: resolves the host itself and
/// connects only to addresses the SSRF policy allows. Checking the address actually connected to (rather than a
/// separate look-up before the request) is what defeats DNS rebinding.
/// </summary>
internal sealed class GuardedConnector(bool allowLoopback, bool allowPrivateNetworks)
{
    /// <summary>
    /// Set on a request whose connection this connector opened: a timeout after it is a host that accepted the request
    /// and did not answer (not retried, see <see cref="HostLimits"/>), one before it was name resolution or connecting.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Connected = new("Monitors.Fetch.Connected");

    /// <summary>Whether <paramref name="request"/> got as far as an open connection (<see cref="Connected"/>).</summary>
    public static bool HasConnected(HttpRequestMessage? request) => request is not null && request.Options.TryGetValue(Connected, out var connected) && connected;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;

        // A literal address is never sent to DNS; brackets may surround an IPv6 literal.
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

        var allowed = addresses.Where(a => AddressClassifier.IsAllowed(a, allowLoopback, allowPrivateNetworks)).ToArray();
        if (allowed.Length == 0)
            throw new AddressRefusedException(host, addresses);

        SocketException? lastError = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                // Belt and braces: judge the peer we actually reached, whatever the resolver said.
                if (socket.RemoteEndPoint is not IPEndPoint peer || !AddressClassifier.IsAllowed(peer.Address, allowLoopback, allowPrivateNetworks))
                    throw new AddressRefusedException(host, [(socket.RemoteEndPoint as IPEndPoint)?.Address ?? address]);
                context.InitialRequestMessage.Options.Set(Connected, true);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastError = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastError!;
    }
}
