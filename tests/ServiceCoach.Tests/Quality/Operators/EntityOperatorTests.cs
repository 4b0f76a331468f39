using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class EntityOperatorTests
{
    [Fact]
    public void Entity_OrderNumberAndDateMentioned_AllHits()
    {
        var conversation = Conversation(
            Customer("我的洗衣机什么时候能送到？"),
            Agent("您的订单号是 SO20260302001，预计明天送达"));

        var check = Run("entity: {kinds: [orderNumber, date], mode: all}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(
            [Span(conversation, 1, "订单号是 SO20260302001", note: "订单号"), Span(conversation, 1, "明天", note: "日期")],
            check.Evidence);
    }

    [Fact]
    public void Entity_NoFactsMentioned_DoesNotHit()
    {
        var conversation = Conversation(Agent("请您稍等，我帮您查询一下"));

        var check = Run("entity: {kinds: [orderNumber, phone, date, amount, email]}", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void Entity_ModeAllWithOneKindMissing_DoesNotHitAndSaysWhichIsMissing()
    {
        var conversation = Conversation(Agent("您的订单号是 SO20260302001，预计明天送达"));

        var check = Run("entity: {kinds: [orderNumber, amount], mode: all}", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal("未提及：金额", check.Reason);
    }

    [Fact]
    public void Entity_DesensitisedPlaceholders_Count()
    {
        var conversation = Conversation(Agent("已为您登记[ORDERID_12345]，退款[金额1]将于[日期2]原路退回，回访电话[电话3]"));

        var check = Run("entity: {kinds: [orderNumber, amount, date, phone], mode: all}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(
            [
                Span(conversation, 0, "[ORDERID_12345]", note: "订单号"),
                Span(conversation, 0, "[金额1]", note: "金额"),
                Span(conversation, 0, "[日期2]", note: "日期"),
                Span(conversation, 0, "[电话3]", note: "电话"),
            ],
            check.Evidence);
    }

    [Theory]
    [InlineData("您的手机号是13912345678吗", "13912345678")]
    [InlineData("我们会打您预留的139****5678", "139****5678")]
    [InlineData("您也可以拨打010-62345678", "010-62345678")]
    [InlineData("客服热线400-820-8820全天服务", "400-820-8820")]
    [InlineData("您记一下 139 1234 5678", "139 1234 5678")]
    public void Entity_PhoneForms_Hit(string text, string phone)
    {
        var conversation = Conversation(Agent(text));

        var check = Run("entity: {kinds: [phone]}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([Span(conversation, 0, phone, note: "电话")], check.Evidence);
    }

    [Fact]
    public void Entity_DigitsInsideALongerRun_AreNotAPhone()
    {
        var conversation = Conversation(Agent("物流单号 2013912345678901"));

        var phone = Run("entity: {kinds: [phone]}", conversation);
        var order = Run("entity: {kinds: [orderNumber]}", conversation);

        Assert.Equal(CheckOutcome.Fail, phone.Outcome);
        Assert.Equal(CheckOutcome.Pass, order.Outcome);
    }

    [Fact]
    public void Entity_BareMobileNumber_IsNotAnOrderNumber()
    {
        var conversation = Conversation(Agent("好的，13912345678 这个号码对吗"));

        var check = Run("entity: {kinds: [orderNumber]}", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Theory]
    [InlineData("退款 ¥12.5 已原路返回", "¥12.5")]
    [InlineData("这单一共 299元", "299元")]
    [InlineData("给您补偿五十元优惠券", "五十元")]
    [InlineData("差价是 20 块钱", "20 块")]
    public void Entity_Amounts_Hit(string text, string amount)
    {
        var conversation = Conversation(Agent(text));

        var check = Run("entity: {kinds: [amount]}", conversation);

        Assert.Equal([Span(conversation, 0, amount, note: "金额")], check.Evidence);
    }

    [Theory]
    [InlineData("预约2026-03-02上门", "2026-03-02")]
    [InlineData("预约2026/3/2上门", "2026/3/2")]
    [InlineData("师傅3月2号上门", "3月2号")]
    [InlineData("师傅下周一上门", "下周一")]
    [InlineData("师傅后天上门", "后天")]
    public void Entity_Dates_Hit(string text, string date)
    {
        var conversation = Conversation(Agent(text));

        var check = Run("entity: {kinds: [date]}", conversation);

        Assert.Equal([Span(conversation, 0, date, note: "日期")], check.Evidence);
    }

    [Fact]
    public void Entity_Email_Hits()
    {
        var conversation = Conversation(Agent("电子发票会发到 Zhang.Wei@example.com.cn，请注意查收"));

        var check = Run("entity: {kinds: [email]}", conversation);

        Assert.Equal([Span(conversation, 0, "Zhang.Wei@example.com.cn", note: "邮箱")], check.Evidence);
    }

    [Fact]
    public void Entity_TraditionalAndFullWidthText_EvidencePointsIntoTheOriginal()
    {
        var conversation = Conversation(Agent("您的訂單號是 SO20260302001，回訪電話１３９１２３４５６７８"));

        var check = Run("entity: {kinds: [orderNumber, phone], mode: all}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(
            [new EvidenceSpan(0, 2, 18, "訂單號是 SO20260302001", null, "订单号"), new EvidenceSpan(0, 25, 11, "１３９１２３４５６７８", null, "电话")],
            check.Evidence);
    }

    [Fact]
    public void Entity_MissingKinds_IsAProblem()
    {
        SingleProblemOnOperatorLine("entity: {mode: all}", "needs 'kinds'");
    }

    [Fact]
    public void Entity_UnknownKind_IsAProblemAtTheItem()
    {
        const string text = "entity: {kinds: [phone, adress]}";
        var problem = SingleProblemOnOperatorLine(text, "'adress' is not a valid item of 'kinds'", "orderNumber, phone, date, amount, email");
        Assert.Equal(ColumnOf(text, "adress"), problem.Location.Column);
    }

    [Fact]
    public void Entity_KindsNotAList_IsAProblem()
    {
        SingleProblemOnOperatorLine("entity: {kinds: {phone: true}}", "'kinds'", "must be a list", "a mapping");
    }

    [Fact]
    public void Entity_UnknownMode_IsAProblem()
    {
        SingleProblemOnOperatorLine("entity: {kinds: [phone], mode: most}", "'mode'", "any, all", "'most'");
    }
}
