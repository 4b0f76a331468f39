using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

/// <summary>
/// Runs every case of a <c>servicecoach.gift-cases/1</c> file (Moodle's own GIFT behaviour, written
/// down as neutral JSON) against our importer and exporter, one test case per case id. The file is
/// named by SERVICECOACH_GIFT_CASES, by default the public sample in ../shared/data/gift/. It is GPL
/// test data, so it is read where it lies and never copied into the repository.
/// </summary>
public sealed class GiftConformanceTests
{
    public const string Variable = "SERVICECOACH_GIFT_CASES";
    private const string Missing = "(no case file)";

    public static string CasesPath =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "gift", "sample-cases.json"));

    public static IEnumerable<TheoryDataRow<string>> CaseIds()
    {
        if (!File.Exists(CasesPath))
        {
            yield return new TheoryDataRow<string>(Missing) { TestDisplayName = "gift conformance: " + Missing };
            yield break;
        }

        foreach (var id in Cases.Value.Keys)
        {
            yield return new TheoryDataRow<string>(id) { TestDisplayName = id };
        }
    }

    private static readonly Lazy<Dictionary<string, JsonObject>> Cases = new(() =>
    {
        var root = JsonNode.Parse(File.ReadAllText(CasesPath))!.AsObject();
        return root["cases"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => (string)c["id"]!, StringComparer.Ordinal);
    });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_MatchesMoodle(string id)
    {
        if (id == Missing)
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            Assert.False(ci, $"CI=true but the GIFT case file is missing: {CasesPath} (set {Variable} or provide ../shared/data/gift/sample-cases.json).");
            Assert.Skip($"The GIFT case file is not on this machine (looked for {CasesPath}); set {Variable} to run the Moodle conformance cases.");
        }

        var testCase = Cases.Value[id];
        var kind = (string)testCase["kind"]!;
        var input = testCase["input"]!.AsObject();
        var expected = testCase["expected"];
        var quirk = testCase["quirk"] is JsonValue q && q.GetValueKind() == JsonValueKind.True;

        var (actual, rejected) = kind switch
        {
            "import-question" => ImportQuestion(input),
            "import-file" => ImportFile(input),
            "export-question" => ((JsonNode?)Export(input, expected!.AsObject()), false),
            "comment-metadata" => ((JsonNode?)CommentMetadata(input), false),
            _ => throw new InvalidOperationException($"Unknown case kind '{kind}' in {id}."),
        };

        if (kind == "export-question")
        {
            Assert.Equal(expected!["__compare"]!.GetValue<string>(), actual!.GetValue<string>());
            return;
        }

        var differences = new List<string>();
        JsonComparison.Compare(expected, actual, "$", differences);

        // "quirk": Moodle behaviour a stricter importer may deliberately reject; a rejection is accepted.
        if (quirk && rejected)
        {
            return;
        }

        Assert.True(differences.Count == 0, $"{id} ({kind}) differs from Moodle:\n{string.Join("\n", differences)}\n\nactual:\n{actual?.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}");
    }

    private static (JsonNode? Actual, bool Rejected) ImportQuestion(JsonObject input)
    {
        var text = input["gift"] is { } gift ? gift.GetValue<string>() : Decode((string)input["giftBase64"]!);
        var result = GiftReader.ReadQuestion(text);
        if (result.Errors.Count > 0)
        {
            var errors = new JsonArray();
            foreach (var error in result.Errors)
            {
                errors.Add(ErrorNode(error));
            }

            return (new JsonObject { ["error"] = errors }, true);
        }

        return (result.Question is null ? null : JsonNode.Parse(QuestionJson.Write(result.Question)), false);
    }

    private static (JsonNode? Actual, bool Rejected) ImportFile(JsonObject input)
    {
        var result = input["gift"] is { } gift
            ? GiftReader.ReadFile(Encoding.UTF8.GetBytes(gift.GetValue<string>()))
            : GiftReader.ReadFile(Convert.FromBase64String((string)input["giftBase64"]!));
        return (JsonNode.Parse(QuestionJson.WriteResult(result)), result.FileError is not null || result.Errors.Count > 0);
    }

    private static JsonValue Export(JsonObject input, JsonObject expected)
    {
        var question = QuestionJson.ReadQuestion(JsonDocument.Parse(input["question"]!.ToJsonString()).RootElement);

        // We write Moodle's "// question: ID  name: NAME" header exactly when the question has an id.
        var compare = question.Moodle.Id is null ? expected["giftWithoutHeader"] : expected["gift"];
        expected["__compare"] = compare!.GetValue<string>();
        return JsonValue.Create(GiftWriter.Write(question));
    }

    private static JsonObject CommentMetadata(JsonObject input)
    {
        var (idNumber, tags) = GiftReader.ReadCommentMetadata((string)input["comment"]!);
        return new JsonObject { ["idNumber"] = idNumber, ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]) };
    }

    private static JsonObject ErrorNode(QuestionImportError error) => JsonNode.Parse(Serialize(error))!.AsObject();

    private static string Serialize(QuestionImportError error)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            QuestionJson.WriteError(writer, error);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Raw bytes as Moodle's readquestion() gets them: UTF-8, nothing stripped.</summary>
    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}

/// <summary>
/// Compares expected JSON with ours as the case schema says: every field the expectation has must
/// match (numbers within 1e-9, text exactly, lists in order); a <c>name</c> of null is not asserted;
/// fields only we write (line and column of an error, for example) are not compared.
/// </summary>
internal static class JsonComparison
{
    public static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        if (expected is null)
        {
            if (actual is not null)
            {
                differences.Add($"{path}: expected null, got {actual.ToJsonString()}");
            }

            return;
        }

        if (actual is null)
        {
            differences.Add($"{path}: expected {Short(expected)}, got nothing");
            return;
        }

        switch (expected)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    differences.Add($"{path}: expected an object, got {Short(actual)}");
                    return;
                }

                foreach (var (key, value) in expectedObject)
                {
                    if (key == "name" && value is null)
                    {
                        continue;
                    }

                    if (!actualObject.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: missing (expected {Short(value)})");
                        continue;
                    }

                    Compare(value, actualObject[key], $"{path}.{key}", differences);
                }

                break;

            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    differences.Add($"{path}: expected an array, got {Short(actual)}");
                    return;
                }

                if (expectedArray.Count != actualArray.Count)
                {
                    differences.Add($"{path}: expected {expectedArray.Count} item(s), got {actualArray.Count}");
                }

                for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
                {
                    Compare(expectedArray[i], actualArray[i], $"{path}[{i}]", differences);
                }

                break;

            case JsonValue expectedValue:
                var kind = expectedValue.GetValueKind();
                if (actual is not JsonValue actualValue)
                {
                    differences.Add($"{path}: expected {Short(expected)}, got {Short(actual)}");
                    return;
                }

                if (kind == JsonValueKind.Number && actualValue.GetValueKind() == JsonValueKind.Number)
                {
                    var e = expectedValue.GetValue<double>();
                    var a = actualValue.GetValue<double>();
                    if (Math.Abs(e - a) > 1e-9)
                    {
                        differences.Add($"{path}: expected {e}, got {a}");
                    }
                }
                else if (!JsonNode.DeepEquals(expectedValue, actualValue))
                {
                    differences.Add($"{path}: expected {Short(expected)}, got {Short(actual)}");
                }

                break;
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        return text.Length <= 120 ? text : text[..117] + "...";
    }
}
