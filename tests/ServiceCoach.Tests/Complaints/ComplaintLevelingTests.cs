using ServiceCoach.Complaints;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Complaints;

public sealed class ComplaintLevelingTests
{
    private static ComplaintStandard Shipped => ShippedStandards.Default.Definition.Complaints!;

    private static LevelDecision Level(string text, string? tier = "P3", int customers = 1, string category = "after-sales-repair") =>
        ComplaintLeveling.Compute(Shipped, new ComplaintFacts(category, text, tier, "chat", customers));

    [Fact]
    public void Compute_PlainComplaint_IsNormalWithNoReason()
    {
        var decision = Level("洗衣机脱水时声音很大，想找人来修一下");

        Assert.Equal("normal", decision.Level.Id);
        Assert.Empty(decision.Reasons);
    }

    [Theory]
    [InlineData("再不处理我就找律师起诉你们", "major", "legal")]
    [InlineData("我已经打了12315", "major", "legal")]
    [InlineData("我要发微博曝光你们", "major", "media")]
    [InlineData("我要找記者，讓媒體曝光", "major", "media")]
    [InlineData("充电时冒烟了，差点起火", "crisis", "safety")]
    [InlineData("叫你们领导来，我要求升级", "urgent", "ask-for-manager")]
    public void Compute_Keywords_RaiseTheLevel(string text, string level, string rule)
    {
        var decision = Level(text);

        Assert.Equal(level, decision.Level.Id);
        Assert.Contains(decision.Reasons, r => r.RuleId == rule);
    }

    [Fact]
    public void Compute_KeyAccount_IsAtLeastUrgent()
    {
        Assert.Equal("urgent", Level("发票开错了", tier: "P1").Level.Id);
        Assert.Equal("major", Level("发票开错了，我要找律师", tier: "P1").Level.Id);
    }

    [Theory]
    [InlineData(1, "normal")]
    [InlineData(4, "normal")]
    [InlineData(5, "urgent")]
    [InlineData(50, "urgent")]
    [InlineData(51, "crisis")]
    public void Compute_DistinctCustomers_EscalateByCount(int customers, string level)
    {
        var decision = Level("升级后扫地机器人无法回充", customers: customers);

        Assert.Equal(level, decision.Level.Id);
        Assert.Equal(customers >= 5, decision.Reasons.Any(r => r.RuleId == "customers"));
    }

    [Theory]
    [InlineData(3, 4, null)]
    [InlineData(4, 5, "urgent")]
    [InlineData(5, 6, null)]
    [InlineData(49, 50, null)]
    [InlineData(50, 51, "crisis")]
    [InlineData(51, 52, null)]
    [InlineData(4, 60, "crisis")]
    public void NewlyReached_OnlyWhenAThresholdIsCrossed(int before, int after, string? level)
    {
        Assert.Equal(level, ComplaintGrouping.NewlyReached(Shipped.Escalation, before, after)?.LevelId);
    }

    [Fact]
    public void DistinctCustomers_CountsEachCustomerOnce()
    {
        Assert.Equal(2, ComplaintGrouping.DistinctCustomers(["c-1", "c-2", "c-1", " c-2 ", "", null]));
    }
}

public sealed class ComplaintGroupingTests
{
    private static readonly EscalationStandard Escalation = ShippedStandards.Default.Definition.Complaints!.Escalation;
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void FindGroup_SimilarDescriptionSameCategory_JoinsTheGroup()
    {
        GroupCandidate[] candidates =
        [
            new(1, "tech-support", "扫地机器人固件升级后无法回充，一直在原地转圈", [], Now.AddHours(-2)),
            new(2, "tech-support", "App 登录时提示密码错误，但密码是对的", [], Now.AddHours(-1)),
        ];

        var match = ComplaintGrouping.FindGroup(Escalation, new GroupingSignature("tech-support", "机器人升级固件以后找不到充电座，无法回充", []), candidates, Now);

        Assert.Equal(1, match?.GroupId);
    }

    [Fact]
    public void FindGroup_OtherCategory_StartsANewGroup()
    {
        GroupCandidate[] candidates = [new(1, "billing", "扫地机器人固件升级后无法回充", [], Now)];

        Assert.Null(ComplaintGrouping.FindGroup(Escalation, new GroupingSignature("tech-support", "扫地机器人固件升级后无法回充", []), candidates, Now));
    }

    [Fact]
    public void FindGroup_GroupQuietLongerThanTheWindow_IsNotJoined()
    {
        GroupCandidate[] candidates = [new(1, "tech-support", "扫地机器人固件升级后无法回充", [], Now.AddSeconds(-Escalation.WindowSeconds - 1))];

        Assert.Null(ComplaintGrouping.FindGroup(Escalation, new GroupingSignature("tech-support", "扫地机器人固件升级后无法回充", []), candidates, Now));
    }

    [Fact]
    public void FindGroup_DifferentWordsSameTags_JoinsThroughTheTags()
    {
        GroupCandidate[] candidates = [new(7, "tech-support", "回不去底座了", ["回充故障", "固件3.2"], Now)];
        var complaint = new GroupingSignature("tech-support", "机器一直转圈", ["回充故障", "固件3.2"]);

        Assert.Null(ComplaintGrouping.FindGroup(Escalation, complaint with { Tags = [] }, candidates, Now));
        Assert.Equal(7, ComplaintGrouping.FindGroup(Escalation, complaint, candidates, Now)?.GroupId);
    }

    [Fact]
    public void Similarity_PunctuationAndScriptDoNotMatter()
    {
        var a = ComplaintGrouping.Similarity("退款一直沒有到賬！！", [], "退款一直没有到账", []);

        Assert.Equal(1.0, a, 3);
    }
}
