using System.Globalization;
using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace ServiceCoach.Training;

/// <summary>How a module is delivered (R-TRN-3): online kinds are taken on the platform, offline kinds in a session.</summary>
public enum ModuleKind
{
    Document,
    Video,
    Reading,
    OnlineTest,
    Discussion,
    Workshop,
    RolePlay,
    Simulation,
}

/// <summary>The four parts of the blend (R-TRN-4): online product knowledge and tools, offline role-play and simulation.</summary>
public enum BlendPart
{
    ProductKnowledge,
    Tools,
    RolePlay,
    Simulation,
}

public static class ModuleKinds
{
    public static bool IsOnline(ModuleKind kind) => kind is ModuleKind.Document or ModuleKind.Video or ModuleKind.Reading or ModuleKind.OnlineTest or ModuleKind.Discussion;

    public static string Name(ModuleKind kind) => kind switch
    {
        ModuleKind.Document => "document",
        ModuleKind.Video => "video",
        ModuleKind.Reading => "reading",
        ModuleKind.OnlineTest => "online-test",
        ModuleKind.Discussion => "discussion",
        ModuleKind.Workshop => "workshop",
        ModuleKind.RolePlay => "role-play",
        _ => "simulation",
    };

    public static ModuleKind? Parse(string? name) => name switch
    {
        "document" => ModuleKind.Document,
        "video" => ModuleKind.Video,
        "reading" => ModuleKind.Reading,
        "online-test" => ModuleKind.OnlineTest,
        "discussion" => ModuleKind.Discussion,
        "workshop" => ModuleKind.Workshop,
        "role-play" => ModuleKind.RolePlay,
        "simulation" => ModuleKind.Simulation,
        _ => null,
    };

    public static string BlendName(BlendPart part) => part switch
    {
        BlendPart.ProductKnowledge => "product-knowledge",
        BlendPart.Tools => "tools",
        BlendPart.RolePlay => "role-play",
        _ => "simulation",
    };

    public static BlendPart? ParseBlend(string? name) => name switch
    {
        "product-knowledge" => BlendPart.ProductKnowledge,
        "tools" => BlendPart.Tools,
        "role-play" => BlendPart.RolePlay,
        "simulation" => BlendPart.Simulation,
        _ => null,
    };
}

public sealed record ModuleTemplate(string Title, ModuleKind Kind, BlendPart Blend, int Minutes, IReadOnlyList<string> Tags, bool Exam, bool Practical);

public sealed record PhaseTemplate(string Name, IReadOnlyList<ModuleTemplate> Modules);

/// <param name="TheoryWeight">Share of theory in the composite grade, 0–1.</param>
/// <param name="PassMark">Composite percent needed to pass.</param>
/// <param name="PassRateTarget">Share of learners expected to pass, percent (R-TRN-4: ≥ 90).</param>
/// <param name="Blend">Target share of each blend part, percent.</param>
public sealed record ProgrammeTemplate(
    string Id, string Name, string Description, string Audience, double TheoryWeight, double PassMark, double PassRateTarget,
    IReadOnlyDictionary<BlendPart, double> Blend, IReadOnlyList<PhaseTemplate> Phases);

public sealed record CareerStep(string Level, IReadOnlyList<string> Requires);

public sealed record ProgrammeCatalogue(IReadOnlyList<ProgrammeTemplate> Programmes, IReadOnlyList<CareerStep> CareerPath);

/// <summary>The programme templates shipped in training/programmes/2026.yaml (embedded at build time).</summary>
public static class ProgrammeTemplates
{
    private static readonly Lazy<ProgrammeCatalogue> Shipped = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ServiceCoach.Training.Programmes.2026.yaml")
            ?? throw new InvalidOperationException("The shipped programme templates are missing from the engine assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    public static ProgrammeCatalogue Default => Shipped.Value;

    /// <summary>Reads a programme catalogue; throws <see cref="FormatException"/> naming the line of a problem.</summary>
    public static ProgrammeCatalogue Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var programmes = Sequence(root, "programmes").Select(ReadProgramme).ToList();
        var career = Sequence(root, "careerPath").Select(step => new CareerStep(
            Scalar(step, "level"),
            [.. Sequence(step, "requires").Select(r => ((YamlScalarNode)r).Value ?? string.Empty)])).ToList();
        return new ProgrammeCatalogue(programmes, career);
    }

    private static ProgrammeTemplate ReadProgramme(YamlNode node)
    {
        var blend = new Dictionary<BlendPart, double>();
        if (((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode("blend"), out var blendNode))
        {
            foreach (var (key, value) in ((YamlMappingNode)blendNode).Children)
            {
                var part = ModuleKinds.ParseBlend(((YamlScalarNode)key).Value) ?? throw Problem(key, $"unknown blend part '{key}'");
                blend[part] = Number(value);
            }
        }

        return new ProgrammeTemplate(
            Scalar(node, "id"),
            Scalar(node, "name"),
            Scalar(node, "description"),
            Scalar(node, "audience"),
            Number(Child(node, "theoryWeight")),
            Number(Child(node, "passMark")),
            Number(Child(node, "passRateTarget")),
            blend,
            [.. Sequence(node, "phases").Select(phase => new PhaseTemplate(
                Scalar(phase, "name"),
                [.. Sequence(phase, "modules").Select(ReadModule)]))]);
    }

    private static ModuleTemplate ReadModule(YamlNode node)
    {
        var map = (YamlMappingNode)node;
        bool Flag(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var value) && ((YamlScalarNode)value).Value == "true";
        return new ModuleTemplate(
            Scalar(node, "title"),
            ModuleKinds.Parse(Scalar(node, "kind")) ?? throw Problem(node, $"unknown module kind '{Scalar(node, "kind")}'"),
            ModuleKinds.ParseBlend(Scalar(node, "blend")) ?? throw Problem(node, $"unknown blend part '{Scalar(node, "blend")}'"),
            (int)Number(Child(node, "minutes")),
            [.. Sequence(node, "tags").Select(t => ((YamlScalarNode)t).Value ?? string.Empty)],
            Flag("exam"),
            Flag("practical"));
    }

    private static YamlNode Child(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : throw Problem(node, $"'{key}' is missing");

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)Child(node, key)).Value ?? string.Empty;

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlSequenceNode)value).Children : [];

    private static double Number(YamlNode node) =>
        double.TryParse(((YamlScalarNode)node).Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Problem(node, $"'{node}' is not a number");

    private static FormatException Problem(YamlNode node, string message) => new($"line {node.Start.Line}: {message}");
}
