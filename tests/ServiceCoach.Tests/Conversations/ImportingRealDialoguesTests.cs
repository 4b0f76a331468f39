using ServiceCoach.Conversations;

namespace ServiceCoach.Tests.Conversations;

/// <summary>
/// Imports the real customer-service chats kept beside the repository (shared/data/real-dialogues).
/// That data is for research only: it is read here at run time and never copied into the repository,
/// and the test is skipped where the file is not present.
/// </summary>
public sealed class ImportingRealDialoguesTests
{
    [Fact]
    public void DevSet_ImportsEveryConversationAndTurn()
    {
        RepositoryPaths.SkipUnlessRealDialogues();
        var path = RepositoryPaths.RealDialogues;

        var summary = new ImportSummary();
        var errors = summary.Track(ConversationReader.Read(path)).Where(item => item.IsError).Take(5).ToList();

        Assert.Empty(errors);
        Assert.Equal(300, summary.Imported);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(8006, summary.Turns);
    }
}
