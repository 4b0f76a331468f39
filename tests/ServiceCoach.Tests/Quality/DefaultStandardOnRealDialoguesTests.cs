using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

/// <summary>
/// The shipped standard on real JD.com chats (research data outside the repository; skipped
/// when absent). Cases are named by conversation id only — no text is copied here. Each pins a
/// false positive found while calibrating the lexicons.
/// </summary>
public sealed class DefaultStandardOnRealDialoguesTests
{
    private static readonly Lazy<Dictionary<string, Scorecard>> Cards = new(() =>
    {
        var engine = new QualityEngine(ShippedStandards.Default);
        return ConversationReader.Read(RepositoryPaths.RealDialogues)
            .Select(item => engine.Score(item.Conversation!))
            .ToDictionary(c => c.ConversationId);
    });

    private static CheckOutcome Outcome(string conversation, string check)
    {
        RepositoryPaths.SkipUnlessRealDialogues();
        return Cards.Value[conversation].Check(check)!.Outcome;
    }

    [Fact]
    public void AllConversations_AreScoredAndTimingIsNa()
    {
        RepositoryPaths.SkipUnlessRealDialogues();

        Assert.Equal(300, Cards.Value.Count);
        Assert.All(Cards.Value.Values, c => Assert.Equal(CheckOutcome.Na, c.Check("response-time")!.Outcome));
    }

    [Fact]
    public void TellingTheCustomerTheyCanDownloadTheInvoiceThemselves_IsNotBlame() =>
        Assert.Equal(CheckOutcome.Pass, Outcome("ussjddc-test-211", "negative-phrasing"));

    [Theory]
    [InlineData("ussjddc-test-004")] // describes an odd text message, is not angry
    public void DescriptiveUseOfAnEmotionWord_IsNotDispleasure(string id)
    {
        RepositoryPaths.SkipUnlessRealDialogues();
        Assert.False(Cards.Value[id].HasTag("customer-upset"));
    }

    [Fact]
    public void CalculatingAPriceDifference_IsNotGivingUp() =>
        Assert.Equal(CheckOutcome.Na, Outcome("ussjddc-test-099", "apology"));

    [Fact]
    public void TransferToANamedTeamWithConsent_PassesTransferConsent() =>
        Assert.Equal(CheckOutcome.Pass, Outcome("ussjddc-test-013", "transfer-consent"));

    [Fact]
    public void ANeutralReportThatAParcelLeftDaysAgo_DoesNotMakeAnApologyRequired() =>
        Assert.Equal(CheckOutcome.Na, Outcome("ussjddc-test-055", "apology"));
}
