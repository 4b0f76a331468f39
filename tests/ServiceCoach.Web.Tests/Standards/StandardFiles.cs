using System.Net.Http.Headers;
using System.Text;
using ServiceCoach.Standards;

namespace ServiceCoach.Web.Tests.Standards;

/// <summary>Standard files for the tests: the shipped default under a new version, with a few deliberate edits.</summary>
internal static class StandardFiles
{
    public const string DefaultVersionLine = "version: \"2026.11.1\"";

    /// <summary>In chat, a reply must come within 10 s instead of 30 s.</summary>
    public static readonly (string From, string To) FasterChatReplies = (
        "    chat:\n      firstResponseSeconds: 30\n      responseSeconds: 30\n",
        "    chat:\n      firstResponseSeconds: 30\n      responseSeconds: 10\n");

    /// <summary>A slow reply becomes a fatal fault (致命项): the score drops to 0.</summary>
    public static readonly (string From, string To) SlowReplyIsFatal = (
        "    - id: response-time\n      name:\n",
        "    - id: response-time\n      fatal: true\n      name:\n");

    /// <summary>The default standard as version <paramref name="version"/>, with each edit applied (each must match exactly once).</summary>
    public static string DefaultAs(string version, params (string From, string To)[] edits)
    {
        var yaml = ShippedStandards.DefaultYaml.Replace("\r\n", "\n", StringComparison.Ordinal);
        yaml = ReplaceOnce(yaml, DefaultVersionLine, $"version: \"{version}\"");
        foreach (var (from, to) in edits)
        {
            yaml = ReplaceOnce(yaml, from, to);
        }

        return yaml;
    }

    /// <summary>A small file with two mistakes: a check in a dimension that does not exist (line 21) and an unknown severity (line 24).</summary>
    public const string TwoMistakes = """
        id: test.broken
        version: "1"
        name: 有错误的标准
        locale: zh-CN
        lexicons:
          greeting:
            phrases: [您好, 你好]
        conditions:
          agent-greets:
            role: agent
            operators:
              - phrase: {lexicons: [greeting]}
        scorecard:
          dimensions:
            - {id: norms, name: 服务规范, weight: 100}
          grades:
            - {id: A, name: 优秀, min: 90}
            - {id: D, name: 不合格, min: 0}
          checks:
            - id: greeting
              dimension: nowhere
              name: 问候
              points: 10
              severity: 超重
              pass: agent-greets
        """;

    public static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, new MediaTypeHeaderValue("application/yaml"));

    private static string ReplaceOnce(string text, string from, string to)
    {
        var first = text.IndexOf(from, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(from, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The default standard no longer contains exactly one «{from}»; update the test's edit.");
        }

        return string.Concat(text.AsSpan(0, first), to, text.AsSpan(first + from.Length));
    }
}
