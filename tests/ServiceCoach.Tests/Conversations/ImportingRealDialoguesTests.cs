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
        var path = DevSetPath();
        Assert.SkipUnless(
            File.Exists(path),
            $"The research data set is not on this machine (looked for {path}); it is kept outside the repository in shared/data/real-dialogues.");

        var summary = new ImportSummary();
        var errors = summary.Track(ConversationReader.Read(path)).Where(item => item.IsError).Take(5).ToList();

        Assert.Empty(errors);
        Assert.Equal(300, summary.Imported);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(8006, summary.Turns);
    }

    /// <summary>../shared/data/real-dialogues/dev.jsonl from the folder that holds ServiceCoach.slnx.</summary>
    private static string DevSetPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceCoach.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "real-dialogues", "dev.jsonl"));
    }
}
