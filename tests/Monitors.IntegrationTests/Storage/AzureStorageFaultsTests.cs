using System.Net.Sockets;
using System.Text.RegularExpressions;
using Monitors.Azure.Storage;

namespace Monitors.IntegrationTests.Storage;

/// <summary>What counts as storage not answering, and what is the check's own failure.</summary>
public sealed class AzureStorageFaultsTests
{
    [Fact]
    public void IsOutage_RegexThatRanOutOfTime_IsNotAStorageOutage()
    {
        // A TimeoutException too, but thrown by the check's own matching: reporting it as "Azurite stopped answering" sent
        // users to restart a healthy emulator.
        Assert.False(AzureStorageFaults.IsOutage(new RegexMatchTimeoutException("x", "y", TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void IsOutage_ConnectionFailureOrTimeout_IsAStorageOutage()
    {
        Assert.True(AzureStorageFaults.IsOutage(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.True(AzureStorageFaults.IsOutage(new TimeoutException("no answer")));
    }
}
