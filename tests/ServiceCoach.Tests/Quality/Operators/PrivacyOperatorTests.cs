using CsCheck;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Operators;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class PrivacyOperatorTests
{
    [Fact]
    public void Privacy_FullMobileNumber_HitsWithAMaskedSuggestion()
    {
        var conversation = Conversation(Agent("好的，已记录您的手机号13912345678，稍后短信通知您"));

        var check = Run("privacy", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([Span(conversation, 0, "13912345678", "请脱敏显示，如 139****5678", "未脱敏的手机号")], check.Evidence);
        Assert.Equal("出现未脱敏的手机号", check.Reason);
    }

    [Theory]
    [InlineData("已记录您的手机号139****5678")]
    [InlineData("尾号5678的手机号已经绑定")]
    [InlineData("您的身份证号110105********002X已核验")]
    [InlineData("银行卡6222 **** **** 7894已绑定")]
    public void Privacy_MaskedNumbers_DoNotHit(string text)
    {
        Assert.Equal(CheckOutcome.Fail, Run("privacy", Conversation(Agent(text))).Outcome);
    }

    [Fact]
    public void Privacy_DigitsInsideALongerRun_DoNotHit()
    {
        var conversation = Conversation(Agent("您的物流单号是201391234567890，请注意查收"));

        Assert.Equal(CheckOutcome.Fail, Run("privacy", conversation).Outcome);
    }

    [Fact]
    public void Privacy_IdNumberWithValidCheckCharacter_Hits()
    {
        var conversation = Conversation(Agent("跟您核对一下，身份证号11010519491231002X对吗"));

        var check = Run("privacy", conversation);

        Assert.Equal([Span(conversation, 0, "11010519491231002X", "请脱敏显示，如 110105********002X", "未脱敏的身份证号")], check.Evidence);
    }

    [Fact]
    public void Privacy_EighteenDigitsWithWrongCheckCharacter_DoNotHit()
    {
        // 440304199003071230: the MOD 11-2 check character would be X, and it fails Luhn as well.
        var conversation = Conversation(Agent("工单号440304199003071230已提交"));

        Assert.Equal(CheckOutcome.Fail, Run("privacy", conversation).Outcome);
    }

    [Theory]
    [InlineData("退款会退到您尾号的卡 6222021234567894 上", "6222021234567894", "6222 **** **** 7894")]
    [InlineData("您绑定的卡是 6222 0212 3456 7894 对吧", "6222 0212 3456 7894", "6222 **** **** 7894")]
    [InlineData("卡号6228-4800-1234-5678-903没问题", "6228-4800-1234-5678-903", "6228 **** **** 8903")]
    public void Privacy_BankCardPassingLuhn_Hits(string text, string number, string masked)
    {
        var conversation = Conversation(Agent(text));

        var check = Run("privacy", conversation);

        Assert.Equal([Span(conversation, 0, number, $"请脱敏显示，如 {masked}", "未脱敏的银行卡号")], check.Evidence);
    }

    [Fact]
    public void Privacy_SixteenDigitsFailingLuhn_DoNotHit()
    {
        Assert.Equal(CheckOutcome.Fail, Run("privacy", Conversation(Agent("卡号6222021234567895"))).Outcome);
    }

    [Fact]
    public void Privacy_Kinds_LimitWhatIsReported()
    {
        var conversation = Conversation(Agent("身份证号11010519491231002X，手机13912345678"));

        var check = Run("privacy: {kinds: [idCard]}", conversation);

        Assert.Equal(["11010519491231002X"], check.Evidence.Select(e => e.Text));
    }

    [Fact]
    public void Privacy_OutsideScope_DoesNotCount()
    {
        var conversation = Conversation(
            Customer("我的手机号是13912345678"),
            Agent("好的，已为您登记"));

        Assert.Equal(CheckOutcome.Fail, Run("privacy", conversation, role: "agent").Outcome);
    }

    [Fact]
    public void Privacy_TraditionalAndFullWidthText_EvidencePointsIntoTheOriginal()
    {
        var conversation = Conversation(Agent("已記錄您的手機號１３９１２３４５６７８，身份證號11010519491231002x"));

        var check = Run("privacy", conversation);

        Assert.Equal(
            [
                new EvidenceSpan(0, 8, 11, "１３９１２３４５６７８", "请脱敏显示，如 139****5678", "未脱敏的手机号"),
                new EvidenceSpan(0, 24, 18, "11010519491231002x", "请脱敏显示，如 110105********002X", "未脱敏的身份证号"),
            ],
            check.Evidence);
    }

    [Fact]
    public void IsValidIdNumber_AgreesWithTheIterativeMod112Definition()
    {
        Gen.Char['0', '9'].Array[17].Where(d => d[0] != '0').Select(Gen.Char["0123456789X"]).Sample((digits, check) =>
        {
            var id = new string(digits) + check;
            return PrivacyOperator.IsValidIdNumber(id) == (check == ReferenceCheckCharacter(digits));
        });
    }

    [Fact]
    public void PassesLuhn_AgreesWithTheDigitSumDefinition()
    {
        Gen.Char['0', '9'].Array[16, 19].Sample(digits => PrivacyOperator.PassesLuhn(digits) == ReferenceLuhn(new string(digits)));
    }

    [Fact]
    public void Privacy_UnknownKind_IsAProblemAtTheItem()
    {
        const string text = "privacy: {kinds: [phone, passport]}";
        var problem = SingleProblemOnOperatorLine(text, "'passport' is not a valid item of 'kinds'", "phone, idCard, bankCard");
        Assert.Equal(ColumnOf(text, "passport"), problem.Location.Column);
    }

    [Fact]
    public void Privacy_EmptyKinds_IsAProblem()
    {
        SingleProblemOnOperatorLine("privacy: {kinds: []}", "'kinds'", "must not be an empty list");
    }

    /// <summary>ISO 7064 MOD 11-2 the way the standard writes it: p = (p + d) × 2 mod 11, then (12 − p) mod 11.</summary>
    private static char ReferenceCheckCharacter(char[] digits)
    {
        var p = 0;
        foreach (var d in digits)
        {
            p = (p + (d - '0')) * 2 % 11;
        }

        var value = (12 - p) % 11;
        return value == 10 ? 'X' : (char)('0' + value);
    }

    /// <summary>Luhn as usually taught: the digits of every doubled digit are summed.</summary>
    private static bool ReferenceLuhn(string number)
    {
        var total = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var d = number[number.Length - 1 - i] - '0';
            var value = i % 2 == 1 ? d * 2 : d;
            total += value / 10 + value % 10;
        }

        return total % 10 == 0;
    }
}
