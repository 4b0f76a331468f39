using System.Buffers;
using System.Globalization;
using System.Text;
using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Reports;

public enum ReportFormat
{
    Text,
    Json,
    Markdown,
    Html,
}

/// <summary>
/// A report written while scorecards stream in: one section per conversation as it arrives,
/// then the summary over all input. Nothing is buffered per conversation, so a report over a
/// million conversations needs no more memory than one over ten.
/// </summary>
public abstract class QualityReport(TextWriter output, CompiledStandard standard)
{
    protected TextWriter Output { get; } = output ?? throw new ArgumentNullException(nameof(output));

    protected CompiledStandard Standard { get; } = standard ?? throw new ArgumentNullException(nameof(standard));

    public static QualityReport Create(ReportFormat format, TextWriter output, CompiledStandard standard) => format switch
    {
        ReportFormat.Json => new JsonLinesReport(output, standard),
        ReportFormat.Markdown => new MarkdownReport(output, standard),
        ReportFormat.Html => new HtmlReport(output, standard),
        _ => new TextReport(output, standard),
    };

    /// <summary>True when the report only needs each scorecard's JSON, which workers can then pre-serialise in parallel.</summary>
    public virtual bool WantsPreformattedJson => false;

    public virtual void Begin()
    {
    }

    public abstract void WriteConversation(Conversation conversation, Scorecard scorecard);

    /// <summary>Writes a record the scorer pre-serialised (JSON Lines fast path); other formats ignore it.</summary>
    public virtual void WritePreformatted(Conversation conversation, Scorecard scorecard, ReadOnlySpan<byte> utf8Json) =>
        WriteConversation(conversation, scorecard);

    public abstract void Finish(QualitySummary summary, IReadOnlyList<string> rejected);

    protected static string Number(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    protected static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Turn numbers for people are 1-based; JSON keeps the 0-based index.</summary>
    protected static int HumanTurn(int turn) => turn + 1;

    protected static string SeverityLabel(Severity severity) => severity switch
    {
        Severity.Major => "重",
        Severity.Moderate => "中",
        _ => "轻",
    };

    protected static string ChannelLabel(Channel channel) => channel switch
    {
        Channel.Phone => "电话 phone",
        Channel.Email => "邮件 email",
        _ => "在线 chat",
    };

    protected static string SpeakerLabel(Speaker speaker) => speaker switch
    {
        Speaker.Agent => "客服",
        Speaker.Customer => "客户",
        _ => "系统",
    };

    protected static string Describe(Conversation conversation)
    {
        var parts = new List<string> { ChannelLabel(conversation.Channel) };
        if (conversation.AgentId is not null)
        {
            parts.Add("客服 " + conversation.AgentId);
        }

        if (conversation.Category is not null)
        {
            parts.Add(conversation.Category);
        }

        if (conversation.StartTime is { } start)
        {
            parts.Add(start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        return string.Join(" · ", parts);
    }
}

/// <summary>JSON Lines: one scorecard per line, nothing else (machines read this).</summary>
internal sealed class JsonLinesReport(TextWriter output, CompiledStandard standard) : QualityReport(output, standard)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public override bool WantsPreformattedJson => true;

    public override void WriteConversation(Conversation conversation, Scorecard scorecard)
    {
        _buffer.ResetWrittenCount();
        ScorecardJson.Write(_buffer, scorecard);
        WritePreformatted(conversation, scorecard, _buffer.WrittenSpan);
    }

    public override void WritePreformatted(Conversation conversation, Scorecard scorecard, ReadOnlySpan<byte> utf8Json)
    {
        Span<char> chars = utf8Json.Length <= 8192 ? stackalloc char[utf8Json.Length] : new char[utf8Json.Length];
        var count = Encoding.UTF8.GetChars(utf8Json, chars);
        Output.Write(chars[..count]);
        Output.Write('\n');
    }

    public override void Finish(QualitySummary summary, IReadOnlyList<string> rejected)
    {
    }
}
