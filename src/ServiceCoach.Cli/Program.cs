using System.Text;
using ServiceCoach.Cli;

Console.OutputEncoding = Encoding.UTF8;
using var stdout = Console.OpenStandardOutput();
return await ServiceCoachCli.RunAsync(args, Console.Out, Console.Error, Console.IsErrorRedirected, stdout);
