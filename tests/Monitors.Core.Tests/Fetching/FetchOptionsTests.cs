using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitors.Core.Fetching;

namespace Monitors.Core.Tests.Fetching;

public sealed class FetchOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new FetchOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(10 * 1024 * 1024, options.MaxBodyBytes);
        Assert.Equal(10, options.MaxRedirects);
        Assert.False(options.AllowLoopback);
        Assert.False(options.AllowPrivateNetworks);
        Assert.Equal(FetchOptions.DefaultUserAgent, options.UserAgent);
    }

    [Fact]
    public async Task Bind_FromConfiguration_ReadsEveryOption()
    {
        await using var services = FetcherHost.BuildServices(
            ("Timeout", "00:00:07"), ("TotalTimeout", "00:00:30"), ("MaxBodyBytes", "12345"), ("MaxRedirects", "4"),
            ("AllowPrivateNetworks", "true"), ("UserAgent", "Custom/1.0"), ("MaxRetries", "5"));

        var options = services.GetRequiredService<IOptions<FetchOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TotalTimeout);
        Assert.Equal(12345, options.MaxBodyBytes);
        Assert.Equal(4, options.MaxRedirects);
        Assert.True(options.AllowLoopback);
        Assert.True(options.AllowPrivateNetworks);
        Assert.Equal("Custom/1.0", options.UserAgent);
        Assert.Equal(5, options.MaxRetries);
    }

    [Theory]
    [InlineData("MaxBodyBytes", "0")]
    [InlineData("MaxRedirects", "-1")]
    [InlineData("MaxRetries", "11")]
    [InlineData("Timeout", "00:00:00")]
    [InlineData("UserAgent", "")]
    [InlineData("TotalTimeout", "00:00:01")] // not longer than Timeout (5 s in the test defaults)
    public async Task Validate_OutOfRange_Fails(string key, string value)
    {
        await using var services = FetcherHost.BuildServices((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FetchOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateOnStart_BadOptions_StopTheHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Monitors:Fetch:MaxBodyBytes"] = "0" });
        builder.Services.AddDocumentFetching();
        using var host = builder.Build();

        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // The resilience options built from FetchOptions are validated on start too, so failures may come aggregated.
        var failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.Contains(failures, e => e is OptionsValidationException { OptionsType: var type } && type == typeof(FetchOptions));
    }
}
