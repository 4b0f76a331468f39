using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;
using ServiceCoach.Web.Training;

namespace ServiceCoach.Web.Tests.Training;

/// <summary>Intent helpers for the training tests: a small bank of known questions, an exam on it, the right answers.</summary>
internal static class TrainingTestApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Five questions, one per kind a learner answers: the names say which (the draw puts them in any order).</summary>
    public const string Questions = """
        // [tag:R-STD-1] [tag:first-response-time]
        ::tf::普通咨询的首次响应时限是 30 秒。{T}

        // [tag:R-CMP-3] [tag:complaint-flow]
        ::mc::客户投诉时，第一步应该做什么？{=倾听客户 ~解释公司规定 ~转接他人}

        ::num::一次标准通话最长几分钟？{#5:0.5}

        ::sa::L-E-A-R-N 的 L 代表哪个英文单词？{=Listen}

        ::essay::请写出一句向客户道歉的话。{}
        """;

    /// <summary>Imports <see cref="Questions"/> through the API as a trainer into a category of its own, and returns the category.</summary>
    public static async Task<string> ImportQuestionsAsync(this ServiceCoachApp app)
    {
        var category = "测试/" + Guid.NewGuid().ToString("N")[..8];
        using var trainer = await app.ApiClientAsRoleAsync(Roles.Trainer);
        using var content = GiftBody(Questions);
        var response = await trainer.PostAsync($"/api/v1/training/questions/import?fileName=exam.gift&category={Uri.EscapeDataString(category)}", content, Cancel);
        response.EnsureSuccessStatusCode();
        var result = (await response.Content.ReadFromJsonAsync<ImportQuestionsResponse>(Cancel))!;
        Assert.Empty(result.Errors);
        Assert.Equal(5, result.Added);
        return category;
    }

    /// <summary>A GIFT file as the import endpoint takes it: the raw bytes.</summary>
    public static ByteArrayContent GiftBody(string gift)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(gift));
        content.Headers.ContentType = new("application/octet-stream");
        return content;
    }

    /// <summary>A published exam drawing the five questions of <paramref name="category"/>, one mark each.</summary>
    public static async Task<int> CreateExamAsync(this ServiceCoachApp app, string category, int? timeLimitMinutes = null, int maxAttempts = 3, int? programmeId = null)
    {
        var (id, problems) = await app.Service<Exams>().CreatePaperAsync(Viewer.System, new ExamPaperInput(
            "测验 " + category, "", [ExamRule.Draw(5, category: category)], TimeLimitMinutes: timeLimitMinutes, MaxAttempts: maxAttempts,
            PassPercent: 60, Published: true, ProgrammeId: programmeId), Cancel);
        Assert.Empty(problems);
        return id!.Value;
    }

    public static async Task<string> UserIdOfAsync(this ServiceCoachApp app, string userName)
    {
        await using var db = await app.DbAsync();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Cancel);
    }

    public static async Task<long> StartAttemptAsync(HttpClient learner, int paperId)
    {
        var response = await learner.PostAsync($"/api/v1/training/exams/{paperId}/attempts", null, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StartAttemptResponse>(Cancel))!.AttemptId;
    }

    public static async Task<AttemptResponse> GetAttemptAsync(HttpClient client, long attemptId) =>
        (await client.GetFromJsonAsync<AttemptResponse>($"/api/v1/training/attempts/{attemptId}", Cancel))!;

    public static Task<HttpResponseMessage> SaveAsync(HttpClient learner, long attemptId, params AnswerBody[] answers) =>
        learner.PutAsJsonAsync($"/api/v1/training/attempts/{attemptId}/answers", new AnswersBody(answers), Cancel);

    public static async Task<SavedBody> SaveOkAsync(HttpClient learner, long attemptId, params AnswerBody[] answers)
    {
        var response = await SaveAsync(learner, attemptId, answers);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<SavedBody>(Cancel))!;
    }

    public static AttemptQuestionResponse Slot(this AttemptResponse attempt, string name) => attempt.Questions.Single(q => q.Name == name);

    /// <summary>The right answer to each question of the bank above (the essay gets a sensible one), for a question as the attempt shows it.</summary>
    public static ExamResponse RightAnswer(AttemptQuestionResponse question) => question.Name switch
    {
        "tf" => new ExamResponse { Value = true },
        "mc" => new ExamResponse { Choice = question.Choices.Single(c => c.Text == "倾听客户").Index },
        "num" => new ExamResponse { Text = "5.4" }, // within the tolerance of 0.5
        "sa" => new ExamResponse { Text = " listen " },
        "essay" => new ExamResponse { Text = "非常抱歉给您带来不便，我马上为您处理。" },
        _ => throw new InvalidOperationException($"Unknown question {question.Name}."),
    };

    /// <summary>Every question answered right, each with sequence number <paramref name="seq"/>.</summary>
    public static AnswerBody[] AllRight(AttemptResponse attempt, long seq = 1) =>
        [.. attempt.Questions.Select(q => new AnswerBody(q.Slot, seq, RightAnswer(q)))];
}
