using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
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
        // An email sent once per key (alerts, digests) has a name of its key alone: written twice, it is there once.
        var once = message.Once && !string.IsNullOrEmpty(message.Key);
        var name = once ? Sanitize(message.Key!) : $"{now:yyyyMMdd-HHmmss}-{Sanitize(message.Key ?? Guid.NewGuid().ToString("n"))}";
        var eml = Mime.Render(message, options.Value, now);
        // Metadata lets `monitors outbox` list the emails without downloading them (values must be ASCII: escaped).
        var metadata = new Dictionary<string, string>
        {
            ["to"] = Uri.EscapeDataString(message.To),
            ["subject"] = Uri.EscapeDataString(message.Subject),
            ["key"] = Uri.EscapeDataString(message.Key ?? string.Empty),
        };
        // The .eml is what `monitors outbox` lists: written last, and only if absent when the key is sent once.
        await UploadAsync($"{name}.html", message.HtmlBody, "text/html; charset=utf-8", cancellationToken);
        try
        {
            await UploadAsync($"{name}.eml", eml, "message/rfc822", cancellationToken, metadata, onlyIfAbsent: once);
        }
        catch (RequestFailedException e) when (once && e.Status is 409 or 412)
        {
            return; // an earlier attempt of this delivery wrote it
        }

        if (options.Value.OutboxDirectory is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.eml"), eml, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.html"), message.HtmlBody, cancellationToken);
        }
    }

    private async Task UploadAsync(string name, string content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null, bool onlyIfAbsent = false) =>
        await _outbox.GetBlobClient(name).UploadAsync(
            BinaryData.FromString(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = metadata,
                Conditions = onlyIfAbsent ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
            },
            cancellationToken);

    private static string Sanitize(string key) =>
        string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}

/// <summary>A minimal RFC 5322 / MIME rendering of an email, multipart/alternative, UTF-8, quoted-printable-free (base64 parts).</summary>
internal static class Mime
{
    public static string Render(EmailMessage message, EmailOptions options, DateTimeOffset date)
    {
        var boundary = "=_monitors_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(message.Subject + message.To)))[..16];
        var sb = new StringBuilder();
        sb.Append("From: ").Append(EncodeWord(options.FromName)).Append(" <").Append(options.FromAddress).Append(">\r\n");
        sb.Append("To: ").Append(message.To).Append("\r\n");
        sb.Append("Subject: ").Append(EncodeWord(message.Subject)).Append("\r\n");
        sb.Append("Date: ").Append(date.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("MIME-Version: 1.0\r\n");
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        sb.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n\r\n");
        AppendPart(sb, boundary, "text/plain", message.TextBody);
        AppendPart(sb, boundary, "text/html", message.HtmlBody);
        sb.Append("--").Append(boundary).Append("--\r\n");
        return sb.ToString();
    }

    private static void AppendPart(StringBuilder sb, string boundary, string type, string body)
    {
        sb.Append("--").Append(boundary).Append("\r\n");
        sb.Append("Content-Type: ").Append(type).Append("; charset=utf-8\r\n");
        sb.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
        for (var i = 0; i < encoded.Length; i += 76)
        {
            sb.Append(encoded.AsSpan(i, Math.Min(76, encoded.Length - i))).Append("\r\n");
        }
    }

    private static string EncodeWord(string text) =>
        text.All(c => c < 128) ? text : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";
}
