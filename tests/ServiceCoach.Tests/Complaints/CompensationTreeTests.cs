using ServiceCoach.Complaints;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Complaints;

public sealed class CompensationTreeTests
{
    private static ComplaintStandard Shipped => ShippedStandards.Default.Definition.Complaints!;

    private static CompensationDecision Decide(string level, string tier, decimal loss, FaultSide fault, bool repeat, Authority owner) =>
        Shipped.Compensation.Evaluate(new CompensationInput(level, tier, loss, fault, repeat), owner, Shipped);

    [Fact]
    public void Evaluate_OrdinaryLoss_OffersAgentOptionsWithAmountsAndThePath()
    {
        var decision = Decide("normal", "P3", 800, FaultSide.Company, repeat: false, Authority.Agent);

        Assert.False(decision.NeedsApproval);
        Assert.Equal(["按损失 30% 补偿（最高 200 元）", "补偿 50 元代金券", "免费补发或维修"], decision.Options.Select(o => o.Name));
        Assert.Equal([200m, 50m, null], decision.Options.Select(o => o.Amount));
        Assert.All(decision.Options, o => Assert.True(o.WithinAuthority));
        Assert.Equal(["重大、危机投诉", "客户自身原因", "责任待查", "损失较大（≥ 1000 元）", "重复投诉", ""], decision.Path.Select(p => p.Label));
        Assert.Equal([false, false, false, false, false, true], decision.Path.Select(p => p.Matched));
        Assert.Equal("否则", decision.Path[^1].Condition);
    }

    [Fact]
    public void Evaluate_PercentBelowTheCap_IsThePercent()
    {
        var decision = Decide("normal", "P3", 300, FaultSide.Company, repeat: false, Authority.Agent);

        Assert.Equal(90m, decision.Options[0].Amount);
    }

    [Fact]
    public void Evaluate_LargeLossOfAKeyAccount_NeedsASupervisor()
    {
        var decision = Decide("urgent", "P1", 5000, FaultSide.Company, repeat: false, Authority.Agent);

        Assert.True(decision.NeedsApproval);
        Assert.Equal(Authority.Supervisor, decision.Approver);
        Assert.Equal(5000m, decision.Options[0].Amount);
        Assert.Equal(["重大、危机投诉", "客户自身原因", "责任待查", "损失较大（≥ 1000 元）", "P1 大客户"], decision.Path.Select(p => p.Label));
        Assert.Equal(1, decision.Path[^1].Depth);
    }

    [Fact]
    public void Evaluate_SameCaseForASupervisor_IsWithinAuthority()
    {
        var decision = Decide("urgent", "P1", 5000, FaultSide.Company, repeat: false, Authority.Supervisor);

        Assert.False(decision.NeedsApproval);
        Assert.All(decision.Options, o => Assert.True(o.WithinAuthority));
    }

    [Fact]
    public void Evaluate_MajorComplaint_EscalatesToTheManagerWhateverTheLoss()
    {
        var decision = Decide("major", "P3", 10, FaultSide.Company, repeat: false, Authority.Supervisor);

        Assert.True(decision.NeedsApproval);
        Assert.Equal(Authority.Manager, decision.Approver);
        Assert.Single(decision.Path);
        Assert.Contains("重大", decision.Path[0].Condition);
    }

    [Fact]
    public void Evaluate_RepeatComplaint_MixesOptionsWithinAndAboveAuthority()
    {
        var decision = Decide("normal", "P2", 800, FaultSide.ThirdParty, repeat: true, Authority.Agent);

        Assert.False(decision.NeedsApproval);
        Assert.Equal([false, true], decision.Options.Select(o => o.WithinAuthority));
        Assert.Equal(500m, decision.Options[0].Amount);
    }

    [Fact]
    public void Evaluate_CustomersOwnFault_ExplainsAndSoothes()
    {
        var decision = Decide("normal", "P3", 3000, FaultSide.Customer, repeat: false, Authority.Agent);

        Assert.Equal("解释说明并提供使用指导", decision.Options[0].Name);
        Assert.NotNull(decision.Note);
    }
}

public sealed class ReturnsPolicyTests
{
    private static ReturnsStandard Returns => ShippedStandards.Default.Definition.Complaints!.Returns;

    [Theory]
    [InlineData("electronics", ReturnReason.NoReason, 7, PackagingState.OpenedIntact, true, ShippingPayer.Customer)]
    [InlineData("electronics", ReturnReason.NoReason, 8, PackagingState.Unopened, false, null)]
    [InlineData("electronics", ReturnReason.NoReason, 3, PackagingState.Damaged, false, null)]
    [InlineData("cosmetics", ReturnReason.NoReason, 3, PackagingState.OpenedIntact, false, null)]
    [InlineData("cosmetics", ReturnReason.NoReason, 3, PackagingState.Unopened, true, ShippingPayer.Customer)]
    [InlineData("fresh-food", ReturnReason.NoReason, 0, PackagingState.Unopened, false, null)]
    [InlineData("fresh-food", ReturnReason.QualityDefect, 2, PackagingState.Damaged, true, ShippingPayer.Company)]
    [InlineData("custom-made", ReturnReason.WrongItem, 5, PackagingState.OpenedIntact, true, ShippingPayer.Company)]
    public void Decide_ByCategoryRules(string category, ReturnReason reason, int days, PackagingState packaging, bool allowed, ShippingPayer? payer)
    {
        var decision = ReturnsPolicy.Decide(Returns, new ReturnRequest(category, ReturnKind.Return, reason, days, packaging));

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(payer, decision.ShippingPaidBy);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Decide_DefectPastTheReturnWindow_OffersAnExchange()
    {
        var decision = ReturnsPolicy.Decide(Returns, new ReturnRequest("appliance", ReturnKind.Return, ReturnReason.QualityDefect, 12, PackagingState.OpenedIntact));

        Assert.True(decision.Allowed);
        Assert.Equal(ReturnKind.Exchange, decision.Kind);
        Assert.Contains("换货", decision.Reason);
    }

    [Fact]
    public void Decide_DefectPastBothWindows_GoesToRepair()
    {
        var decision = ReturnsPolicy.Decide(Returns, new ReturnRequest("appliance", ReturnKind.Exchange, ReturnReason.QualityDefect, 16, PackagingState.OpenedIntact));

        Assert.False(decision.Allowed);
        Assert.Contains("维修", decision.Reason);
    }
}

public sealed class CrisisTemplateCheckerTests
{
    private static readonly CrisisTemplateStandard Template = ShippedStandards.Default.Definition.Complaints!.CrisisTemplate;

    [Fact]
    public void Check_ThirtyFiftyTwenty_IsBalanced()
    {
        var check = CrisisTemplateChecker.Check(Template, new Dictionary<string, string>
        {
            ["apology"] = new string('歉', 30),
            ["solution"] = new string('方', 50),
            ["commitment"] = new string('诺', 20),
        });

        Assert.True(check.Balanced);
        Assert.Equal([30m, 50m, 20m], check.Sections.Select(s => s.ActualPercent));
        Assert.Empty(check.Messages);
    }

    [Fact]
    public void Check_ApologyTooLong_SaysWhichSectionAndWhichWay()
    {
        var check = CrisisTemplateChecker.Check(Template, new Dictionary<string, string>
        {
            ["apology"] = new string('歉', 60),
            ["solution"] = new string('方', 30),
            ["commitment"] = new string('诺', 10),
        });

        Assert.False(check.Balanced);
        Assert.Equal([false, false, true], check.Sections.Select(s => s.InBalance));
        Assert.Contains(check.Messages, m => m.Contains("「道歉」占 60%", StringComparison.Ordinal) && m.Contains("偏多", StringComparison.Ordinal));
        Assert.Contains(check.Messages, m => m.Contains("「解决方案」占 30%", StringComparison.Ordinal) && m.Contains("偏少", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_PunctuationAndSpacesDoNotCount()
    {
        var check = CrisisTemplateChecker.Check(Template, new Dictionary<string, string>
        {
            ["apology"] = new string('歉', 30) + "！！！   。。。",
            ["solution"] = new string('方', 50),
            ["commitment"] = new string('诺', 20),
        });

        Assert.Equal(100, check.TotalCharacters);
        Assert.True(check.Balanced);
    }

    [Fact]
    public void Check_WithTheStandard_FlagsAnApologyThatDoesNotApologise()
    {
        var texts = new Dictionary<string, string>
        {
            ["apology"] = "关于近期部分用户遇到的扫地机器人回充问题情况说明如下",
            ["solution"] = "我们已经定位到固件问题，为您提供以下解决方案：今晚推送修复版本，无法升级的用户可以预约上门检修，或者免费更换充电座，维修期间提供备用机",
            ["commitment"] = "我们承诺三天内全部处理完毕",
        };

        var check = CrisisTemplateChecker.Check(Template, texts, ShippedStandards.Default);

        Assert.Equal(false, check.Sections[0].HasExpectedPhrase);
        Assert.Contains(check.Messages, m => m.Contains("「道歉」部分没有出现", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_Empty_SaysSo()
    {
        var check = CrisisTemplateChecker.Check(Template, new Dictionary<string, string>());

        Assert.False(check.Balanced);
        Assert.Contains("空", check.Messages[0]);
    }
}
