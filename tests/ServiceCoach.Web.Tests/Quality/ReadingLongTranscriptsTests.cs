using System.Globalization;
using System.Text;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A conversation of thousands of turns is shown a page of turns at a time, so its page stays small
/// however long the transcript (a 200,000-turn one was a 38 MB page and two at once ran out of memory).
/// </summary>
public sealed class ReadingLongTranscriptsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const int Turns = 2 * ConversationPage.TurnsPerPage + 200;

    [Fact]
    public async Task ALongTranscript_IsShownAPageOfTurnsAtATime()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var id = $"long-{Guid.NewGuid():N}";
        await app.ImportAndScoreAsync(LongConversation(id));
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var first = await qa.GetPageAsync($"/conversations/{id}");
        var last = await qa.GetPageAsync($"/conversations/{id}?turns=3");
        var beyond = await qa.GetPageAsync($"/conversations/{id}?turns=2147483647");

        Assert.Contains(Marker(0), first, StringComparison.Ordinal);
        Assert.Contains(Marker(ConversationPage.TurnsPerPage - 1), first, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker(ConversationPage.TurnsPerPage), first, StringComparison.Ordinal);
        Assert.Contains($"?turns=2#transcript", first, StringComparison.Ordinal);
        Assert.Contains($"共 {Turns} 轮", first, StringComparison.Ordinal);
        Assert.Contains(Marker(Turns - 1), last, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker(ConversationPage.TurnsPerPage - 1), last, StringComparison.Ordinal);
        Assert.Contains(Marker(Turns - 1), beyond, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortTranscript_HasNoPager()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var page = await qa.GetPageAsync("/conversations/demo-w0-s-chat-001");

        Assert.Contains("对话记录", page, StringComparison.Ordinal);
        Assert.DoesNotContain("turn-range", page, StringComparison.Ordinal);
    }

    private static string Marker(int turn) => $"第{turn.ToString("D5", CultureInfo.InvariantCulture)}句";

    private static string LongConversation(string id)
    {
        var line = new StringBuilder("{\"id\":\"").Append(id).Append("\",\"agentId\":\"a-101\",\"turns\":[");
        for (var t = 0; t < Turns; t++)
        {
            line.Append(t == 0 ? "" : ",")
                .Append("{\"speaker\":\"").Append(t % 2 == 0 ? "customer" : "agent")
                .Append("\",\"text\":\"").Append(Marker(t)).Append("，您好，请问还有什么可以帮您\",\"start\":")
                .Append((t * 1000).ToString(CultureInfo.InvariantCulture)).Append('}');
        }

        return line.Append("]}").ToString();
    }
}
