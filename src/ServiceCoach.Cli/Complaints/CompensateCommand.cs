using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ServiceCoach.Cli.Standards;
using ServiceCoach.Complaints;
using ServiceCoach.Standards;

namespace ServiceCoach.Cli.Complaints;

/// <summary>
/// <c>servicecoach complaints compensate --level L [--tier P|--revenue N] [--loss N] [--fault F] [--repeat] [--authority A] [--standard FILE] [--format text|json|md]</c>:
/// evaluates the standard's compensation decision tree offline and prints the path taken.
/// </summary>
internal static class CompensateCommand
{
    internal static readonly Dictionary<string, FaultSide> Faults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["company"] = FaultSide.Company,
        ["customer"] = FaultSide.Customer,
        ["third-party"] = FaultSide.ThirdParty,
        ["unknown"] = FaultSide.Unknown,
    };

    internal static readonly Dictionary<string, Authority> Authorities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["agent"] = Authority.Agent,
        ["supervisor"] = Authority.Supervisor,
        ["manager"] = Authority.Manager,
        ["crisis-team"] = Authority.CrisisTeam,
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static Command Create(CliConsole console)
    {
        var level = new Option<string>("--level", "-l") { Description = "投诉等级（id 或名称，如 normal 或 普通） Complaint level (id or name)", Required = true };
        var tier = new Option<string?>("--tier") { Description = "客户层级（P1/P2/P3） Customer tier" };
        var revenue = new Option<decimal?>("--revenue") { Description = "客户年收入（按标准的层级规则换算层级） Annual revenue, mapped to a tier by the standard" };
        var loss = new Option<decimal>("--loss") { Description = "客户损失金额 The customer's loss (in the tree's currency)", DefaultValueFactory = _ => 0m };
        loss.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<decimal>() < 0)
            {
                result.AddError("--loss cannot be negative.");
            }
        });
        var fault = new Option<string>("--fault") { Description = "责任方 Whose fault", DefaultValueFactory = _ => "company" };
        fault.AcceptOnlyFromAmong([.. Faults.Keys]);
        var repeat = new Option<bool>("--repeat") { Description = "重复投诉 A repeat complaint" };
        var authority = new Option<string>("--authority", "-a") { Description = "决定人的权限 The deciding person's authority", DefaultValueFactory = _ => "agent" };
        authority.AcceptOnlyFromAmong([.. Authorities.Keys]);
        var standardOption = new Option<FileInfo?>("--standard", "-s") { Description = "标准文件（默认内置 zh-CN 标准） Standard file (default: the shipped zh-CN standard)" };
        var format = new Option<string>("--format", "-f") { Description = "输出格式 Output format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "md");

        var command = new Command("compensate", "按标准的补偿决策树给出方案和路径（离线） Evaluate the standard's compensation decision tree offline")
        {
            level, tier, revenue, loss, fault, repeat, authority, standardOption, format,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(standardOption),
            parse.GetValue(level)!,
            parse.GetValue(tier),
            parse.GetValue(revenue),
            parse.GetValue(loss),
            Faults[parse.GetValue(fault)!],
            parse.GetValue(repeat),
            Authorities[parse.GetValue(authority)!],
            parse.GetValue(format)!));
        return command;
    }

    private static int Run(CliConsole console, FileInfo? standardFile, string levelText, string? tierText, decimal? revenue, decimal loss, FaultSide fault, bool repeat, Authority authority, string format)
    {
        var loaded = StandardFiles.Load(standardFile);
        if (!loaded.Succeeded)
        {
            StandardCommands.WriteProblems(console, loaded.Problems, standardFile);
            return ExitCodes.BadInput;
        }

        var complaints = loaded.Definition!.Complaints ?? ShippedStandards.Default.Definition.Complaints!;
        if (complaints.Level(levelText) is not { } level)
        {
            console.Error.WriteLine($"error: unknown level '{levelText}'. Levels: {string.Join(", ", complaints.Levels.Select(l => $"{l.Id} ({l.Name})"))}.");
            return ExitCodes.BadInput;
        }

        if (tierText is not null && revenue is not null)
        {
            console.Error.WriteLine("error: give --tier or --revenue, not both.");
            return ExitCodes.BadInput;
        }

        CustomerTierDefinition tier;
        if (tierText is not null)
        {
            if (complaints.Tier(tierText) is not { } named)
            {
                console.Error.WriteLine($"error: unknown tier '{tierText}'. Tiers: {string.Join(", ", complaints.Tiers.Select(t => t.Id))}.");
                return ExitCodes.BadInput;
            }

            tier = named;
        }
        else
        {
            tier = revenue is { } r ? complaints.TierFor(r) : complaints.Tiers[^1];
        }

        var input = new CompensationInput(level.Id, tier.Id, loss, fault, repeat);
        var decision = complaints.Compensation.Evaluate(input, authority, complaints);
        switch (format)
        {
            case "json":
                console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    input = new { level = level.Id, levelName = level.Name, tier = tier.Id, loss, fault = Name(fault), repeat, authority = Name(authority) },
                    path = decision.Path.Select(p => new { p.Depth, p.Label, p.Condition, p.Matched }),
                    options = decision.Options.Select(o => new { o.Name, o.Amount, authority = Name(o.Authority), o.WithinAuthority }),
                    decision.NeedsApproval,
                    approver = decision.Approver is { } a ? Name(a) : null,
                    decision.Note,
                    decision.Currency,
                }, Json));
                break;
            default:
                Write(console.Out, level, tier, input, authority, decision, markdown: format == "md");
                break;
        }

        return ExitCodes.Ok;
    }

    private static void Write(TextWriter output, ComplaintLevelDefinition level, CustomerTierDefinition tier, CompensationInput input, Authority authority, CompensationDecision decision, bool markdown)
    {
        var money = (decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture) + " " + decision.Currency;
        output.WriteLine(markdown ? "# 补偿决策 Compensation decision" : "补偿决策 Compensation decision");
        output.WriteLine();
        output.WriteLine($"{(markdown ? "- " : "")}输入 Input: 等级 {level.Name} · 客户层级 {tier.Id} · 损失 {money(input.Loss)} · 责任方 {CompensationNames.Fault(input.Fault)} · {(input.Repeat ? "重复投诉" : "首次投诉")} · 决定人 {CompensationNames.Authority(authority)}");
        output.WriteLine();
        output.WriteLine(markdown ? "## 路径 Path" : "路径 Path:");
        foreach (var step in decision.Path)
        {
            var indent = new string(' ', (markdown ? 0 : 2) + (step.Depth * 2));
            var label = step.Label.Length > 0 ? $"{step.Label}: " : "";
            output.WriteLine($"{indent}{(markdown ? "- " : "")}{(step.Matched ? "✓" : "✗")} {label}{step.Condition}");
        }

        output.WriteLine();
        output.WriteLine(markdown ? "## 方案 Options" : "方案 Options:");
        foreach (var option in decision.Options)
        {
            var amount = option.Amount is { } a ? $"  {money(a)}" : "";
            var approval = option.WithinAuthority ? "" : $"  需{CompensationNames.Authority(option.Authority)}审批 (needs {Name(option.Authority)} approval)";
            output.WriteLine($"{(markdown ? "- " : "  - ")}{option.Name}{amount}{approval}");
        }

        if (decision.Note is { } note)
        {
            output.WriteLine();
            output.WriteLine($"说明 Note: {note}");
        }

        output.WriteLine();
        output.WriteLine(decision.NeedsApproval
            ? $"结论 Outcome: 需要{CompensationNames.Authority(decision.Approver!.Value)}审批 — escalate for approval ({Name(decision.Approver.Value)})"
            : "结论 Outcome: 在决定人权限内，可直接向客户提供 — within the owner's authority");
    }

    private static string Name(FaultSide fault) => Faults.First(kv => kv.Value == fault).Key;

    private static string Name(Authority authority) => Authorities.First(kv => kv.Value == authority).Key;
}
