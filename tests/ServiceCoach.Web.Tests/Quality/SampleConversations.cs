using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// Copies of the shipped samples (the demo's source) under new ids, so a test knows what the
/// engine will say: s-chat-001 scores 100 (A) and s-chat-030 scores 87.2 (B) failing only
/// jargon-ratio, whose 10 points would make it an A.
/// </summary>
internal static class SampleConversations
{
    private static readonly Lazy<Dictionary<string, JsonObject>> Samples = new(Load);

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One JSON line: sample <paramref name="sampleId"/> as <paramref name="id"/>, with the given agent, day and CSAT.</summary>
    public static string Copy(string sampleId, string id, string? agent = null, DateOnly? day = null, int? csat = null)
    {
        var copy = (JsonObject)Samples.Value[sampleId].DeepClone();
        copy["id"] = id;
        if (agent is not null)
        {
            copy["agentId"] = agent;
        }

        if (day is { } d)
        {
            copy["startTime"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:00:00+08:00";
        }

        if (csat is not null)
        {
            copy["csat"] = csat;
        }

        return copy.ToJsonString(Options);
    }

    public static StringContent NdJson(params string[] lines) => new(string.Join("\n", lines), Encoding.UTF8, "application/x-ndjson");

    private static Dictionary<string, JsonObject> Load()
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream("ServiceCoach.Web.samples.conversations.jsonl")!;
        using var reader = new StreamReader(stream);
        var samples = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (JsonNode.Parse(line) is JsonObject o)
            {
                samples[o["id"]!.GetValue<string>()] = o;
            }
        }

        return samples;
    }
}

/// <summary>Intent helpers for the human-review tests.</summary>
internal static class ReviewTestApp
{
    /// <summary>Imports the lines through the API as a QA inspector and runs the scoring jobs (the review queue fills as they finish).</summary>
    public static async Task ImportAndScoreAsync(this ServiceCoachApp app, params string[] lines)
    {
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var response = await client.PostAsync("/api/v1/conversations", SampleConversations.NdJson(lines), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        await app.RunScoringAsync();
    }

    /// <summary>A fresh conversation id that the demo's random 5 % rule does not pick (its stable bucket is above 50).</summary>
    public static string UnsampledId(string prefix)
    {
        while (true)
        {
            var id = $"{prefix}-{Guid.NewGuid():N}";
            if (Sampling.Bucket(id) >= 50)
            {
                return id;
            }
        }
    }

    public static async Task<ServiceCoachDbContext> DbAsync(this ServiceCoachApp app) =>
        await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
}
