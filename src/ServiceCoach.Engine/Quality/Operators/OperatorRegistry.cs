namespace ServiceCoach.Quality.Operators;

/// <summary>Every operator a standard can name, in one explicit list (no scanning).</summary>
internal static class OperatorRegistry
{
    public static IReadOnlyList<ICheckOperator> All { get; } =
    [
        new PhraseOperator(),
        new RegexOperator(),
        new SimilarityOperator(),
        new EntityOperator(),
        new RepetitionOperator(),
        new FlowOperator(),
        new ResponseLatencyOperator(),
        new FirstSolutionTimeOperator(),
        new SilenceOperator(),
        new SpeechRateOperator(),
        new InterruptionOperator(),
        new JargonRatioOperator(),
        new PrivacyOperator(),
        new EmotionOperator(),
        new AbnormalEndingOperator(),
        new DurationOperator(),
        new TurnCountOperator(),
        new MetadataOperator(),
    ];

    private static readonly Dictionary<string, ICheckOperator> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static ICheckOperator? Find(string name) => ByName.GetValueOrDefault(name);
}
