using ServiceCoach.Standards;
using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

/// <summary>The starter bank in training/question-bank: it imports cleanly and every question says what it teaches.</summary>
public sealed class StarterBankTests
{
    private static readonly Lazy<List<(string File, QuestionFileResult Result)>> Bank = new(() =>
        [.. ShippedQuestionBank.Files.Select(f => (f.FileName, GiftReader.ReadFile(f.Content)))]);

    private static IEnumerable<Question> Questions => Bank.Value.SelectMany(f => f.Result.Questions).Where(q => q.Type != QuestionType.Category);

    [Fact]
    public void EveryFile_ImportsWithoutErrors()
    {
        Assert.NotEmpty(Bank.Value);
        foreach (var (file, result) in Bank.Value)
        {
            Assert.True(result.FileError is null && result.Errors.Count == 0, $"{file}: {result.FileError} {string.Join("; ", result.Errors)}");
        }
    }

    [Fact]
    public void ShippedFiles_AreTheFilesInTheRepository()
    {
        var onDisk = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "training", "question-bank"), "*.gift").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, ShippedQuestionBank.Files.Select(f => f.FileName));
    }

    [Fact]
    public void Bank_HasAtLeast150ChineseQuestionsOfEveryType()
    {
        Assert.True(Questions.Count(q => q.IsGradable) >= 150, $"{Questions.Count(q => q.IsGradable)} gradable questions");
        Assert.All(Questions, q => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", q.QuestionText.Text));
        foreach (var type in new[] { QuestionType.MultipleChoice, QuestionType.TrueFalse, QuestionType.ShortAnswer, QuestionType.Matching, QuestionType.Numerical, QuestionType.Essay })
        {
            Assert.Contains(Questions, q => q.Type == type);
        }

        Assert.Contains(Questions, q => q.Type == QuestionType.MultipleChoice && !q.SingleAnswer);
    }

    [Fact]
    public void EveryQuestion_HasAUniqueIdARequirementAndOneDifficulty()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var question in Questions)
        {
            Assert.True(ids.Add(question.IdNumber) && question.IdNumber.Length > 0, $"'{question.Name}': id '{question.IdNumber}' is missing or repeated");
            Assert.True(question.Tags.Any(QuestionTags.IsRequirement), $"'{question.Name}' has no requirement tag");
            Assert.True(question.Tags.Count(t => t.StartsWith("difficulty:", StringComparison.Ordinal)) == 1 && QuestionTags.Difficulty(question.Tags) is not null,
                $"'{question.Name}' needs exactly one difficulty:1..3 tag");
        }
    }

    [Fact]
    public void EveryOtherTag_IsACheckLexiconOrFlowOfTheStandardOrACurriculumTopic()
    {
        var definition = ShippedStandards.Default.Definition;
        var known = definition.Scorecard.Checks.Select(c => c.Id)
            .Concat(definition.Lexicons.Select(l => l.Id))
            .Concat(definition.Flows.Select(f => f.Id))
            .Concat(QuestionTags.CurriculumTopics)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var question in Questions)
        {
            foreach (var tag in question.Tags.Where(t => !QuestionTags.IsRequirement(t) && !t.StartsWith("difficulty:", StringComparison.Ordinal)))
            {
                Assert.True(known.Contains(tag), $"'{question.Name}' has tag '{tag}', which is neither a check, lexicon or flow of the standard nor a curriculum topic");
            }
        }
    }

    [Theory]
    [InlineData("R-STD-1")]
    [InlineData("R-STD-2")]
    [InlineData("R-STD-3")]
    [InlineData("R-STD-4")]
    [InlineData("R-STD-5")]
    [InlineData("R-STD-6")]
    [InlineData("R-STD-7")]
    [InlineData("R-STD-8")]
    [InlineData("R-CMP-1")]
    [InlineData("R-CMP-3")]
    [InlineData("R-CMP-4")]
    [InlineData("R-TRN-1")]
    [InlineData("R-TRN-4")]
    [InlineData("R-TRN-6")]
    [InlineData("empathy")]
    [InlineData("apology")]
    [InlineData("negative-phrasing")]
    [InlineData("complaint-flow")]
    [InlineData("learn-flow")]
    [InlineData("consultation-flow")]
    [InlineData("first-response-time")]
    [InlineData("transfer-consent")]
    [InlineData("servqual")]
    [InlineData("kano")]
    [InlineData("scqa")]
    public void Bank_TeachesTheCurriculum(string tag)
    {
        Assert.True(Questions.Any(q => q.Tags.Contains(tag)), $"no question is tagged '{tag}'");
    }
}
