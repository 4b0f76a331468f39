namespace ServiceCoach.Practice;

/// <summary>How much one signal moved the emotion after one reply (after temperament and repetition).</summary>
public sealed record EmotionEffect(string Signal, int Change);

/// <summary>The customer's answer to one reply.</summary>
/// <param name="Line">What the customer says next (also said when the session ends: a goodbye, a demand, a complaint).</param>
/// <param name="Emotion">The emotion after the reply, 0 (calm) … 100 (leaves).</param>
/// <param name="Outcome">Set when this reply ended the session.</param>
/// <param name="NeedsMet">The ids of the needs this reply met.</param>
/// <param name="Effects">What moved the emotion, signal by signal (needs met appear as <c>need:id</c>).</param>
public sealed record CustomerReaction(string Line, int Emotion, PracticeOutcome? Outcome, IReadOnlyList<string> NeedsMet, IReadOnlyList<EmotionEffect> Effects, bool Ignored);

/// <summary>
/// The virtual customer: a pure, deterministic state machine. Its emotion (0 calm … 100 leaves)
/// moves with what each reply is heard to do; it presses for its needs in order, reacts to beats,
/// and ends the session as resolved, escalated, abandoned or at the turn limit. The same scenario,
/// seed and replies always give the same lines, emotions and outcome; the seed only picks between
/// a line's variants, never what the customer feels.
/// </summary>
public sealed class VirtualCustomer
{
    private readonly CompiledScenario _scenario;
    private readonly int _seed;
    private readonly bool[] _met;
    private readonly int?[] _metAt;
    private readonly Dictionary<string, int> _timesHeard = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _firstHeard = new(StringComparer.Ordinal);
    private readonly HashSet<int> _beatsUsed = [];
    private readonly Dictionary<string, int> _lineUses = new(StringComparer.Ordinal);
    private bool _escalationDemanded;
    private bool _awaitingClose;

    public VirtualCustomer(CompiledScenario scenario, int seed = 0)
    {
        _scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        _seed = seed;
        _met = new bool[scenario.Definition.Needs.Count];
        _metAt = new int?[_met.Length];
        Emotion = scenario.Definition.Persona.Emotion;
    }

    public int Emotion { get; private set; }

    /// <summary>Learner replies so far.</summary>
    public int Replies { get; private set; }

    public PracticeOutcome? Outcome { get; private set; }

    /// <summary>Every need is met and the customer accepted; the learner is expected to close.</summary>
    public bool AwaitingClose => _awaitingClose;

    /// <summary>For each need (in file order), the 0-based reply number that met it, or null.</summary>
    public IReadOnlyList<int?> NeedsMetAt => _metAt;

    /// <summary>The 0-based reply at which each signal was first heard.</summary>
    public IReadOnlyDictionary<string, int> FirstHeard => _firstHeard;

    /// <summary>The customer's first message.</summary>
    public string Open() => Pick(_scenario.Definition.Opening, "opening");

    public CustomerReaction React(HeardReply heard)
    {
        ArgumentNullException.ThrowIfNull(heard);
        if (Outcome is not null)
        {
            throw new InvalidOperationException("The practice conversation is over.");
        }

        var definition = _scenario.Definition;
        var reactions = _scenario.Reactions;
        Replies++;

        // Did the reply address anything the customer recognises? Otherwise it is heard as "ignored".
        var state = new ReplyState(this, heard);
        var addressed = heard.Cues.Count > 0 ||
            heard.Signals.Any(s => _scenario.HasEffect(s) && _scenario.EffectOf(s) <= 0) ||
            Enumerable.Range(0, _met.Length).Any(i => !_met[i] && _scenario.NeedTriggers[i].Evaluate(state));
        if (!addressed)
        {
            heard = heard with { Ignored = true };
            state = new ReplyState(this, heard);
        }

        var effects = new List<EmotionEffect>();
        var emotion = (decimal)Emotion;
        foreach (var (signal, effect) in _scenario.Effects)
        {
            if (effect == 0 || !heard.Has(signal))
            {
                continue;
            }

            decimal change;
            if (effect < 0)
            {
                change = effect * _scenario.Factors.Calming;
                for (var n = _timesHeard.GetValueOrDefault(signal); n > 0; n--)
                {
                    change *= reactions.CalmingDecay;
                }
            }
            else
            {
                change = effect * _scenario.Factors.Inflaming;
            }

            var rounded = (int)Math.Round(change, MidpointRounding.AwayFromZero);
            if (rounded != 0)
            {
                effects.Add(new EmotionEffect(signal, rounded));
                emotion += rounded;
            }
        }

        foreach (var signal in heard.Signals.Distinct())
        {
            _timesHeard[signal] = _timesHeard.GetValueOrDefault(signal) + 1;
            _firstHeard.TryAdd(signal, Replies - 1);
        }

        Emotion = Clamp(emotion);
        var metNow = new List<string>();
        for (var i = 0; i < _met.Length; i++)
        {
            var need = definition.Needs[i];
            if (_met[i] || !_scenario.NeedTriggers[i].Evaluate(state) || (need.AcceptBelow is { } below && Emotion >= below))
            {
                continue;
            }

            _met[i] = true;
            _metAt[i] = Replies - 1;
            metNow.Add(need.Id);
            var relief = (int)Math.Round((need.Relief ?? reactions.NeedRelief) * _scenario.Factors.Calming, MidpointRounding.AwayFromZero);
            if (relief != 0)
            {
                effects.Add(new EmotionEffect("need:" + need.Id, -relief));
                Emotion = Clamp(Emotion - relief);
            }
        }

        var line = Decide(heard, state, metNow);
        return new CustomerReaction(line, Emotion, Outcome, metNow, effects, heard.Ignored);
    }

    private string Decide(HeardReply heard, ReplyState state, List<string> metNow)
    {
        var definition = _scenario.Definition;
        var reactions = _scenario.Reactions;
        var allMet = _met.All(m => m);
        var acceptable = allMet && Emotion <= definition.Resolution.MaxEmotion;
        var closed = _scenario.ClosingSignal is { } closing && heard.Has(closing);

        if (Emotion >= 100)
        {
            return End(PracticeOutcome.Abandoned, Or(definition.Abandon, reactions.Abandon), "abandon");
        }

        if (!allMet && _scenario.TransferSignal is { } transfer && heard.Has(transfer))
        {
            return End(PracticeOutcome.Escalated, reactions.Transferred, "transferred");
        }

        if (acceptable && (closed || _awaitingClose || Replies >= definition.MaxTurns))
        {
            return End(PracticeOutcome.Resolved, Or(definition.Resolution.Farewell, reactions.Farewell), "farewell");
        }

        if (_escalationDemanded && Emotion >= definition.Escalation.At)
        {
            return End(PracticeOutcome.Escalated, reactions.Escalated, "escalated");
        }

        if (Replies >= definition.MaxTurns)
        {
            return End(PracticeOutcome.TurnLimit, Or(definition.TurnLimitLines, reactions.TurnLimit), "turn-limit");
        }

        if (acceptable)
        {
            _awaitingClose = true;
            return Pick(Or(definition.Resolution.Say, reactions.Resolution), "resolution");
        }

        if (Emotion >= definition.Escalation.At)
        {
            _escalationDemanded = true;
            return Pick(Or(definition.Escalation.Say, reactions.Escalation), "escalation");
        }

        _escalationDemanded = false;
        for (var b = 0; b < definition.Beats.Count; b++)
        {
            var beat = definition.Beats[b];
            if ((!beat.Once || !_beatsUsed.Contains(b)) && _scenario.BeatTriggers[b].Evaluate(state))
            {
                _beatsUsed.Add(b);
                return Pick(beat.Say, "beat:" + beat.Id);
            }
        }

        foreach (var line in _scenario.LinesBefore)
        {
            if (line.When.Evaluate(state))
            {
                return Pick(line.Say, line.Key);
            }
        }

        if (metNow.Count > 0)
        {
            var need = definition.Needs.First(n => n.Id == metNow[^1]);
            var ack = need.Ack.Count > 0 ? Pick(need.Ack, "ack:" + need.Id) : "";
            return ack + Press();
        }

        foreach (var line in _scenario.LinesInstead)
        {
            if (line.When.Evaluate(state))
            {
                return Pick(line.Say, line.Key);
            }
        }

        return Press();
    }

    /// <summary>What the customer says to push for their first unmet need (or, with all met, that they are still upset).</summary>
    private string Press()
    {
        var definition = _scenario.Definition;
        for (var i = 0; i < _met.Length; i++)
        {
            if (!_met[i])
            {
                return Pick(definition.Needs[i].Ask, "ask:" + definition.Needs[i].Id);
            }
        }

        return Pick(Or(definition.Resolution.StillUpset, _scenario.Reactions.StillUpset), "still-upset");
    }

    private string End(PracticeOutcome outcome, IReadOnlyList<string> lines, string key)
    {
        Outcome = outcome;
        return Pick(lines, key);
    }

    private static IReadOnlyList<string> Or(IReadOnlyList<string> own, IReadOnlyList<string> library) => own.Count > 0 ? own : library;

    /// <summary>
    /// Picks a variant: the first time a line is used its first variant (with seed 0), then the next
    /// one, cycling; another seed starts the cycle elsewhere.
    /// </summary>
    private string Pick(IReadOnlyList<string> lines, string key)
    {
        if (lines.Count == 0)
        {
            return "";
        }

        var uses = _lineUses.GetValueOrDefault(key);
        _lineUses[key] = uses + 1;
        var offset = _seed == 0 ? 0 : (int)(Mix((ulong)(uint)_seed, StableHash(key)) % (ulong)lines.Count);
        return lines[(offset + uses) % lines.Count];
    }

    private static int Clamp(decimal value) => (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 100);

    /// <summary>FNV-1a: string.GetHashCode is randomised per process and would break determinism.</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }

    /// <summary>SplitMix64 finaliser over the seed and the key.</summary>
    private static ulong Mix(ulong seed, ulong key)
    {
        var z = unchecked(seed * 0x9E3779B97F4A7C15UL + key);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    private sealed class ReplyState(VirtualCustomer customer, HeardReply heard) : IExpressionState
    {
        public bool Heard(string signal) => heard.Has(signal);

        public bool EverHeard(string signal) => heard.Has(signal) || customer._firstHeard.ContainsKey(signal);

        public int? FirstHeard(string signal) => customer._firstHeard.TryGetValue(signal, out var at) ? at : heard.Has(signal) ? customer.Replies - 1 : null;

        public int Emotion => customer.Emotion;

        public int Turn => customer.Replies;

        public bool NeedMet(string need)
        {
            var index = customer._scenario.Definition.Needs.ToList().FindIndex(n => n.Id == need);
            return index >= 0 && customer._met[index];
        }

        public PracticeOutcome? Outcome => null;

        public bool CheckPassed(string check) => false;
    }
}
