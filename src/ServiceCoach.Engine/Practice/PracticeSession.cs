using ServiceCoach.Conversations;

namespace ServiceCoach.Practice;

/// <summary>Options of one practice conversation.</summary>
public sealed record PracticeOptions
{
    /// <summary>Picks between the variants of the customer's lines; never changes what the customer feels.</summary>
    public int Seed { get; init; }

    /// <summary>The transcript's conversation id (the web app uses the attempt's id).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The learner's agent code, written into the transcript like an imported conversation's agent.</summary>
    public string? AgentId { get; init; }

    /// <summary>When the conversation started (the transcript's start time); null = unknown.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>
    /// Milliseconds from the start at which the customer's opening appeared. Give it (and every
    /// reply's time) to have response times judged; leave it null for an untimed transcript
    /// (the standard's timing checks are then "na").
    /// </summary>
    public long? OpeningAtMs { get; init; }
}

/// <param name="Line">The customer's line (already in <see cref="PracticeSession.Transcript"/>).</param>
public sealed record PracticeTurn(HeardReply Heard, CustomerReaction Reaction, string Line);

/// <summary>
/// One practice conversation with the virtual customer: the customer opens, the learner replies, the
/// customer reacts, until the outcome is known. The transcript is a normal <see cref="Conversation"/>
/// scored by the same <see cref="Quality.QualityEngine.Score"/> call as an imported one.
/// Not thread-safe: one session belongs to one learner.
/// </summary>
public sealed class PracticeSession
{
    private readonly List<Turn> _turns = [];
    private readonly List<PracticeTurn> _exchanges = [];
    private readonly List<int> _emotion = [];
    private readonly VirtualCustomer _customer;
    private readonly bool _timed;
    private PracticeOutcome? _stoppedAs;

    private PracticeSession(CompiledScenario scenario, PracticeOptions options)
    {
        Scenario = scenario;
        Options = options;
        _customer = new VirtualCustomer(scenario, options.Seed);
        _timed = options.OpeningAtMs is not null;
        _emotion.Add(_customer.Emotion);
        _turns.Add(new Turn(Speaker.Customer, _customer.Open(), options.OpeningAtMs, options.OpeningAtMs));
    }

    public static PracticeSession Start(CompiledScenario scenario, PracticeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new PracticeSession(scenario, options ?? new PracticeOptions());
    }

    public CompiledScenario Scenario { get; }

    public PracticeOptions Options { get; }

    /// <summary>The customer's emotion now, 0 (calm) … 100 (leaves).</summary>
    public int Emotion => _customer.Emotion;

    /// <summary>The emotion at the start and after each reply.</summary>
    public IReadOnlyList<int> EmotionCurve => _emotion;

    public PracticeOutcome? Outcome => _customer.Outcome ?? _stoppedAs;

    public bool IsOver => Outcome is not null;

    public int RepliesUsed => _customer.Replies;

    public int RepliesLeft => Math.Max(0, Scenario.Definition.MaxTurns - _customer.Replies);

    public IReadOnlyList<PracticeTurn> Exchanges => _exchanges;

    public Conversation Transcript => new()
    {
        Id = Options.ConversationId ?? $"practice-{Scenario.Id}",
        Channel = Scenario.Definition.Channel,
        AgentId = Options.AgentId,
        Customer = new CustomerInfo(null, Scenario.Definition.Persona.Tier),
        StartTime = Options.StartTime,
        Category = Scenario.Definition.CategoryName,
        Turns = [.. _turns],
    };

    /// <summary>
    /// The learner's reply; returns what the customer said back. <paramref name="atMs"/> (milliseconds
    /// from the start) is required when the session is timed and must be null when it is not; the
    /// customer answers at the same moment.
    /// </summary>
    public PracticeTurn Reply(string text, long? atMs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (IsOver)
        {
            throw new InvalidOperationException("The practice conversation is over.");
        }

        if (_timed != (atMs is not null))
        {
            throw new ArgumentException(_timed ? "This session is timed: give the reply's time." : "This session is untimed: give no reply time.", nameof(atMs));
        }

        if (atMs is { } at && at < (_turns[^1].StartMs ?? 0))
        {
            throw new ArgumentOutOfRangeException(nameof(atMs), "A reply cannot come before the customer's last line.");
        }

        _turns.Add(new Turn(Speaker.Agent, text.Trim(), atMs, atMs));
        var heard = HeardReply.Hear(Scenario, Transcript, _turns.Count - 1);
        var reaction = _customer.React(heard);
        _emotion.Add(reaction.Emotion);
        _turns.Add(new Turn(Speaker.Customer, reaction.Line, atMs, atMs));
        var exchange = new PracticeTurn(heard with { Ignored = reaction.Ignored }, reaction, reaction.Line);
        _exchanges.Add(exchange);
        return exchange;
    }

    /// <summary>
    /// Ends a conversation the learner stops before the customer ends it: resolved when the customer
    /// had already accepted (only the goodbye was missing), else <see cref="PracticeOutcome.TurnLimit"/>.
    /// </summary>
    public void Stop()
    {
        if (!IsOver)
        {
            _stoppedAs = _customer.AwaitingClose ? PracticeOutcome.Resolved : PracticeOutcome.TurnLimit;
        }
    }

    /// <summary>The result: scorecard, rubric, emotion curve, feedback and practice score. Stops the session if it is still open.</summary>
    public PracticeResult Finish()
    {
        Stop();
        return PracticeReport.Build(
            Scenario,
            Transcript,
            [.. _exchanges.Select(e => e.Heard)],
            new CustomerTrace(Outcome!.Value, [.. _emotion], _customer.NeedsMetAt, [.. _exchanges.Select(e => e.Reaction)]),
            Options.Seed);
    }

    /// <summary>Plays a whole reply sequence (stopping early when the customer ends it) and returns the result.</summary>
    public static PracticeResult Play(CompiledScenario scenario, IEnumerable<string> replies, PracticeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var session = Start(scenario, options);
        foreach (var reply in replies)
        {
            if (session.IsOver)
            {
                break;
            }

            if (!string.IsNullOrWhiteSpace(reply))
            {
                session.Reply(reply);
            }
        }

        return session.Finish();
    }
}
