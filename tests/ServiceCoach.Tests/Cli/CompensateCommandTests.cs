using System.Text.Json;

namespace ServiceCoach.Tests.Cli;

public sealed class CompensateCommandTests
{
    [Fact]
    public async Task Compensate_KeyAccountLargeLoss_PrintsThePathAndTheApprovalNeeded()
    {
        var run = await CliRun.RunAsync("complaints", "compensate", "--level", "紧急", "--tier", "P1", "--loss", "5000");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("✗ 重大、危机投诉", run.Out);
        Assert.Contains("✓ 损失较大（≥ 1000 元）: 损失 ≥ 1000", run.Out);
        Assert.Contains("    ✓ P1 大客户", run.Out);
        Assert.Contains("全额赔偿损失  5000 CNY  需主管审批", run.Out);
        Assert.Contains("需要主管审批", run.Out);
    }

    [Fact]
    public async Task Compensate_Json_IsMachineReadable()
    {
        var run = await CliRun.RunAsync("complaints", "compensate", "--level", "normal", "--revenue", "50000", "--loss", "800", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("P3", root.GetProperty("input").GetProperty("tier").GetString());
        Assert.False(root.GetProperty("needsApproval").GetBoolean());
        Assert.Equal(200m, root.GetProperty("options")[0].GetProperty("amount").GetDecimal());
        var path = root.GetProperty("path");
        Assert.True(path[path.GetArrayLength() - 1].GetProperty("matched").GetBoolean());
    }

    [Fact]
    public async Task Compensate_AsSupervisor_IsWithinAuthority()
    {
        var run = await CliRun.RunAsync("complaints", "compensate", "-l", "urgent", "--tier", "P1", "--loss", "5000", "--authority", "supervisor");

        Assert.Contains("within the owner's authority", run.Out);
    }

    [Fact]
    public async Task Compensate_UnknownLevel_ExitsWith2AndListsTheLevels()
    {
        var run = await CliRun.RunAsync("complaints", "compensate", "--level", "huge");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown level 'huge'", run.Error);
        Assert.Contains("normal (普通)", run.Error);
    }

    [Fact]
    public async Task Compensate_UnknownFault_IsAUsageError()
    {
        var run = await CliRun.RunAsync("complaints", "compensate", "--level", "normal", "--fault", "nobody");

        Assert.Equal(2, run.ExitCode);
    }
}
