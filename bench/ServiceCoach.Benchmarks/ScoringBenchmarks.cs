using System.Buffers;
using BenchmarkDotNet.Attributes;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Benchmarks;

/// <summary>Scoring one generated conversation (about 40 turns) with the default standard, and writing its JSON.</summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private QualityEngine _engine = null!;
    private Conversation _conversation = null!;
    private Scorecard _scorecard = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);

    [GlobalSetup]
    public void Setup()
    {
        _engine = new QualityEngine(ShippedStandards.Default);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", ConversationGenerator.JsonLines(1, seed: 42))));
        _conversation = ConversationReader.Read(stream, "one.jsonl").Single().Conversation!;
        _scorecard = _engine.Score(_conversation);
    }

    [Benchmark(Description = "QualityEngine.Score (one conversation)")]
    public Scorecard Score() => _engine.Score(_conversation);

    [Benchmark(Description = "ScorecardJson.Write (one scorecard)")]
    public int Serialise()
    {
        _buffer.ResetWrittenCount();
        ScorecardJson.Write(_buffer, _scorecard);
        return _buffer.WrittenCount;
    }
}
