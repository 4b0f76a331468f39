using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class MetadataOperatorTests
{
    private static readonly Conversation Call = Conversation(
        Agent("您好，星辰电器客服，工号 1024"),
        Customer("我家空调不制冷了")) with
    {
        Channel = Channel.Phone,
        Category = "售后维修",
        Team = "华东二组",
        AgentId = "A1024",
        Customer = new CustomerInfo("C-88", "VIP"),
        Csat = 5,
    };

    [Fact]
    public void Metadata_ChannelInList_Hits()
    {
        Assert.Equal(CheckOutcome.Pass, Run("metadata: {field: channel, in: [phone, email]}", Call).Outcome);
    }

    [Fact]
    public void Metadata_ChannelNotInList_DoesNotHit()
    {
        var check = Run("metadata: {field: channel, in: [chat]}", Call);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Null(check.Reason); // the conversation's own channel is not news to the reader
    }

    [Fact]
    public void Metadata_TextFields_IgnoreCase()
    {
        Assert.Equal(CheckOutcome.Pass, Run("metadata: {field: tier, in: [vip, svip]}", Call).Outcome);
        Assert.Equal(CheckOutcome.Pass, Run("metadata: {field: agent, in: [a1024]}", Call).Outcome);
        Assert.Equal(CheckOutcome.Pass, Run("metadata: {field: team, in: [华东二组]}", Call).Outcome);
    }

    [Fact]
    public void Metadata_TraditionalCategory_MatchesSimplifiedValue()
    {
        var conversation = Call with { Category = "售後維修" };

        Assert.Equal(CheckOutcome.Pass, Run("metadata: {field: category, in: [售后维修]}", conversation).Outcome);
    }

    [Fact]
    public void Metadata_CsatWithinRange_Hits()
    {
        Assert.Equal(CheckOutcome.Pass, Run("metadata: {field: csat, min: 4}", Call).Outcome);
        var low = Run("metadata: {field: csat, min: 4}", Call with { Csat = 2 });
        Assert.Equal(CheckOutcome.Fail, low.Outcome);
        Assert.Equal("满意度评分 2（范围 ≥ 4）", low.Reason);
    }

    [Fact]
    public void Metadata_NoCsat_IsNa()
    {
        var check = Run("metadata: {field: csat, max: 2}", Call with { Csat = null });

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("会话无满意度评分，无法判断 (no CSAT)", check.Reason);
    }

    [Fact]
    public void Metadata_NoCustomerTier_IsNa()
    {
        var check = Run("metadata: {field: tier, in: [vip]}", Call with { Customer = null });

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("会话未记录客户等级，无法判断 (no tier)", check.Reason);
    }

    [Fact]
    public void Metadata_MissingField_IsAProblem()
    {
        SingleProblemOnOperatorLine("metadata: {in: [vip]}", "needs 'field'");
    }

    [Fact]
    public void Metadata_UnknownField_ListsTheFields()
    {
        SingleProblemOnOperatorLine("metadata: {field: region, in: [华东]}", "'field'", "channel, category, tier, team, agent, csat", "'region'");
    }

    [Fact]
    public void Metadata_UnknownChannel_IsAProblemAtTheValue()
    {
        const string text = "metadata: {field: channel, in: [phone, wechat]}";
        var problem = SingleProblemOnOperatorLine(text, "'wechat' is not a channel; expected chat, phone or email");
        Assert.Equal(ColumnOf(text, "wechat"), problem.Location.Column);
    }

    [Fact]
    public void Metadata_CsatWithIn_IsAProblem()
    {
        SingleProblemOnOperatorLine("metadata: {field: csat, in: [5]}", "'in' applies to text fields; for csat use 'min' and/or 'max'");
    }

    [Fact]
    public void Metadata_TextFieldWithMin_IsAProblem()
    {
        SingleProblemOnOperatorLine("metadata: {field: tier, min: 3}", "'min' and 'max' apply to csat only");
    }

    [Fact]
    public void Metadata_CsatOutOfScale_IsAProblem()
    {
        SingleProblemOnOperatorLine("metadata: {field: csat, min: 6}", "'min'", "between 1 and 5");
    }

    [Fact]
    public void Metadata_TextFieldWithoutIn_IsAProblem()
    {
        SingleProblemOnOperatorLine("metadata: {field: team}", "needs 'in'");
    }
}
