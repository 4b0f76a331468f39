using System.Text;
using ServiceCoach.Cli;

Console.OutputEncoding = Encoding.UTF8;
if (!Console.IsInputRedirected)
{
    // Chinese typed in a Windows console arrives in the console's code page otherwise.
    Console.InputEncoding = Encoding.UTF8;
}

using var stdout = Console.OpenStandardOutput();
return await ServiceCoachCli.RunAsync(args, Console.Out, Console.Error, Console.IsErrorRedirected, stdout, Console.In);
