using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Monitors.Web;

namespace Monitors.Testing;

/// <summary>
/// A loopback Kestrel listener (port 0) speaking the OpenAI chat-completions protocol, standing in for an Azure OpenAI
/// deployment: it answers every request with <see cref="Completion"/> (or an error when <see cref="Status"/> is not 200)
/// and keeps each request's body and credentials.
/// </summary>
internal sealed class ChatCompletionsStandIn : IAsyncDisposable
{
    private LoopbackWebServer _server = null!;

    /// <summary>The <c>…/v1/</c> base address to configure as the endpoint.</summary>
    public Uri BaseAddress => new(_server.BaseUrl, "v1/");

    /// <summary>What the model "writes".</summary>
    public string Completion { get; set; } = string.Empty;

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public ConcurrentQueue<ChatRequest> Requests { get; } = new();

    public static async Task<ChatCompletionsStandIn> StartAsync(string completion, HttpStatusCode status = HttpStatusCode.OK)
    {
        var standIn = new ChatCompletionsStandIn { Completion = completion, Status = status };
        standIn._server = await LoopbackWebServer.StartAsync(app => app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            standIn.Requests.Enqueue(new ChatRequest(
                await reader.ReadToEndAsync(),
                context.Request.Headers["api-key"].FirstOrDefault(),
                context.Request.Headers.Authorization.FirstOrDefault()));
            context.Response.StatusCode = (int)standIn.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(standIn.Status == HttpStatusCode.OK
                ? JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-test",
                    @object = "chat.completion",
                    created = 1_767_225_600,
                    model = "summaries",
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = standIn.Completion }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 40, completion_tokens = 20, total_tokens = 60 },
                })
                : """{"error":{"message":"boom","type":"server_error"}}""");
        }));
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}

/// <summary>One request the stand-in received: the JSON body, the <c>api-key</c> header and the <c>Authorization</c> header.</summary>
internal sealed record ChatRequest(string Body, string? ApiKey, string? Authorization);
