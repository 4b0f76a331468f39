using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServiceCoach.Benchmarks;

/// <summary>
/// Generates realistic customer-service conversations deterministically (a seed gives the same
/// bytes on every machine): chat and phone, 20–60 turns, timestamps, a fifth of them in
/// traditional script. Like a real centre, most agents are good (70 %: scripted opening and
/// closing, prompt replies), some mediocre (20 %) and a few bad (10 %: forbidden phrasing,
/// jargon, slow replies). Utterances are our own, in the style of real chats.
/// </summary>
public static class ConversationGenerator
{
    private static readonly string[] Openings =
    [
        "您好，星河电器客服，工号1021，很高兴为您服务，请问有什么可以帮您？", "您好，请问有什么可以帮您的吗？", "在的呢亲，请问有什么问题我可以帮您处理？",
        "您好，星河电器售后，请问是咨询之前的问题还是有新的问题呢？", "订单号。",
    ];

    private static readonly string[] GoodAgentLines =
    [
        "请您提供一下订单号，我帮您查询一下", "好的，请您稍等，正在为您查询", "我查到了，您的订单预计明天下午送达", "您是说收到的商品外包装有破损，对吗？",
        "非常抱歉给您带来不便，我理解您现在的心情", "我帮您申请补发，24小时内给您答复", "退款会在1-7个工作日原路退回到您的支付账户",
        "您可以在我的订单里点击申请售后，选择退货", "这边已经为您备注了，请您保持电话畅通", "嗯，我明白了，我马上为您处理", "明天下午我会回电跟进处理结果",
        "是的，电子发票在订单完成后可以下载", "您的手机号138****5678，我们会短信通知您", "不好意思让您久等了",
    ];

    private static readonly string[] AgentLines =
    [
        "请您提供一下订单号，我帮您查询一下", "好的，请您稍等，正在为您查询", "我查到了，您的订单预计明天下午送达", "您是说收到的商品外包装有破损，对吗？",
        "非常抱歉给您带来不便，我理解您现在的心情", "我帮您申请补发，24小时内给您答复", "这个需要您先在APP里提交售后申请，然后等待审核",
        "退款会在1-7个工作日原路退回到您的支付账户", "您可以在我的订单里点击申请售后，选择退货", "快递员电话我已经帮您催促了，今天会联系您",
        "这边已经为您备注了，请您保持电话畅通", "您必须先把商品寄回来才能退款", "这个我们这边没办法修改的", "我已经说过了，需要等审核",
        "这个SKU的工单已经流转到二级网点，RMA审核通过后会安排逆向物流", "系统显示已经妥投，您再找找", "是的，电子发票在订单完成后可以下载",
        "嗯，我明白了，我马上为您处理", "明天下午我会回电跟进处理结果", "您的手机号138****5678，我们会短信通知您",
        "好的亲，还有其他可以帮到您的吗？", "感谢您对星河电器的支持，祝您生活愉快，再见！", "不好意思让您久等了", "这个问题需要技术专员处理，我帮您转接过去，您看可以吗？",
    ];

    /// <summary>Calm lines first; the last eight (complaints, impatience) only come from customers of weaker agents.</summary>
    private static readonly string[] CustomerLines =
    [
        "你好", "在吗", "我的订单怎么还没到", "订单号 XH20260418116542", "买的洗衣机一直显示没发货", "好的", "嗯", "可以",
        "快递说放驿站了但我没找到", "我想开个发票", "抬头是公司的", "好的谢谢", "没有了", "掰掰", "空调漏水了，师傅什么时候能来",
        "怎么回事", "太过分了，我要投诉", "你们这是什么破服务", "都等了好几天了", "那运费谁出？", "能不能快点", "我不太明白你说的意思", "？？",
    ];

    public static IEnumerable<string> JsonLines(int count, int seed = 20261123)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var buffer = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            buffer.SetLength(0);
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                WriteConversation(writer, random, i, start.AddMinutes(i * 3));
            }

            yield return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    public static string WriteFile(int count, string? path = null, int seed = 20261123)
    {
        path ??= Path.Combine(Path.GetTempPath(), $"servicecoach-generated-{count}-{seed}.jsonl");
        if (!File.Exists(path))
        {
            File.WriteAllLines(path, JsonLines(count, seed));
        }

        return path;
    }

    private static void WriteConversation(Utf8JsonWriter writer, Random random, int index, DateTimeOffset startTime)
    {
        var phone = random.Next(3) == 0;
        var traditional = random.Next(5) == 0;
        writer.WriteStartObject();
        writer.WriteString("id", $"gen-{index:D7}");
        writer.WriteString("channel", phone ? "phone" : "chat");
        writer.WriteString("agentId", $"a-{100 + random.Next(40)}");
        writer.WriteString("team", random.Next(2) == 0 ? "售后一组" : "售后二组");
        writer.WriteStartObject("customer");
        writer.WriteString("id", $"u-{random.Next(100_000)}");
        writer.WriteString("tier", random.Next(3) switch { 0 => "P1", 1 => "P2", _ => "P3" });
        writer.WriteEndObject();
        writer.WriteString("startTime", startTime);
        writer.WriteString("category", random.Next(5) switch { 0 => "投诉", 1 => "物流查询", 2 => "退换货", 3 => "发票", _ => "产品咨询" });
        if (random.Next(4) != 0)
        {
            writer.WriteNumber("csat", 1 + random.Next(5));
        }

        writer.WriteStartArray("turns");
        var quality = random.Next(10); // 0–6 good, 7–8 mediocre, 9 bad
        var good = quality < 7;
        var turns = 20 + random.Next(41);
        long clock = 0;
        for (var t = 0; t < turns; t++)
        {
            var agent = t == 1 || (t > 1 && random.Next(2) == 0);
            var last = t == turns - 1;
            string text;
            if (!agent)
            {
                text = CustomerLines[random.Next(good ? CustomerLines.Length - 8 : CustomerLines.Length)];
            }
            else if (t == 1)
            {
                text = good ? Openings[random.Next(2)] : Openings[random.Next(Openings.Length)];
            }
            else if (last || (t == turns - 2 && good))
            {
                text = good ? "好的亲，还有其他可以帮到您的吗？感谢您对星河电器的支持，祝您生活愉快，再见！" : AgentLines[random.Next(AgentLines.Length)];
            }
            else
            {
                text = good ? GoodAgentLines[random.Next(GoodAgentLines.Length)] : AgentLines[random.Next(AgentLines.Length)];

                // Real replies carry details (order tails, dates), so the same sentence rarely repeats verbatim.
                if (random.Next(2) == 0)
                {
                    text += $"（单号尾号{random.Next(1000, 10000)}，{3 + random.Next(3)}月{1 + random.Next(28)}日）";
                }
            }

            if (traditional)
            {
                text = Traditional(text);
            }

            clock += agent ? 2_000 + random.Next(good ? 15_000 : quality < 9 ? 30_000 : 90_000) : 1_000 + random.Next(15_000);
            var duration = phone ? text.Length * (good ? 245 + random.Next(30) : 180 + random.Next(160)) : 0;
            writer.WriteStartObject();
            writer.WriteString("speaker", agent ? "agent" : "customer");
            writer.WriteString("text", text);
            writer.WriteNumber("start", clock);
            writer.WriteNumber("end", clock + duration);
            writer.WriteEndObject();
            clock += duration;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A handful of common simplified→traditional replacements, enough to exercise normalisation.</summary>
    private static string Traditional(string text)
    {
        var builder = new StringBuilder(text);
        foreach (var (s, t) in Pairs)
        {
            builder.Replace(s, t);
        }

        return builder.ToString();
    }

    private static readonly (char, char)[] Pairs =
    [
        ('务', '務'), ('问', '問'), ('单', '單'), ('号', '號'), ('帮', '幫'), ('查', '查'), ('询', '詢'), ('请', '請'), ('谢', '謝'),
        ('货', '貨'), ('发', '發'), ('这', '這'), ('们', '們'), ('么', '麼'), ('说', '說'), ('过', '過'), ('为', '為'), ('处', '處'),
        ('理', '理'), ('电', '電'), ('话', '話'), ('联', '聯'), ('系', '係'), ('预', '預'), ('计', '計'), ('达', '達'), ('给', '給'),
    ];
}
