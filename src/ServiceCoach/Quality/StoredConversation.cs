using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceCoach.Conversations;

namespace ServiceCoach.Quality;

/// <summary>Maps between the engine's <see cref="Conversation"/> and its stored row.</summary>
internal static class StoredConversation
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ConversationRecord ToRecord(this Conversation conversation, DateTime importedAtUtc, long? importId)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            foreach (var turn in conversation.Turns)
            {
                writer.WriteStartObject();
                writer.WriteString("speaker", turn.Speaker switch { Speaker.Agent => "agent", Speaker.Customer => "customer", _ => "system" });
                writer.WriteString("text", turn.Text);
                if (turn.StartMs is { } start)
                {
                    writer.WriteNumber("start", start);
                }

                if (turn.EndMs is { } end)
                {
                    writer.WriteNumber("end", end);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return new ConversationRecord
        {
            ExternalId = conversation.Id,
            Channel = conversation.Channel,
            AgentCode = conversation.AgentId,
            TeamName = conversation.Team,
            CustomerId = conversation.Customer?.Id,
            CustomerTier = conversation.Customer?.Tier,
            StartTimeUtc = conversation.StartTime?.UtcDateTime,
            Category = conversation.Category,
            Csat = conversation.Csat,
            TurnCount = conversation.Turns.Count,
            DurationMs = conversation.Duration is { } d ? (long)d.TotalMilliseconds : null,
            TurnsJson = Encoding.UTF8.GetString(buffer.WrittenSpan),
            SearchText = ConversationSearch.TextOf(conversation.Turns.Select(t => t.Text)),
            ImportedAtUtc = importedAtUtc,
            ImportId = importId,
        };
    }

    public static Conversation ToConversation(this ConversationRecord record)
    {
        var turns = new List<Turn>(record.TurnCount);
        using (var document = JsonDocument.Parse(record.TurnsJson))
        {
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var speaker = element.GetProperty("speaker").GetString() switch
                {
                    "agent" => Speaker.Agent,
                    "customer" => Speaker.Customer,
                    _ => Speaker.System,
                };
                turns.Add(new Turn(
                    speaker,
                    element.GetProperty("text").GetString() ?? "",
                    element.TryGetProperty("start", out var start) ? start.GetInt64() : null,
                    element.TryGetProperty("end", out var end) ? end.GetInt64() : null));
            }
        }

        return new Conversation
        {
            Id = record.ExternalId,
            Channel = record.Channel,
            AgentId = record.AgentCode,
            Team = record.TeamName,
            Customer = record.CustomerId is null && record.CustomerTier is null ? null : new CustomerInfo(record.CustomerId, record.CustomerTier),
            StartTime = record.StartTimeUtc is { } startTime ? new DateTimeOffset(startTime, TimeSpan.Zero) : null,
            Category = record.Category,
            Csat = record.Csat,
            Turns = turns,
        };
    }
}
