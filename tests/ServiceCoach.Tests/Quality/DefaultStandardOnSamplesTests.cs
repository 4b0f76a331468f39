using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

/// <summary>
/// The shipped standard against the shipped samples, whose intended defects are documented in
/// samples/README.md. Each row pins what a supervisor reading the transcript would conclude, so
/// a lexicon edit that breaks a judgement fails here.
/// </summary>
public sealed class DefaultStandardOnSamplesTests
{
    private static readonly Lazy<Dictionary<string, Scorecard>> Cards = new(() =>
    {
        var engine = new QualityEngine(ShippedStandards.Default);
        return ConversationReader.Read(RepositoryPaths.Samples("conversations.jsonl"))
            .Select(item => engine.Score(item.Conversation!))
            .ToDictionary(c => c.ConversationId);
    });

    private static CheckOutcome Outcome(string conversation, string check) => Cards.Value[conversation].Check(check)!.Outcome;

    [Theory]
    [InlineData("s-chat-011")]
    [InlineData("s-chat-014")]
    [InlineData("s-chat-025")]
    [InlineData("s-phone-005")]
    [InlineData("s-phone-009")]
    public void ComplaintHandledWithFullLusaf_PassesTheComplaintFlow(string id) =>
        Assert.Equal(CheckOutcome.Pass, Outcome(id, "complaint-flow"));

    [Theory]
    [InlineData("s-chat-012")] // apology and empathy only
    [InlineData("s-chat-022")] // no restatement, vague time frame
    [InlineData("s-chat-027")] // no time frame, no follow-up
    [InlineData("s-phone-017")] // no follow-up
    [InlineData("s-chat-013")]
    [InlineData("s-chat-026")]
    [InlineData("s-phone-007")]
    [InlineData("s-phone-014")]
    public void ComplaintHandledPartlyOrBadly_FailsTheComplaintFlow(string id) =>
        Assert.Equal(CheckOutcome.Fail, Outcome(id, "complaint-flow"));

    [Theory]
    [InlineData("s-chat-017")]
    [InlineData("s-phone-011")]
    public void FullNumberInAgentText_IsFatal(string id)
    {
        Assert.Equal(CheckOutcome.Fail, Outcome(id, "privacy"));
        Assert.True(Cards.Value[id].Fatal);
        Assert.Equal(0m, Cards.Value[id].Score);
    }

    [Theory]
    [InlineData("s-chat-002")] // the customer types a full number, the agent masks it
    [InlineData("s-chat-009")]
    [InlineData("s-phone-010")]
    public void MaskedNumbersOrCustomerTypedNumbers_AreNotAPrivacyLeak(string id) =>
        Assert.Equal(CheckOutcome.Pass, Outcome(id, "privacy"));

    [Theory]
    [InlineData("s-chat-005")]
    [InlineData("s-chat-018")]
    [InlineData("s-chat-026")]
    [InlineData("s-chat-030")]
    [InlineData("s-phone-003")]
    [InlineData("s-phone-015")]
    public void AgentSpeakingInInternalTerms_FailsJargonRatio(string id) =>
        Assert.Equal(CheckOutcome.Fail, Outcome(id, "jargon-ratio"));

    [Theory]
    [InlineData("s-chat-003")]
    [InlineData("s-chat-004")]
    [InlineData("s-chat-023")]
    [InlineData("s-chat-027")]
    public void SlowChatReplies_FailResponseTimes(string id)
    {
        Assert.Equal(CheckOutcome.Fail, Outcome(id, "first-response-time"));
        Assert.Equal(CheckOutcome.Fail, Outcome(id, "response-time"));
    }

    [Theory]
    [InlineData("s-chat-015")]
    [InlineData("s-chat-024")]
    [InlineData("s-chat-029")]
    [InlineData("s-phone-016")]
    public void NoTimestamps_TimingChecksAreNaNeverAGuess(string id)
    {
        Assert.Equal(CheckOutcome.Na, Outcome(id, "first-response-time"));
        Assert.Equal(CheckOutcome.Na, Outcome(id, "response-time"));
        Assert.Equal(CheckOutcome.Na, Outcome(id, "hold-etiquette"));
    }

    [Theory]
    [InlineData("s-phone-003")]
    [InlineData("s-phone-004")]
    [InlineData("s-phone-010")]
    [InlineData("s-phone-015")]
    public void SpeakingTooFastOrTooSlowly_FailsSpeechRate(string id) =>
        Assert.Equal(CheckOutcome.Fail, Outcome(id, "speech-rate"));

    [Theory]
    [InlineData("s-phone-002")]
    [InlineData("s-phone-007")]
    [InlineData("s-phone-014")]
    public void AgentCuttingIn_FailsInterruption(string id) =>
        Assert.Equal(CheckOutcome.Fail, Outcome(id, "interruption"));

    [Fact]
    public void CustomerCuttingIn_IsNotTheAgentsInterruption() =>
        Assert.Equal(CheckOutcome.Pass, Outcome("s-phone-005", "interruption"));

    [Theory]
    [InlineData("s-chat-006")]
    [InlineData("s-chat-007")]
    [InlineData("s-chat-013")]
    [InlineData("s-chat-021")]
    [InlineData("s-chat-026")]
    [InlineData("s-phone-002")]
    [InlineData("s-phone-007")]
    [InlineData("s-phone-013")]
    [InlineData("s-phone-014")]
    public void ForbiddenNegativeOrBlamingPhrasing_FailsAndSuggestsARewrite(string id)
    {
        var check = Cards.Value[id].Check("negative-phrasing")!;
        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.NotNull(check.Suggestion);
        Assert.Contains("→", check.Suggestion);
    }

    [Theory]
    [InlineData("s-chat-001")] // the customer writes "不知道"
    [InlineData("s-phone-005")] // the customer says "你们必须…"
    [InlineData("s-phone-008")] // the customer says "應該"
    public void CustomerSideWords_AreNotTheAgentsPhrasing(string id) =>
        Assert.Equal(CheckOutcome.Pass, Outcome(id, "negative-phrasing"));

    [Fact]
    public void UnannouncedPhoneHold_FailsHoldEtiquette_AnnouncedOneDoesNot()
    {
        Assert.Equal(CheckOutcome.Fail, Outcome("s-phone-002", "hold-etiquette"));
        Assert.Equal(CheckOutcome.Pass, Outcome("s-phone-001", "hold-etiquette"));
        Assert.Equal(CheckOutcome.Pass, Outcome("s-phone-001", "hold-return"));
        Assert.Equal(CheckOutcome.Pass, Outcome("s-phone-001", "response-time"));
    }

    [Theory]
    [InlineData("s-chat-006")]
    [InlineData("s-chat-010")]
    [InlineData("s-phone-013")]
    public void NoGreeting_FailsGreeting(string id) => Assert.Equal(CheckOutcome.Fail, Outcome(id, "greeting"));

    [Fact]
    public void UnansweredLastQuestion_IsAnAbnormalEnding() =>
        Assert.Equal(CheckOutcome.Fail, Outcome("s-chat-004", "abnormal-ending"));

    [Theory]
    [InlineData("s-chat-001")]
    [InlineData("s-chat-008")]
    [InlineData("s-phone-008")]
    public void ModelConversations_ScoreFull(string id)
    {
        Assert.Equal(100m, Cards.Value[id].Score);
        Assert.Equal("A", Cards.Value[id].Grade);
    }

    [Fact]
    public void TheBadAgents_RankBelowTheGoodOnes()
    {
        var bad = new[] { "s-chat-006", "s-chat-007", "s-chat-013", "s-chat-026", "s-phone-007", "s-phone-014" };
        var good = new[] { "s-chat-001", "s-chat-011", "s-chat-014", "s-phone-001", "s-phone-005", "s-phone-009" };

        Assert.True(bad.Max(id => Cards.Value[id].Score) < good.Min(id => Cards.Value[id].Score));
        Assert.All(bad, id => Assert.Equal("D", Cards.Value[id].Grade));
    }
}
