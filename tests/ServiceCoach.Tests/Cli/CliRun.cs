using ServiceCoach.Cli;

namespace ServiceCoach.Tests.Cli;

/// <summary>Runs the servicecoach command in-process, as Program.cs does, capturing both streams.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ServiceCoachCli.RunAsync(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
