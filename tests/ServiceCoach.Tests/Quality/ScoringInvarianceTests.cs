using CsCheck;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using ServiceCoach.Text;

namespace ServiceCoach.Tests.Quality;

/// <summary>Properties of the default standard: scores do not depend on the script or on the thread count.</summary>
public sealed class ScoringInvarianceTests
{
    private static readonly QualityEngine Engine = new(ShippedStandards.Default);

    /// <summary>Utterances in simplified script that touch many lexicons of the default standard.</summary>
    private static readonly string[] AgentLines =
    [
        "您好，星河电器客服，工号1021，很高兴为您服务", "非常抱歉给您带来不便", "我理解您现在的心情", "您必须先登录",
        "这不归我们管", "请稍等，我帮您查询一下", "您是说订单还没发货对吗", "为您申请补发，24小时内给您答复",
        "明天下午我会回电跟进", "请问还有其他可以帮您的吗", "感谢您的来电，祝您生活愉快，再见", "这个SKU的工单已经流转到二级网点",
        "您的手机号13912345678已登记", "好的，我明白了", "我已经说过了", "不知道，您看看物流",
    ];

    private static readonly string[] CustomerLines =
    [
        "你好，我的洗衣机坏了", "太过分了，我要投诉", "订单号是多少来着", "好的谢谢", "怎么还没到", "气死我了", "可以", "掰掰",
    ];

    private static Gen<Conversation> Conversations(bool timed) =>
        Gen.Select(Gen.Int[2, 24], Gen.Int[0, int.MaxValue]).Select((count, seed) =>
        {
            var random = new Random(seed);
            var turns = new List<Turn>();
            long clock = 0;
            for (var i = 0; i < count; i++)
            {
                var agent = random.Next(2) == 0;
                var text = agent ? AgentLines[random.Next(AgentLines.Length)] : CustomerLines[random.Next(CustomerLines.Length)];
                clock += random.Next(1_000, 60_000);
                turns.Add(timed
                    ? new Turn(agent ? Speaker.Agent : Speaker.Customer, text, clock, clock + text.Length * 250)
                    : new Turn(agent ? Speaker.Agent : Speaker.Customer, text));
                clock += text.Length * 250;
            }

            return new Conversation { Id = $"p-{seed}", Channel = random.Next(2) == 0 ? Channel.Chat : Channel.Phone, Turns = turns };
        });

    [Fact]
    public void Score_TraditionalScript_GivesTheSameScorecardAsSimplified()
    {
        Gen.Select(Conversations(timed: true), Gen.Bool).Sample((conversation, _) =>
        {
            var traditional = conversation with { Turns = [.. conversation.Turns.Select(t => t with { Text = ToTraditional(t.Text) })] };

            var simplifiedCard = Engine.Score(conversation);
            var traditionalCard = Engine.Score(traditional);

            Assert.Equal(simplifiedCard.Score, traditionalCard.Score);
            Assert.Equal(
                simplifiedCard.Checks.Select(c => (c.Id, c.Outcome, string.Join(",", c.Evidence.Select(e => (e.Turn, e.Start, e.Length))))),
                traditionalCard.Checks.Select(c => (c.Id, c.Outcome, string.Join(",", c.Evidence.Select(e => (e.Turn, e.Start, e.Length))))));

            // Evidence quotes the traditional ORIGINAL, not the normalised text.
            foreach (var check in traditionalCard.Checks)
            {
                foreach (var evidence in check.Evidence)
                {
                    Assert.Equal(traditional.Turns[evidence.Turn].Text.Substring(evidence.Start, evidence.Length), evidence.Text);
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Score_SameConversationTwice_GivesTheSameBytes()
    {
        Conversations(timed: false).Sample(conversation =>
            Assert.Equal(ScorecardJson.ToJson(Engine.Score(conversation)), ScorecardJson.ToJson(Engine.Score(conversation))), iter: 100);
    }

    /// <summary>Simplified → traditional for the characters these lines use, inverted from the ICU table.</summary>
    private static string ToTraditional(string text)
    {
        var map = TraditionalFor.Value;
        return string.Concat(text.Select(c => map.TryGetValue(c, out var t) ? t : c));
    }

    private static readonly Lazy<Dictionary<char, char>> TraditionalFor = new(() =>
    {
        var result = new Dictionary<char, char>();
        foreach (var line in AgentLines.Concat(CustomerLines))
        {
            foreach (var c in line)
            {
                result.TryAdd(c, c);
            }
        }

        // Invert the table for the characters used: find a traditional character that maps to each one.
        for (var t = (char)0x3400; t < 0xFB00; t++)
        {
            var simplified = TextNormalizer.ToSimplified(t.ToString())[0];
            if (simplified != t && result.TryGetValue(simplified, out var current) && current == simplified)
            {
                result[simplified] = t;
            }
        }

        return result;
    });
}
