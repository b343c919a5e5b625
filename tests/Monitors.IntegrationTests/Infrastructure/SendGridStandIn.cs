using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Monitors.Web;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>One request the stand-in accepted, as SendGrid's v3 mail/send JSON says it.</summary>
public sealed record CapturedEmail(string To, string Subject, string Text, string Html, IReadOnlyDictionary<string, string> Headers, string Authorization, string Json);

/// <summary>
/// A loopback listener standing in for SendGrid's API host (<c>Monitors:Email:SendGridHost</c>): answers
/// <c>POST /v3/mail/send</c> with the statuses a test queues (202 when none), and keeps what it accepted.
/// </summary>
public sealed class SendGridStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _statuses = new();
    private LoopbackWebServer _server = null!;

    /// <summary>The API host to configure, without the trailing <c>/</c>.</summary>
    public string BaseUrl => _server.BaseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>Emails answered with 2xx.</summary>
    public ConcurrentQueue<CapturedEmail> Accepted { get; } = new();

    /// <summary>Every request, whatever the answer: (recipient, status).</summary>
    public ConcurrentQueue<(string To, int Status)> Attempts { get; } = new();

    /// <summary>Answers the next requests with these statuses, in order.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public IReadOnlyList<CapturedEmail> To(string email) => Accepted.Where(e => string.Equals(e.To, email, StringComparison.OrdinalIgnoreCase)).ToArray();

    public static async Task<SendGridStandIn> StartAsync()
    {
        var standIn = new SendGridStandIn();
        standIn._server = await LoopbackWebServer.StartAsync(app => app.Run(async context =>
        {
            if (context.Request.Method != "POST" || !(context.Request.Path.Value ?? string.Empty).EndsWith("/v3/mail/send", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404;
                return;
            }

            using var reader = new StreamReader(context.Request.Body);
            var json = await reader.ReadToEndAsync();
            var email = Parse(json, context.Request.Headers.Authorization.ToString());
            var status = standIn._statuses.TryDequeue(out var next) ? next : 202;
            standIn.Attempts.Enqueue((email.To, status));
            if (status is >= 200 and < 300)
            {
                standIn.Accepted.Enqueue(email);
            }

            context.Response.StatusCode = status;
            if (status >= 400)
            {
                await context.Response.WriteAsync("{\"errors\":[{\"message\":\"stand-in refused\"}]}");
            }
        }));
        return standIn;
    }

    private static CapturedEmail Parse(string json, string authorization)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var personalization = root.GetProperty("personalizations")[0];
        var to = personalization.GetProperty("to")[0].GetProperty("email").GetString()!;
        var subject = root.TryGetProperty("subject", out var s) ? s.GetString()! : personalization.GetProperty("subject").GetString()!;
        string text = string.Empty, html = string.Empty;
        foreach (var part in root.GetProperty("content").EnumerateArray())
        {
            var value = part.GetProperty("value").GetString()!;
            if (part.GetProperty("type").GetString() == "text/plain")
            {
                text = value;
            }
            else if (part.GetProperty("type").GetString() == "text/html")
            {
                html = value;
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in new[] { root, personalization })
        {
            if (source.TryGetProperty("headers", out var h))
            {
                foreach (var header in h.EnumerateObject())
                {
                    headers[header.Name] = header.Value.GetString()!;
                }
            }
        }

        return new CapturedEmail(to, subject, text, html, headers, authorization, json);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
