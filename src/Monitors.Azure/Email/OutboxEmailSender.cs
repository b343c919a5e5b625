using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using MimeKit;
using Monitors.Azure.Storage;
using Monitors.Core.Configuration;
using Monitors.Core.Email;

namespace Monitors.Azure.Email;

/// <summary>
/// The local default sender (no SendGrid key): writes each email as <c>.eml</c> (MIME, both parts) and <c>.html</c> to the
/// blob container <c>outbox</c>, and to <see cref="EmailOptions.OutboxDirectory"/> when set.
/// </summary>
public sealed class OutboxEmailSender(StorageClients clients, IOptions<EmailOptions> options, TimeProvider time) : IEmailSender
{
    private readonly BlobContainerClient _outbox = clients.Blobs.GetBlobContainerClient(StorageNames.Containers.Outbox);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        var name = $"{now:yyyyMMdd-HHmmss}-{Sanitize(message.Key ?? Guid.NewGuid().ToString("n"))}";
        var eml = Mime.Render(message, options.Value, now);
        // Metadata lets `monitors outbox` list the emails without downloading them (values must be ASCII: escaped).
        var metadata = new Dictionary<string, string>
        {
            ["to"] = Uri.EscapeDataString(message.To),
            ["subject"] = Uri.EscapeDataString(message.Subject),
            ["key"] = Uri.EscapeDataString(message.Key ?? string.Empty),
        };
        await UploadAsync($"{name}.eml", eml, "message/rfc822", cancellationToken, metadata);
        await UploadAsync($"{name}.html", message.HtmlBody, "text/html; charset=utf-8", cancellationToken);
        if (options.Value.OutboxDirectory is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.eml"), eml, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.html"), message.HtmlBody, cancellationToken);
        }
    }

    private async Task UploadAsync(string name, string content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null) =>
        await _outbox.GetBlobClient(name).UploadAsync(
            BinaryData.FromString(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, Metadata = metadata },
            cancellationToken);

    private static string Sanitize(string key) =>
        string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}

/// <summary>
/// The email as RFC 5322 / MIME, built with MimeKit: multipart/alternative (text, then HTML), UTF-8 parts, RFC 2047
/// encoded words for non-ASCII header text, and — when an address has a non-ASCII local part — RFC 6531 (SMTPUTF8)
/// headers, the only correct spelling of such an address.
/// </summary>
internal static class Mime
{
    public static string Render(EmailMessage message, EmailOptions options, DateTimeOffset date)
    {
        var mime = new MimeMessage { Subject = message.Subject, Date = date };
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        mime.To.Add(new MailboxAddress(string.Empty, message.To));
        if (message.Key is { Length: > 0 } key)
        {
            // Deterministic, so a re-rendered email has the same id.
            mime.MessageId = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}@monitors.local";
        }

        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            mime.Headers.Add(name, value);
        }

        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = !Ascii(message.To) || !Ascii(options.FromAddress);
        using var stream = new MemoryStream();
        mime.WriteTo(format, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool Ascii(string text) => text.All(char.IsAscii);
}
