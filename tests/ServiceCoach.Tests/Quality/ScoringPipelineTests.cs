using System.Text;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

public sealed class ScoringPipelineTests
{
    private static readonly QualityEngine Engine = new(ShippedStandards.Default);

    private static string Line(string id, string text = "您好，请问有什么可以帮您？") =>
        $$"""{"id":"{{id}}","channel":"chat","turns":[{"speaker":"customer","text":"在吗"},{"speaker":"agent","text":"{{text}}"}]}""";

    private static List<(string Id, bool Rejected, string Json)> Run(string jsonl, int threads, int batchSize)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl));
        var pipeline = new ScoringPipeline(Engine, threads, serializeJson: true);
        var results = new List<(string, bool, string)>();
        foreach (var batch in pipeline.Run(ImportBatch.Read(stream, "input.jsonl", batchSize)))
        {
            for (var i = 0; i < batch.Items.Length; i++)
            {
                var (item, card) = batch.Items[i];
                results.Add((item.IsError ? item.Error.RecordId ?? "" : item.Conversation.Id, card is null, Encoding.UTF8.GetString(batch.JsonOf(i))));
            }
        }

        return results;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_YieldsRecordsInInputOrderWhateverTheThreadCount(int threads)
    {
        var input = string.Join("\n", Enumerable.Range(0, 200).Select(i => Line($"c-{i:D3}")));

        var results = Run(input, threads, batchSize: 7);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"c-{i:D3}"), results.Select(r => r.Id));
        Assert.All(results, r => Assert.StartsWith($"{{\"conversationId\":\"{r.Id}\"", r.Json));
        Assert.All(results, r => Assert.EndsWith("\n", r.Json));
    }

    [Fact]
    public void Run_DuplicateIdInALaterBatch_RejectsTheLaterOneOnly()
    {
        var input = string.Join("\n", Line("a"), Line("b"), Line("c"), Line("a"), Line("d"));

        var results = Run(input, threads: 2, batchSize: 2);

        Assert.Equal([("a", false), ("b", false), ("c", false), ("a", true), ("d", false)], results.Select(r => (r.Id, r.Rejected)));
        Assert.Equal("", results[3].Json);
    }

    [Fact]
    public void Run_BadLine_IsRejectedWithItsLineAndTheRestIsScored()
    {
        var input = string.Join("\n", Line("a"), "{\"id\": \"b\", \"turns\": [}", "", Line("c"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));

        var items = new ScoringPipeline(Engine, 2, serializeJson: false).Run(ImportBatch.Read(stream, "x.jsonl", 1))
            .SelectMany(b => b.Items.ToArray()).ToList();

        Assert.Equal(3, items.Count);
        Assert.Equal(2, items[1].Item.Error!.Line);
        Assert.NotNull(items[2].Scorecard);
    }

    [Fact]
    public void Read_CsvSource_IsParsedByItsImporterIntoBatches()
    {
        using var stream = File.OpenRead(RepositoryPaths.Samples("conversations.csv"));

        var batches = ImportBatch.Read(stream, "conversations.csv", batchSize: 2).ToList();

        Assert.Equal([2, 1], batches.Select(b => b.Count));
        Assert.Equal("s-csv-003", batches[1].Parse(0).Conversation!.Id);
    }

    [Fact]
    public void Read_UnrecognisableContent_IsOneError()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("just some text\nwithout structure\n"));

        var batch = Assert.Single(ImportBatch.Read(stream, "notes.txt"));

        Assert.Contains("cannot tell the format", batch.Parse(0).Error!.Message);
    }

    [Fact]
    public void Run_EveryThreadCount_GivesIdenticalBytesOnTheSamples()
    {
        var input = File.ReadAllText(RepositoryPaths.Samples("conversations.jsonl"));

        var one = string.Concat(Run(input, 1, 5).Select(r => r.Json));

        Assert.Equal(one, string.Concat(Run(input, 2, 5).Select(r => r.Json)));
        Assert.Equal(one, string.Concat(Run(input, 4, 3).Select(r => r.Json)));
    }

    [Fact]
    public void Run_JsonOfEachRecord_IsItsScorecardOnItsOwn()
    {
        // Workers reuse one JSON writer per thread across scorecards and batches; each line must
        // still be exactly the scorecard's JSON written alone.
        string[] replies = ["您好，请问有什么可以帮您？", "不知道，你自己去查", "抱歉让您久等了，我马上为您处理", "好的"];
        var lines = Enumerable.Range(0, 40).Select(i => Line($"c-{i:D2}", replies[i % replies.Length])).ToList();

        var results = Run(string.Join("\n", lines), threads: 2, batchSize: 3);

        for (var i = 0; i < lines.Count; i++)
        {
            var conversation = ConversationReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(lines[i])), "one.jsonl").Single().Conversation!;
            Assert.Equal(ScorecardJson.ToJson(Engine.Score(conversation)) + "\n", results[i].Json);
        }
    }
}
