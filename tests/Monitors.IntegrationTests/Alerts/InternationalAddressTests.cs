using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Monitors.Core.Subscriptions;
using Monitors.IntegrationTests.Infrastructure;

namespace Monitors.IntegrationTests.Alerts;

/// <summary>
/// Internationalised addresses end to end: through the real SendGrid client to the loopback stand-in, and through the
/// outbox as a MIME message that MimeKit parses back to the same address, with RFC 2047 encoded header text.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InternationalAddressTests
{
    [Fact]
    public async Task SignUp_InternationalAddress_SendGridGetsTheNormalisedAddress()
    {
        await using var h = await MailHarness.CreateAsync();
        var local = "jörg-" + Guid.NewGuid().ToString("n")[..8];

        var result = await h.Subscriptions.SignUpAsync($"{local.ToUpperInvariant()}@BÜCHER.example");

        var expected = $"{local}@xn--bcher-kva.example";
        Assert.Equal(expected, result.Subscriber.Email);
        var sent = Assert.Single(h.SendGrid.To(expected));
        Assert.Contains(expected, sent.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_FullwidthSpellingOfAnExistingAddress_IsTheSameSubscriber()
    {
        await using var h = await MailHarness.CreateAsync();
        var local = "wide" + Guid.NewGuid().ToString("n")[..8];
        var fullwidth = string.Concat(local.Select(c => char.IsAsciiLetterOrDigit(c) ? (char)(c - 0x20 + 0xFF00) : c));

        var first = await h.Subscriptions.SignUpAsync($"{local}@example.com");
        var second = await h.Subscriptions.SignUpAsync($"{fullwidth}＠example.com");

        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
        Assert.Equal(first.Subscriber.Id, second.Subscriber.Id);
    }

    [Fact]
    public async Task SignUp_AddressLiteral_IsRefusedAndNothingIsSent()
    {
        await using var h = await MailHarness.CreateAsync();

        var e = await Assert.ThrowsAsync<InvalidSubscriptionRequestException>(() => h.Subscriptions.SignUpAsync("a@[127.0.0.1]"));

        Assert.Contains("IP address", e.Message, StringComparison.Ordinal);
        Assert.Empty(h.SendGrid.Attempts);
    }

    [Theory]
    [InlineData("ann", false)]   // ASCII local part, IDN domain: plain RFC 5322 with RFC 2047 encoded words, A-label domain
    [InlineData("zoë", true)]    // non-ASCII local part: only expressible as RFC 6531/6532 (SMTPUTF8) UTF-8 headers
    public async Task Outbox_InternationalAddress_WritesMimeThatParsesBackToTheSameAddress(string localPrefix, bool needsUtf8Headers)
    {
        var outbox = Directory.CreateTempSubdirectory("outbox-").FullName;
        await using var harness = await PipelineHarness.CreateAsync(
            [PipelineHarness.Document("terms", new Uri("http://127.0.0.1:9/terms"))],
            new Dictionary<string, string?>
            {
                ["Monitors:Email:OutboxDirectory"] = outbox,
                ["Monitors:Email:FromName"] = "Monitors — Überwachung",
                ["Monitors:Tokens:SigningKey"] = "integration-test-signing-key-0123456789abcdef",
            });
        var subscriptions = harness.Services.GetRequiredService<SubscriptionService>();
        var local = localPrefix + "-" + Guid.NewGuid().ToString("n")[..8];

        var result = await subscriptions.SignUpAsync($"{local}@müller.example");

        var eml = Assert.Single(Directory.GetFiles(outbox, "*.eml"));
        var raw = await File.ReadAllTextAsync(eml);
        var message = await MimeMessage.LoadAsync(eml);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
        Assert.Equal($"{local}@xn--mller-kva.example", result.Subscriber.Email);
        Assert.Equal(result.Subscriber.Email, EmailAddresses.Normalise(to.Address));
        Assert.Equal("Monitors — Überwachung", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Name);
        if (!needsUtf8Headers)
        {
            Assert.True(raw.Split("\r\n\r\n")[0].All(char.IsAscii), "headers of a message to an ASCII address are ASCII");
            Assert.Contains($"To: {local}@xn--mller-kva.example\r\n", raw, StringComparison.Ordinal);
            Assert.Contains("=?utf-8?", raw, StringComparison.OrdinalIgnoreCase); // the display name as an RFC 2047 encoded word
        }

        var body = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], body.Select(p => p.ContentType.MimeType).ToArray());
        Assert.Contains("confirm", message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<", message.HtmlBody, StringComparison.Ordinal);
    }
}
