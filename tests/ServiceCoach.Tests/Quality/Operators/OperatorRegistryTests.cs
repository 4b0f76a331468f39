using System.Text;
using System.Text.RegularExpressions;
using ServiceCoach.Quality.Operators;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed partial class OperatorRegistryTests
{
    private static readonly Lazy<string> Docs = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operators.md")));

    [Fact]
    public void Registry_Names_AreUniqueAndFoundByName()
    {
        var names = OperatorRegistry.All.Select(o => o.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(OperatorRegistry.All, o => Assert.Same(o, OperatorRegistry.Find(o.Name)));
    }

    [Fact]
    public void Registry_EveryOperator_HasASummary()
    {
        Assert.All(OperatorRegistry.All, o => Assert.False(string.IsNullOrWhiteSpace(o.Summary), $"'{o.Name}' has no summary."));
    }

    [Fact]
    public void Registry_EveryOperator_IsInTheDocsTableAndHasASection()
    {
        Assert.All(OperatorRegistry.All, o =>
        {
            Assert.Contains($"\n| `{o.Name}` |", Docs.Value, StringComparison.Ordinal);
            Assert.Contains($"\n### `{o.Name}`\n", Docs.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Docs_OnlyDocumentRegisteredOperators()
    {
        var documented = SectionHeading().Matches(Docs.Value).Select(m => m.Groups[1].Value);

        Assert.All(documented, name => Assert.NotNull(OperatorRegistry.Find(name)));
    }

    [Fact]
    public void Docs_EveryConditionExample_Loads()
    {
        var examples = YamlBlock().Matches(Docs.Value).Select(m => m.Groups[1].Value).Where(b => !b.StartsWith("conditions:", StringComparison.Ordinal)).ToList();
        Assert.True(examples.Count >= OperatorRegistry.All.Count, "Every operator section should have a YAML example.");

        Assert.All(examples, example =>
        {
            var result = StandardLoader.Load(StandardAround(example), "operators.md");
            Assert.True(result.Succeeded, example + Environment.NewLine + string.Join(Environment.NewLine, result.Problems));
        });
    }

    /// <summary>A standard that defines every conventional lexicon and flow the examples name.</summary>
    private static string StandardAround(string conditions)
    {
        var yaml = new StringBuilder("""
            id: docs
            version: "1"
            name: 文档示例
            locale: zh-CN
            timing:
              speechRate: {minCharsPerMinute: 180, maxCharsPerMinute: 220}
            lexicons:
              greeting: {phrases: [您好]}
              polite: {phrases: [请, 谢谢]}
              solution: {phrases: [为您办理]}
              hold: {phrases: [请您稍等]}
              jargon: {phrases: [SKU]}
              anger: {phrases: [气死我了]}
              complaint: {phrases: [投诉]}
              thanks: {phrases: [谢谢]}
              disconnect: {phrases: [对方已挂断]}
              apology: {phrases: [抱歉]}
              followup: {phrases: [回访]}
              salutation: {phrases: [您好]}
              closing: {phrases: [再见]}
              emoticon: {phrases: ["[微笑]"]}
              bare-refusal: {phrases: [不行]}
              refusal-alternative: {phrases: [您可以]}
              nudge: {phrases: [在吗]}
            flows:
              lusaf:
                steps:
                  - {id: apologize, lexicons: [apology]}
                  - {id: solve, lexicons: [solution]}
                  - {id: follow-up, lexicons: [followup]}
                  - {id: thank, lexicons: [thanks]}
            conditions:

            """);
        foreach (var line in conditions.Split('\n'))
        {
            yaml.Append("  ").Append(line).Append('\n');
        }

        yaml.Append("""
            scorecard:
              dimensions: [{id: d, weight: 1}]
              grades: [{id: ok, min: 0}]
              checks: [{id: k, dimension: d, points: 1, pass: KEY}]

            """.Replace("KEY", conditions[..conditions.IndexOf(':', StringComparison.Ordinal)], StringComparison.Ordinal));
        return yaml.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServiceCoach.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with ServiceCoach.slnx) was not found above the test binaries.");
    }

    [GeneratedRegex(@"\n### `([A-Za-z]+)`\n")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
