using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServiceCoach.Conversations;

/// <summary>
/// Writes a conversation as one record of the ServiceCoach JSON Lines format (docs/formats.md#json-lines),
/// so it can be imported or scored like any other conversation (practice transcripts, exports).
/// Offsets are written as <c>start</c>/<c>end</c> milliseconds.
/// </summary>
public static class ConversationJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(Conversation conversation)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, conversation);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(conversation);
        writer.WriteStartObject();
        writer.WriteString("id", conversation.Id);
        writer.WriteString("channel", conversation.Channel switch
        {
            Channel.Phone => "phone",
            Channel.Email => "email",
            _ => "chat",
        });
        WriteOptional(writer, "agentId", conversation.AgentId);
        WriteOptional(writer, "team", conversation.Team);
        if (conversation.Customer is { } customer && (customer.Id is not null || customer.Tier is not null))
        {
            writer.WriteStartObject("customer");
            WriteOptional(writer, "id", customer.Id);
            WriteOptional(writer, "tier", customer.Tier);
            writer.WriteEndObject();
        }

        if (conversation.StartTime is { } start)
        {
            writer.WriteString("startTime", start.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        }

        WriteOptional(writer, "category", conversation.Category);
        if (conversation.Csat is { } csat)
        {
            writer.WriteNumber("csat", csat);
        }

        writer.WriteStartArray("turns");
        foreach (var turn in conversation.Turns)
        {
            writer.WriteStartObject();
            writer.WriteString("speaker", turn.Speaker switch
            {
                Speaker.Agent => "agent",
                Speaker.Customer => "customer",
                _ => "system",
            });
            writer.WriteString("text", turn.Text);
            if (turn.StartMs is { } s)
            {
                writer.WriteNumber("start", s);
            }

            if (turn.EndMs is { } e)
            {
                writer.WriteNumber("end", e);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
