using System.Text;
using ServiceCoach.Cli;

Console.OutputEncoding = Encoding.UTF8;
return await ServiceCoachCli.RunAsync(args, Console.Out, Console.Error, Console.IsErrorRedirected);
