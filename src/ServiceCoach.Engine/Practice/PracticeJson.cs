using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceCoach.Conversations;
using ServiceCoach.Quality.Reports;

namespace ServiceCoach.Practice;

/// <summary>
/// The JSON form of a practice result (the output of <c>servicecoach practice … --format json</c>;
/// schema in docs/scenarios.md#the-result-as-json). Field order is fixed.
/// </summary>
public static class PracticeJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static string ToJson(PracticeResult result, CompiledScenario scenario, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            Write(writer, result, scenario);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, PracticeResult result, CompiledScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scenario);
        writer.WriteStartObject();
        writer.WriteStartObject("scenario");
        writer.WriteString("id", result.ScenarioId);
        writer.WriteNumber("version", result.ScenarioVersion);
        writer.WriteString("title", scenario.Definition.Title);
        writer.WriteString("category", scenario.Definition.Category);
        writer.WriteNumber("difficulty", scenario.Definition.Difficulty);
        writer.WriteEndObject();
        writer.WriteNumber("seed", result.Seed);
        writer.WriteString("outcome", PracticeOutcomes.Name(result.Outcome));
        writer.WriteNumber("score", result.Score);
        writer.WriteStartObject("parts");
        writer.WriteNumber("quality", result.Parts.Quality);
        writer.WriteNumber("rubric", result.Parts.Rubric);
        writer.WriteNumber("outcome", result.Parts.Outcome);
        if (result.Parts.Calm is { } calm)
        {
            writer.WriteNumber("calm", calm);
        }
        else
        {
            writer.WriteNull("calm");
        }

        writer.WriteEndObject();
        writer.WriteStartArray("emotion");
        foreach (var point in result.Emotion)
        {
            writer.WriteNumberValue(point);
        }

        writer.WriteEndArray();
        if (result.CommunicationEffect is { } effect)
        {
            writer.WriteNumber("communicationEffect", effect);
        }
        else
        {
            writer.WriteNull("communicationEffect");
        }

        writer.WriteStartArray("transcript");
        foreach (var turn in result.Transcript.Turns)
        {
            writer.WriteStartObject();
            writer.WriteString("speaker", turn.Speaker == Speaker.Agent ? "agent" : turn.Speaker == Speaker.Customer ? "customer" : "system");
            writer.WriteString("text", turn.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("replies");
        foreach (var reply in result.Replies)
        {
            writer.WriteStartObject();
            writer.WriteNumber("reply", reply.Reply);
            writer.WriteString("text", reply.Text);
            writer.WriteStartArray("signals");
            foreach (var signal in reply.Signals)
            {
                writer.WriteStringValue(signal);
            }

            writer.WriteEndArray();
            WriteNullable(writer, "emotionBefore", reply.EmotionBefore);
            WriteNullable(writer, "emotionAfter", reply.EmotionAfter);
            writer.WriteStartArray("effects");
            foreach (var e in reply.Effects)
            {
                writer.WriteStartObject();
                writer.WriteString("signal", e.Signal);
                writer.WriteNumber("change", e.Change);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("needs");
        foreach (var need in result.Needs)
        {
            writer.WriteStartObject();
            writer.WriteString("id", need.Id);
            writer.WriteString("name", need.Name);
            writer.WriteBoolean("met", need.Met);
            WriteNullable(writer, "reply", need.Reply + 1);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rubric");
        foreach (var item in result.Rubric)
        {
            writer.WriteStartObject();
            writer.WriteString("id", item.Id);
            writer.WriteString("name", item.Name);
            writer.WriteNumber("points", item.Points);
            writer.WriteBoolean("passed", item.Passed);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("feedback");
        WriteItems(writer, "wentWell", result.Feedback.WentWell);
        WriteItems(writer, "toChange", result.Feedback.ToChange);
        writer.WriteEndObject();
        writer.WritePropertyName("scorecard");
        ScorecardJson.Write(writer, result.Scorecard);
        writer.WritePropertyName("conversation");
        ConversationJson.Write(writer, result.Transcript);
        writer.WriteEndObject();
    }

    private static void WriteItems(Utf8JsonWriter writer, string name, IReadOnlyList<FeedbackItem> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writer.WriteString("title", item.Title);
            if (item.Detail is not null)
            {
                writer.WriteString("detail", item.Detail);
            }

            if (item.Reply is { } reply)
            {
                writer.WriteNumber("reply", reply);
            }

            if (item.Quote is not null)
            {
                writer.WriteString("quote", item.Quote);
            }

            if (item.Model is not null)
            {
                writer.WriteString("model", item.Model);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
