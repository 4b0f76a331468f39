using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Standards;

public sealed class StandardTextTests
{
    private static readonly Dictionary<string, string> ThreeLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zh-CN"] = "首句问候",
        ["en"] = "Greeting first",
        ["zh-TW"] = "首句問候",
    };

    [Theory]
    [InlineData("zh-CN", "首句问候")]
    [InlineData("en", "Greeting first")]
    [InlineData("en-GB", "Greeting first")]
    [InlineData("zh-Hant", "首句問候")]
    [InlineData("zh-HK", "首句問候")]
    [InlineData("zh-SG", "首句问候")]
    [InlineData("fr", "默认")]
    public void In_PicksTheSameTag_ThenLanguageAndScript_ThenLanguage_ThenTheDefault(string reader, string expected) =>
        Assert.Equal(expected, StandardText.In("默认", ThreeLanguages, reader));

    [Fact]
    public void In_ATraditionalReader_WithOnlySimplifiedChinese_GetsTheSimplified() =>
        Assert.Equal("首句问候", StandardText.In("Greeting first", new Dictionary<string, string> { ["en"] = "Greeting first", ["zh-CN"] = "首句问候" }, "zh-Hant"));

    [Fact]
    public void In_PlainText_IsTheTextForEveryone() =>
        Assert.Equal("首句问候", StandardText.In("首句问候", StandardText.None, "en"));

    [Fact]
    public void Load_NamesAndDescriptionsPerLanguage_KeepTheFirstAsDefault()
    {
        var yaml = StandardYaml.Minimal
            .Replace("locale: zh-CN\n", "locale: zh-CN\ndescription: {zh-CN: 中文说明, en: In English}\n", StringComparison.Ordinal)
            .Replace("  agent-greets:\n", "  agent-greets:\n    name: {zh-CN: 客服问候, en: Agent greets}\n", StringComparison.Ordinal)
            .Replace("name: 问候\n", "name: {zh-CN: 问候, en: Greeting}\n", StringComparison.Ordinal);

        var standard = StandardLoader.Load(yaml, "std.yaml").GetStandardOrThrow().Definition;

        Assert.Equal("中文说明", standard.Description);
        Assert.Equal("In English", StandardText.In(standard.Description!, standard.DescriptionTranslations, "en"));
        var condition = standard.Conditions.Single(c => c.Id == "agent-greets");
        Assert.Equal(("客服问候", "Agent greets"), (condition.Name, StandardText.In(condition.Name!, condition.NameTranslations, "en")));
        var check = standard.Scorecard.Checks.Single(c => c.Id == "greeting");
        Assert.Equal(("问候", "Greeting"), (check.Name, StandardText.In(check.Name, check.NameTranslations, "en")));
    }

    [Fact]
    public void Load_ACheckMessageAndSuggestionPerLanguage_KeepTheFirstAsWhatTheEngineWrites()
    {
        var yaml = StandardYaml.Minimal.Replace(
            "      pass: agent-greets\n",
            "      pass: agent-greets\n      message: {zh-CN: 没有问候, en: No greeting}\n      suggestion:\n        zh-CN: 先问候\n        en: Greet first\n",
            StringComparison.Ordinal);

        var check = StandardLoader.Load(yaml, "std.yaml").GetStandardOrThrow().Definition.Scorecard.Checks.Single(c => c.Id == "greeting");

        Assert.Equal(("没有问候", "No greeting"), (check.Message, StandardText.In(check.Message!, check.MessageTranslations, "en")));
        Assert.Equal(("先问候", "Greet first"), (check.Suggestion, StandardText.In(check.Suggestion!, check.SuggestionTranslations, "en")));
    }

    [Fact]
    public void Load_DimensionAndGradeNamesPerLanguage()
    {
        var yaml = StandardYaml.Minimal
            .Replace("{id: norms, name: 服务规范,", "{id: norms, name: {zh-CN: 服务规范, en: Service norms},", StringComparison.Ordinal)
            .Replace("{id: A, name: 优秀,", "{id: A, name: {zh-CN: 优秀, en: Excellent},", StringComparison.Ordinal);

        var scorecard = StandardLoader.Load(yaml, "std.yaml").GetStandardOrThrow().Definition.Scorecard;

        var norms = scorecard.Dimensions.Single(d => d.Id == "norms");
        var excellent = scorecard.Grades.Single(g => g.Id == "A");
        Assert.Equal(("服务规范", "Service norms"), (norms.Name, StandardText.In(norms.Name, norms.NameTranslations, "en")));
        Assert.Equal(("优秀", "Excellent"), (excellent.Name, StandardText.In(excellent.Name, excellent.NameTranslations, "en")));
        Assert.Equal("服务态度", StandardText.In(scorecard.Dimensions.Single(d => d.Id == "attitude").Name, StandardText.None, "en"));
    }

    [Fact]
    public void TheShippedStandard_NamesEveryDimensionAndGradeInEnglish()
    {
        var scorecard = ShippedStandards.Default.Definition.Scorecard;
        Assert.All(scorecard.Dimensions, d => Assert.True(d.NameTranslations.ContainsKey("en"), $"{d.Id}: name in English"));
        Assert.All(scorecard.Grades, g => Assert.True(g.NameTranslations.ContainsKey("en"), $"{g.Id}: name in English"));
    }

    [Fact]
    public void TheShippedStandard_GivesEveryCheckNameMessageAndSuggestionInEnglish()
    {
        foreach (var check in ShippedStandards.Default.CheckDefinitions)
        {
            Assert.True(check.NameTranslations.ContainsKey("en"), $"{check.Id}: name in English");
            Assert.True(check.Message is null || check.MessageTranslations.ContainsKey("en"), $"{check.Id}: message in English");
            Assert.True(check.Suggestion is null || check.SuggestionTranslations.ContainsKey("en"), $"{check.Id}: suggestion in English");
        }
    }

    [Fact]
    public void Load_ATextMappingWithABadTagOrEmptyText_ReportsWhere()
    {
        var yaml = StandardYaml.Minimal.Replace("name: 问候\n", "name: {zh-CN: 问候, 英文: Greeting, en: \"\"}\n", StringComparison.Ordinal);

        var problems = StandardLoader.Load(yaml, "std.yaml").Problems;

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Message.Contains("'英文' is not a language tag", StringComparison.Ordinal) && p.Location.Line == 31);
        Assert.Contains(problems, p => p.Message.Contains("The en text of 'name'", StringComparison.Ordinal) && p.Location.Line == 31);
    }

    /// <summary>A misspelt key (found while reading) and a rule naming a missing condition (found while compiling) are reported together.</summary>
    [Fact]
    public void Load_ProblemsOfReadingAndOfCompiling_AreAllReported()
    {
        var yaml = StandardYaml.Minimal
            .Replace("      pass: agent-greets\n", "      pass: agent-greets && agent-smiles\n      severty: 重\n", StringComparison.Ordinal);

        var problems = StandardLoader.Load(yaml, "std.yaml").Problems;

        Assert.Contains(problems, p => p.Message.Contains("severty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("agent-smiles", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count);
    }
}
