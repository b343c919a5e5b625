using System.Net;
using Monitors.Core.Fetching;

namespace Monitors.Core.Tests.Fetching;

public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("93.184.215.14", AddressScope.Public)]
    [InlineData("8.8.8.8", AddressScope.Public)]
    [InlineData("172.15.255.255", AddressScope.Public)]
    [InlineData("172.32.0.1", AddressScope.Public)]
    [InlineData("100.63.255.255", AddressScope.Public)]
    [InlineData("100.128.0.1", AddressScope.Public)]
    [InlineData("192.169.0.1", AddressScope.Public)]
    [InlineData("127.0.0.1", AddressScope.Loopback)]
    [InlineData("127.255.255.254", AddressScope.Loopback)]
    [InlineData("10.0.0.1", AddressScope.Private)]
    [InlineData("10.255.255.255", AddressScope.Private)]
    [InlineData("172.16.0.1", AddressScope.Private)]
    [InlineData("172.31.255.255", AddressScope.Private)]
    [InlineData("192.168.0.1", AddressScope.Private)]
    [InlineData("100.64.0.1", AddressScope.Private)]
    [InlineData("100.127.255.255", AddressScope.Private)]
    [InlineData("198.18.0.1", AddressScope.Private)]
    [InlineData("169.254.169.254", AddressScope.LinkLocal)]
    [InlineData("0.0.0.0", AddressScope.Unspecified)]
    [InlineData("0.1.2.3", AddressScope.Unspecified)]
    [InlineData("224.0.0.1", AddressScope.Multicast)]
    [InlineData("239.255.255.250", AddressScope.Multicast)]
    [InlineData("240.0.0.1", AddressScope.Reserved)]
    [InlineData("255.255.255.255", AddressScope.Reserved)]
    [InlineData("192.0.2.1", AddressScope.Reserved)]
    [InlineData("203.0.113.9", AddressScope.Reserved)]
    public void Classify_IPv4(string address, AddressScope expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2606:4700::6810:84e5", AddressScope.Public)]
    [InlineData("2a00:1450:4001:82b::200e", AddressScope.Public)]
    [InlineData("::1", AddressScope.Loopback)]
    [InlineData("::", AddressScope.Unspecified)]
    [InlineData("fc00::1", AddressScope.Private)]
    [InlineData("fd12:3456:789a::1", AddressScope.Private)]
    [InlineData("fec0::1", AddressScope.Private)]
    [InlineData("fe80::1", AddressScope.LinkLocal)]
    [InlineData("febf:ffff::1", AddressScope.LinkLocal)]
    [InlineData("ff02::1", AddressScope.Multicast)]
    [InlineData("2001:db8::1", AddressScope.Reserved)]
    [InlineData("100::1", AddressScope.Reserved)]
    public void Classify_IPv6(string address, AddressScope expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", AddressScope.Loopback)]
    [InlineData("::ffff:10.0.0.1", AddressScope.Private)]
    [InlineData("::ffff:192.168.10.20", AddressScope.Private)]
    [InlineData("::ffff:169.254.169.254", AddressScope.LinkLocal)]
    [InlineData("::ffff:0.0.0.0", AddressScope.Unspecified)]
    [InlineData("::ffff:224.0.0.1", AddressScope.Multicast)]
    [InlineData("::ffff:8.8.8.8", AddressScope.Public)]
    [InlineData("::127.0.0.1", AddressScope.Loopback)] // IPv4-compatible (deprecated)
    [InlineData("64:ff9b::10.0.0.1", AddressScope.Private)] // NAT64
    [InlineData("64:ff9b::8.8.8.8", AddressScope.Public)]
    [InlineData("2002:a9fe:a9fe::1", AddressScope.LinkLocal)] // 6to4 of 169.254.169.254
    [InlineData("2002:0808:0808::1", AddressScope.Public)]
    public void Classify_IPv6EmbeddingIPv4_JudgesTheIPv4Address(string address, AddressScope expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8", false, false, true)]
    [InlineData("127.0.0.1", false, false, false)]
    [InlineData("127.0.0.1", true, false, true)]
    [InlineData("::1", true, false, true)]
    [InlineData("::ffff:127.0.0.1", false, true, false)]
    [InlineData("10.0.0.1", true, false, false)]
    [InlineData("10.0.0.1", false, true, true)]
    [InlineData("fd00::1", false, true, true)]
    [InlineData("169.254.169.254", true, true, false)]
    [InlineData("fe80::1", true, true, false)]
    [InlineData("0.0.0.0", true, true, false)]
    [InlineData("224.0.0.1", true, true, false)]
    [InlineData("240.0.0.1", true, true, false)]
    public void IsAllowed_FollowsTheSwitches(string address, bool allowLoopback, bool allowPrivate, bool expected) =>
        Assert.Equal(expected, AddressClassifier.IsAllowed(IPAddress.Parse(address), allowLoopback, allowPrivate));
}
