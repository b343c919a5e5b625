using System.Net;
using System.Net.Sockets;

namespace Monitors.Core.Fetching;

/// <summary>Where an IP address points, as far as the fetcher's SSRF policy cares.</summary>
public enum AddressScope
{
    /// <summary>A globally routable address: the only kind fetched by default.</summary>
    Public,
    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,
    /// <summary>10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), 198.18/15, fc00::/7, fec0::/10.</summary>
    Private,
    /// <summary>169.254/16 (including cloud metadata at 169.254.169.254), fe80::/10.</summary>
    LinkLocal,
    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,
    /// <summary>224/4, ff00::/8.</summary>
    Multicast,
    /// <summary>Not routable on the internet: 240/4, broadcast, 192.0.0/24, documentation ranges, 2001:db8::/32, 100::/64.</summary>
    Reserved,
}

/// <summary>Classifies IP addresses for the SSRF guard. IPv6 forms that embed an IPv4 address are judged by that address.</summary>
public static class AddressClassifier
{
    public static AddressScope Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return ClassifyV4(address.GetAddressBytes());
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return ClassifyV6(address);
        // Not IP at all (should not reach a TCP connect): refuse.
        return AddressScope.Reserved;
    }

    /// <summary>Whether the fetcher may connect to <paramref name="address"/> under the given switches.</summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback, bool allowPrivateNetworks) =>
        Classify(address) switch
        {
            AddressScope.Public => true,
            AddressScope.Loopback => allowLoopback,
            AddressScope.Private => allowPrivateNetworks,
            // Link-local (cloud metadata), unspecified, multicast and reserved are never fetched: no document lives there.
            _ => false,
        };

    private static AddressScope ClassifyV4(ReadOnlySpan<byte> b) => (b[0], b[1], b[2]) switch
    {
        (0, _, _) => AddressScope.Unspecified,
        (127, _, _) => AddressScope.Loopback,
        (10, _, _) => AddressScope.Private,
        (172, >= 16 and <= 31, _) => AddressScope.Private,
        (192, 168, _) => AddressScope.Private,
        (100, >= 64 and <= 127, _) => AddressScope.Private,
        (198, 18 or 19, _) => AddressScope.Private,
        (169, 254, _) => AddressScope.LinkLocal,
        (>= 224 and <= 239, _, _) => AddressScope.Multicast,
        (>= 240, _, _) => AddressScope.Reserved,
        (192, 0, 0) or (192, 0, 2) or (198, 51, 100) or (203, 0, 113) => AddressScope.Reserved,
        _ => AddressScope.Public,
    };

    private static AddressScope ClassifyV6(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return ClassifyV4(address.MapToIPv4().GetAddressBytes());
        if (address.Equals(IPAddress.IPv6Loopback))
            return AddressScope.Loopback;
        if (address.Equals(IPAddress.IPv6Any))
            return AddressScope.Unspecified;

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);

        // IPv4-compatible ::a.b.c.d (deprecated) and NAT64 64:ff9b::/96 carry an IPv4 address in the last 4 bytes.
        if (IsZero(b[..12]) || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && IsZero(b[4..12])))
            return ClassifyV4(b[12..]);
        // 6to4 2002:AABB:CCDD::/48 carries the IPv4 address AA.BB.CC.DD.
        if (b[0] == 0x20 && b[1] == 0x02)
            return ClassifyV4(b[2..6]);

        if (b[0] == 0xff)
            return AddressScope.Multicast;
        if ((b[0] & 0xfe) == 0xfc)
            return AddressScope.Private; // fc00::/7 unique local
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
            return AddressScope.LinkLocal; // fe80::/10
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
            return AddressScope.Private; // fec0::/10 site-local (deprecated)
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
            return AddressScope.Reserved; // 2001:db8::/32 documentation
        if (b[0] == 0x01 && IsZero(b[1..8]))
            return AddressScope.Reserved; // 100::/64 discard
        return AddressScope.Public;
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
