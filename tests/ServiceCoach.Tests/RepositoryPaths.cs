namespace ServiceCoach.Tests;

/// <summary>Paths tests read: the repository (found by ServiceCoach.slnx) and the research data beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples(string name) => Path.Combine(Root, "samples", name);

    public static string DefaultStandard => Path.Combine(Root, "standards", "zh-CN.default.yaml");

    /// <summary>
    /// ../shared/data/real-dialogues/dev.jsonl: real JD.com chats under a research-only licence,
    /// kept OUTSIDE the repository. Tests that use it skip with a message when it is absent.
    /// </summary>
    public static string RealDialogues => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "real-dialogues", "dev.jsonl"));

    /// <summary>labels-dev.jsonl beside <see cref="RealDialogues"/>: careful labels of six behaviours (LABELLING.md).</summary>
    public static string RealDialogueLabels => Path.Combine(Path.GetDirectoryName(RealDialogues)!, "labels-dev.jsonl");

    public static void SkipUnlessRealDialogues()
    {
        Assert.SkipUnless(
            File.Exists(RealDialogues),
            $"The research data set is not on this machine (looked for {RealDialogues}); it is kept outside the repository in shared/data/real-dialogues.");
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceCoach.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository (ServiceCoach.slnx not found above " + AppContext.BaseDirectory + ").");
    }
}
