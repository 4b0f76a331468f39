using System.Reflection;

namespace ServiceCoach.Standards;

/// <summary>The standards that ship with ServiceCoach (standards/*.yaml, embedded at build time).</summary>
public static class ShippedStandards
{
    public const string DefaultFileName = "zh-CN.default.yaml";

    /// <summary>The default zh-CN standard, compiled once per process.</summary>
    public static CompiledStandard Default => LazyDefault.Value;

    /// <summary>The default standard's YAML text, as shipped.</summary>
    public static string DefaultYaml { get; } = ReadResource("ServiceCoach.Standards.zh-CN.default.yaml");

    // Declared after DefaultYaml: static initialisers run in text order.
    private static readonly Lazy<CompiledStandard> LazyDefault = new(() =>
        StandardLoader.Load(DefaultYaml, DefaultFileName).GetStandardOrThrow());

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The shipped standard '{name}' is missing from the engine assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
