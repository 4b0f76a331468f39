using System.Net;
using System.Text;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Standards;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// Mutated conversation files and standards sent through the API, on both databases: every answer
/// is a success or a client error in problem details, never a 500 — whatever a database refuses
/// (lengths, characters) must have been refused by the importer first. The engine-level fuzzing of
/// the same loaders runs many more inputs (FuzzingTheLoadersTests); this checks the server around them.
/// </summary>
public sealed class FuzzingTheUploadsTests
{
    private const int Inputs = 20;

    private const string Structural = "[]{}:,-\"'#&*!|>%@`\n\r\t \\\u0000\uFEFF好";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task MutatedConversationFilesAndStandards_NeverGet500(DatabaseProvider provider)
    {
        await using var app = await ServiceCoachApp.StartAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var conversations = await SampleFileAsync();
        var standard = ShippedStandards.DefaultYaml;

        for (var seed = 1; seed <= Inputs; seed++)
        {
            var file = Mutate(conversations, seed);
            var imported = await qa.PostAsync("/api/v1/conversations", new StringContent(file, Encoding.UTF8, "application/x-ndjson"), Cancel);
            await AssertNotAServerErrorAsync(imported, $"conversations, seed {seed}");

            var yaml = Mutate(standard, seed);
            var uploaded = await admin.PostAsync("/api/v1/standards", StandardFiles.Yaml(yaml), Cancel);
            await AssertNotAServerErrorAsync(uploaded, $"standard, seed {seed}");
        }
    }

    private static async Task AssertNotAServerErrorAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode} {body[..Math.Min(400, body.Length)]}");
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static async Task<string> SampleFileAsync()
    {
        await using var stream = typeof(Program).Assembly.GetManifestResourceStream("ServiceCoach.Web.samples.conversations.jsonl")!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Cancel);
    }

    /// <summary>1–8 random edits of the seed text: delete a span, repeat a span, insert structural characters, or cut it short.</summary>
    private static string Mutate(string text, int seed)
    {
        var random = new Random(seed);
        var result = new StringBuilder(text);
        var edits = random.Next(1, 9);
        for (var e = 0; e < edits && result.Length > 0; e++)
        {
            var at = random.Next(result.Length);
            var length = Math.Min(random.Next(1, 65), result.Length - at);
            switch (random.Next(4))
            {
                case 0:
                    result.Remove(at, length);
                    break;
                case 1:
                    result.Insert(at, result.ToString(at, length), random.Next(1, 5));
                    break;
                case 2:
                    result.Insert(at, new string(Structural[random.Next(Structural.Length)], random.Next(1, 41)));
                    break;
                default:
                    result.Length = at;
                    break;
            }
        }

        return result.ToString();
    }
}
