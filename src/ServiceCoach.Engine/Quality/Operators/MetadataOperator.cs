using System.Globalization;
using ServiceCoach.Conversations;
using ServiceCoach.Standards;
using ServiceCoach.Text;

namespace ServiceCoach.Quality.Operators;

internal enum MetadataField
{
    Channel,
    Category,
    Tier,
    Team,
    Agent,
    Csat,
}

/// <summary>
/// A fact recorded with the conversation rather than said in it, mostly for <c>applicable:</c>
/// ("only for VIP customers", "only on the phone") and for CSAT-based checks. Text fields
/// (channel, category, tier, team, agent) hit when the value is one of <c>in</c>, compared the
/// way phrases are (ignoring case, width and script: 退貨 = 退货, ＶＩＰ = vip); <c>csat</c> (1–5)
/// hits when it is within [<c>min</c>, <c>max</c>]. Unknown when the conversation does not record
/// the field (no survey answer, no customer tier…): absence is not a "no". Looks at the
/// conversation whatever the scope.
/// </summary>
internal sealed class MetadataOperator : ICheckOperator
{
    private static readonly Dictionary<string, MetadataField> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["channel"] = MetadataField.Channel,
        ["category"] = MetadataField.Category,
        ["tier"] = MetadataField.Tier,
        ["team"] = MetadataField.Team,
        ["agent"] = MetadataField.Agent,
        ["csat"] = MetadataField.Csat,
    };

    private static readonly string[] ChannelNames = ["chat", "phone", "email"];

    public string Name => "metadata";

    public string Summary => "hits when a conversation field (channel, category, tier, team, agent) is one of 'in', or csat is within 'min'–'max'";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var context = OperatorText.Context(arguments);
        var field = map.Enum("field", Fields, required: true);
        if (field is null)
        {
            // The other keys depend on the field; mark them as known so they are not reported twice.
            _ = map.Has("in") | map.Has("min") | map.Has("max");
            return null;
        }

        if (field == MetadataField.Csat)
        {
            if (map.Has("in"))
            {
                arguments.Problem(map.LocationOf("in"), $"{context}: 'in' applies to text fields; for csat use 'min' and/or 'max' (1 to 5).");
                return null;
            }

            return OperatorText.MinMax(arguments, "min", "max", 1, 5, out var min, out var max)
                ? new Compiled(MetadataField.Csat, [], min, max)
                : null;
        }

        if (map.Has("min") || map.Has("max"))
        {
            arguments.Problem(map.LocationOf(map.Has("min") ? "min" : "max"), $"{context}: 'min' and 'max' apply to csat only; for '{field.Value.ToString().ToLowerInvariant()}' use 'in: [values]'.");
            return null;
        }

        var values = map.StringList("in", required: true);
        if (values is null)
        {
            return null;
        }

        if (field == MetadataField.Channel)
        {
            foreach (var value in values)
            {
                if (!ChannelNames.Contains(value.Value, StringComparer.OrdinalIgnoreCase))
                {
                    arguments.Problem(value.Location, $"{context}: '{value.Value}' is not a channel; expected chat, phone or email.");
                }
            }
        }

        return new Compiled(field.Value, [.. values.Select(v => TextNormalizer.Normalize(v.Value.Trim()))], null, null);
    }

    private static string Label(MetadataField field) => field switch
    {
        MetadataField.Channel => "渠道",
        MetadataField.Category => "咨询类别",
        MetadataField.Tier => "客户等级",
        MetadataField.Team => "班组",
        MetadataField.Agent => "客服工号",
        _ => "满意度评分",
    };

    private sealed class Compiled(MetadataField field, string[] values, int? min, int? max) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var conversation = context.Conversation;
            if (field == MetadataField.Csat)
            {
                if (conversation.Csat is not { } csat)
                {
                    context.AddReason("会话无满意度评分，无法判断 (no CSAT)");
                    return Truth.Unknown;
                }

                context.AddReason($"满意度评分 {csat.ToString(CultureInfo.InvariantCulture)}（范围 {OperatorText.Range(min, max, "")}）");
                return OperatorText.Within(csat, min, max) ? Truth.True : Truth.False;
            }

            var value = field switch
            {
                MetadataField.Channel => conversation.Channel.ToString().ToLowerInvariant(),
                MetadataField.Category => conversation.Category,
                MetadataField.Tier => conversation.Customer?.Tier,
                MetadataField.Team => conversation.Team,
                _ => conversation.AgentId,
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                context.AddReason($"会话未记录{Label(field)}，无法判断 (no {field.ToString().ToLowerInvariant()})");
                return Truth.Unknown;
            }

            var normalized = TextNormalizer.Normalize(value.Trim());
            // No reason on a plain match or miss: "渠道：phone" would only repeat the conversation's own data.
            return Array.Exists(values, v => string.Equals(v, normalized, StringComparison.Ordinal)) ? Truth.True : Truth.False;
        }
    }
}
