using System.Text.Json;

namespace Monitors.Core.Queues;

/// <summary>JSON of queue messages: camelCase, enums as strings. The Functions app, the local runner and the tests share it.</summary>
public static class MessageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // A message missing a field, or with null where the type says non-null, is malformed, not a default.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static string Serialize<T>(T message) => JsonSerializer.Serialize(message, Options);

    /// <summary>Parses a queue message; a malformed one throws <see cref="InvalidQueueMessageException"/> (it ends in the poison queue).</summary>
    public static T Deserialize<T>(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options) ?? throw new InvalidQueueMessageException($"Queue message is null; expected a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new InvalidQueueMessageException($"Queue message is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}

/// <summary>A queue message that cannot be parsed; retrying will not help.</summary>
public sealed class InvalidQueueMessageException : Exception
{
    public InvalidQueueMessageException(string message) : base(message) { }

    public InvalidQueueMessageException(string message, Exception inner) : base(message, inner) { }
}
