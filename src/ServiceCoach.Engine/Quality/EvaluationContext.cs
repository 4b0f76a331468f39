using System.Buffers;
using ServiceCoach.Conversations;
using ServiceCoach.Quality.Operators;
using ServiceCoach.Standards;
using ServiceCoach.Text;

namespace ServiceCoach.Quality;

/// <summary>A phrase occurrence in one turn; offsets are into the turn's text (original = normalised, same length).</summary>
internal readonly record struct TurnHit(int PatternId, int Start, int Length, int Turn)
{
    public int End => Start + Length;
}

/// <summary>A span that explains a check's outcome. Offsets are UTF-16 positions in the turn's original text.</summary>
internal readonly record struct EvidenceItem(int Turn, int Start, int Length, string? Suggestion = null, string? Note = null);

/// <summary>
/// Per-thread scratch space for scoring one conversation at a time: the normalised text of
/// every turn, all phrase hits of all lexicons from one automaton pass per turn, and memoised
/// condition results. Reused across conversations so the hot path allocates little.
/// </summary>
internal sealed class EvaluationContext
{
    private char[] _text = new char[4096];
    private int[] _textStart = new int[64];
    private TurnHit[] _hits = new TurnHit[256];
    private int _hitCount;
    private int[] _hitStart = new int[64];
    private int[] _agentTurns = new int[64];
    private int[] _customerTurns = new int[64];
    private int[] _systemTurns = new int[64];
    private int[] _allTurns = new int[64];
    private int _agentCount;
    private int _customerCount;
    private int _systemCount;

    private Truth[] _conditionValue = [];
    private byte[] _conditionState = [];
    private int[] _evidenceStart = [];
    private int[] _evidenceCount = [];
    private int[] _reasonStart = [];
    private int[] _reasonCount = [];

    public CompiledStandard Standard { get; private set; } = null!;

    public Conversation Conversation { get; private set; } = null!;

    /// <summary>Response-time limits for this conversation's channel and inquiry class, in seconds.</summary>
    public ResponseLimits Limits { get; private set; } = ResponseLimits.None;

    public List<EvidenceItem> Evidence { get; } = [];

    public List<string> Reasons { get; } = [];

    /// <summary>Scratch lists an operator may clear and use during one Evaluate call (operators never nest).</summary>
    public List<int> ScratchA { get; } = [];

    /// <inheritdoc cref="ScratchA"/>
    public List<int> ScratchB { get; } = [];

    /// <summary>Reusable buffer for gathering a check's evidence.</summary>
    public List<EvidenceItem> EvidenceScratch { get; } = [];

    public int TurnCount => Conversation.Turns.Count;

    private ulong[] _patternMask = [];

    /// <summary>
    /// The most work units scoring this conversation may take (see <see cref="QualityEngine.DefaultWorkBudget"/>);
    /// <see cref="Charge"/> throws <see cref="ScoringBudgetExceededException"/> beyond it.
    /// </summary>
    public long WorkBudget { get; set; } = QualityEngine.DefaultWorkBudget;

    /// <summary>Work units spent on this conversation so far: deterministic, never a clock.</summary>
    public long WorkDone { get; private set; }

    // What is being evaluated (a check, tag or risk signal), named in a budget error; kept as two
    // references so the hot path does not format a string per check.
    private string _currentKind = "";
    private string? _currentId;

    /// <summary>Names what is evaluated next ("check", its id) for a budget error.</summary>
    public void SetCurrentItem(string kind, string? id)
    {
        _currentKind = kind;
        _currentId = id;
    }

    /// <summary>What is being evaluated, e.g. <c>check 'greeting'</c>.</summary>
    public string CurrentItem => _currentId is null ? _currentKind : $"{_currentKind} '{_currentId}'";

    private int _currentCondition = -1;

    /// <summary>
    /// Counts <paramref name="units"/> of work (roughly one per character examined or per cell of an
    /// edit-distance table) and stops the conversation when the budget is spent. The count depends only
    /// on the standard and the conversation, so a conversation that errs errs the same way every time.
    /// </summary>
    public void Charge(long units)
    {
        WorkDone += units;
        if (WorkDone > WorkBudget)
        {
            ThrowBudgetExceeded();
        }
    }

    private void ThrowBudgetExceeded() =>
        throw new ScoringBudgetExceededException(
            Conversation.Id, CurrentItem, _currentCondition >= 0 ? Standard.Conditions[_currentCondition].Id : null, WorkBudget);

    public void Prepare(CompiledStandard standard, Conversation conversation)
    {
        Standard = standard;
        WorkDone = 0;
        SetCurrentItem("", null);
        _currentCondition = -1;
        _patternMask = standard.PatternLexiconMask;
        Conversation = conversation;
        Limits = standard.Timing.Resolve(conversation.Channel, conversation.Category);
        Evidence.Clear();
        Reasons.Clear();

        var turns = conversation.Turns;
        var n = turns.Count;
        EnsureTurnCapacity(n);
        var totalChars = 0;
        foreach (var turn in turns)
        {
            totalChars = checked(totalChars + turn.Text.Length);
        }

        if (_text.Length < totalChars)
        {
            _text = new char[Math.Max(totalChars, _text.Length * 2)];
        }

        _hitCount = 0;
        _agentCount = _customerCount = _systemCount = 0;
        var offset = 0;
        var sink = new HitSink(this, 0);
        for (var t = 0; t < n; t++)
        {
            var turn = turns[t];
            _textStart[t] = offset;
            var normalized = _text.AsSpan(offset, turn.Text.Length);
            TextNormalizer.Normalize(turn.Text, normalized);
            offset += turn.Text.Length;
            _hitStart[t] = _hitCount;
            sink = new HitSink(this, t);
            standard.Automaton.FindAll(normalized, ref sink);
            _allTurns[t] = t;
            switch (turn.Speaker)
            {
                case Speaker.Agent:
                    _agentTurns[_agentCount++] = t;
                    break;
                case Speaker.Customer:
                    _customerTurns[_customerCount++] = t;
                    break;
                default:
                    _systemTurns[_systemCount++] = t;
                    break;
            }
        }

        _textStart[n] = offset;
        _hitStart[n] = _hitCount;
        SetCurrentItem("text normalisation", null);
        Charge(totalChars);

        var conditionCount = standard.Conditions.Length;
        if (_conditionValue.Length < conditionCount)
        {
            _conditionValue = new Truth[conditionCount];
            _conditionState = new byte[conditionCount];
            _evidenceStart = new int[conditionCount];
            _evidenceCount = new int[conditionCount];
            _reasonStart = new int[conditionCount];
            _reasonCount = new int[conditionCount];
        }

        Array.Clear(_conditionState, 0, conditionCount);
    }

    /// <summary>The normalised text of a turn (same length and offsets as the original).</summary>
    public ReadOnlySpan<char> NormalizedText(int turn) => _text.AsSpan(_textStart[turn], _textStart[turn + 1] - _textStart[turn]);

    public ReadOnlySpan<TurnHit> HitsOf(int turn) => _hits.AsSpan(_hitStart[turn], _hitStart[turn + 1] - _hitStart[turn]);

    public Turn TurnAt(int turn) => Conversation.Turns[turn];

    /// <summary>The turn indices of a role, ascending.</summary>
    public ReadOnlySpan<int> TurnsOf(RoleScope role) => role switch
    {
        RoleScope.Agent => _agentTurns.AsSpan(0, _agentCount),
        RoleScope.Customer => _customerTurns.AsSpan(0, _customerCount),
        RoleScope.System => _systemTurns.AsSpan(0, _systemCount),
        _ => _allTurns.AsSpan(0, TurnCount),
    };

    /// <summary>True when the hit's phrase belongs to a lexicon of <paramref name="set"/>; gives the owning entry.</summary>
    public bool TryMatch(in TurnHit hit, LexiconSet set, out LexiconEntry entry)
    {
        if (!set.HasLargeIndex && (_patternMask[hit.PatternId] & set.Mask) == 0)
        {
            entry = null!;
            return false;
        }

        foreach (var owner in Standard.OwnersOf(hit.PatternId))
        {
            if (set.Contains(owner.Lexicon) && !IsCancelled(hit, owner.Lexicon))
            {
                entry = Standard.Lexicons[owner.Lexicon].Entries[owner.Entry];
                return true;
            }
        }

        entry = null!;
        return false;
    }

    /// <summary>True when any phrase of <paramref name="set"/> occurs in the turn (and is not cancelled).</summary>
    public bool TurnHits(int turn, LexiconSet set)
    {
        foreach (var hit in HitsOf(turn))
        {
            if (TryMatch(hit, set, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// At most this many spans are kept per condition. Operators report matches in turn order, so
    /// the earliest are kept; truth values never depend on evidence, only the explanation does.
    /// </summary>
    public const int MaxEvidencePerCondition = 20;

    private int _evidenceLimit = int.MaxValue;

    /// <summary>
    /// False keeps every span of every condition (for <see cref="QualityEngine.TagsInTurn"/>: the
    /// latest turn's spans must not be cut off by earlier ones); true caps them at <see cref="MaxEvidencePerCondition"/>.
    /// </summary>
    public bool CapEvidence { get; init; } = true;

    public void AddEvidence(EvidenceItem item)
    {
        if (Evidence.Count < _evidenceLimit)
        {
            Evidence.Add(item);
        }
    }

    /// <summary>A whole-turn span as evidence.</summary>
    public void AddTurnEvidence(int turn, string? note = null) =>
        AddEvidence(new EvidenceItem(turn, 0, TurnAt(turn).Text.Length, null, note));

    /// <summary>A plain-language explanation of the operator's answer (shown with the check).</summary>
    public void AddReason(string reason) => Reasons.Add(reason);

    /// <summary>Evaluates a condition once per conversation (memoised); anchors are evaluated first.</summary>
    public Truth EvaluateCondition(int index)
    {
        switch (_conditionState[index])
        {
            case 2:
                return _conditionValue[index];
            case 1:
                // Cycles are rejected at load; this guards a programming error, not user input.
                throw new InvalidOperationException($"Condition '{Standard.Conditions[index].Id}' depends on itself.");
        }

        _conditionState[index] = 1;
        var condition = Standard.Conditions[index];
        var rented = ArrayPool<int>.Shared.Rent(Math.Max(1, TurnCount));
        try
        {
            var scope = ComputeScope(condition, rented);
            var evidenceStart = Evidence.Count;
            var reasonStart = Reasons.Count;
            var outerLimit = _evidenceLimit;
            var outerCondition = _currentCondition;
            _currentCondition = index;
            _evidenceLimit = CapEvidence ? evidenceStart + MaxEvidencePerCondition : int.MaxValue;
            Truth value;
            try
            {
                value = condition.Expression.Evaluate(
                    (Context: this, Condition: condition, Rented: rented, ScopeLength: scope),
                    static (state, operand) => state.Condition.Operators[operand].Evaluate(state.Context, state.Rented.AsSpan(0, state.ScopeLength)));
            }
            finally
            {
                _evidenceLimit = outerLimit;
                _currentCondition = outerCondition;
            }

            _conditionValue[index] = value;
            _evidenceStart[index] = evidenceStart;
            _evidenceCount[index] = Evidence.Count - evidenceStart;
            _reasonStart[index] = reasonStart;
            _reasonCount[index] = Reasons.Count - reasonStart;
            _conditionState[index] = 2;
            return value;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>The condition's evidence in <see cref="Evidence"/>; empty when it was not evaluated for this conversation.</summary>
    public (int Start, int Count) EvidenceRangeOf(int condition) =>
        _conditionState[condition] == 2 ? (_evidenceStart[condition], _evidenceCount[condition]) : (0, 0);

    /// <summary>The condition's reasons in <see cref="Reasons"/>; empty when it was not evaluated for this conversation.</summary>
    public (int Start, int Count) ReasonRangeOf(int condition) =>
        _conditionState[condition] == 2 ? (_reasonStart[condition], _reasonCount[condition]) : (0, 0);

    /// <summary>The first turn at which a condition has evidence, or -1.</summary>
    public int FirstEvidenceTurn(int condition)
    {
        EvaluateCondition(condition);
        if (_conditionValue[condition] != Truth.True)
        {
            return -1;
        }

        var (start, count) = EvidenceRangeOf(condition);
        var first = -1;
        for (var i = start; i < start + count; i++)
        {
            if (first < 0 || Evidence[i].Turn < first)
            {
                first = Evidence[i].Turn;
            }
        }

        return first;
    }

    /// <summary>Writes the condition's turn scope into <paramref name="buffer"/>; returns its length.</summary>
    private int ComputeScope(CompiledCondition condition, int[] buffer)
    {
        var roleTurns = TurnsOf(condition.Role);
        var (from, to) = RangeOf(condition.Turns, roleTurns.Length);
        var count = 0;
        int anchorTurn = -1;
        if (condition.Anchor is { } anchor)
        {
            anchorTurn = FirstEvidenceTurn(anchor.Condition);
            if (anchorTurn < 0)
            {
                return 0;
            }
        }

        for (var i = from; i < to; i++)
        {
            var turn = roleTurns[i];
            if (condition.Anchor is { } a)
            {
                var distance = a.After ? turn - anchorTurn : anchorTurn - turn;
                if (distance <= 0 || (a.Within is { } within && distance > within))
                {
                    continue;
                }
            }

            buffer[count++] = turn;
        }

        return count;
    }

    /// <summary>Half-open index range [from, to) into the role's turns for a turn range.</summary>
    internal static (int From, int To) RangeOf(TurnRange? range, int count)
    {
        if (range is null)
        {
            return (0, count);
        }

        if (range.First is { } first)
        {
            return (0, Math.Min(first, count));
        }

        if (range.Last is { } last)
        {
            return (Math.Max(0, count - last), count);
        }

        var from = range.From is { } f ? (f > 0 ? f - 1 : count + f) : 0;
        var to = range.To is { } t ? (t > 0 ? t : count + t + 1) : count;
        from = Math.Clamp(from, 0, count);
        to = Math.Clamp(to, 0, count);
        return (from, Math.Max(from, to));
    }

    private void EnsureTurnCapacity(int turns)
    {
        if (_textStart.Length > turns)
        {
            return;
        }

        var size = Math.Max(turns + 1, _textStart.Length * 2);
        _textStart = new int[size];
        _hitStart = new int[size];
        _agentTurns = new int[size];
        _customerTurns = new int[size];
        _systemTurns = new int[size];
        _allTurns = new int[size];
    }

    private void AddHit(int patternId, int start, int length, int turn)
    {
        if (_hitCount == _hits.Length)
        {
            Array.Resize(ref _hits, _hits.Length * 2);
        }

        _hits[_hitCount++] = new TurnHit(patternId, start, length, turn);
    }

    private readonly struct HitSink(EvaluationContext context, int turn) : IPhraseMatchSink
    {
        public void OnMatch(int patternId, int start, int length) => context.AddHit(patternId, start, length, turn);
    }

    /// <summary>At most this many characters may stand between a negator and the phrase it negates ("不是要投诉").</summary>
    public const int NegationWindow = 3;

    /// <summary>
    /// True when a hit does not count for <paramref name="lexicon"/>: an exception phrase of that
    /// lexicon overlaps it, or a negator ends at most <see cref="NegationWindow"/> characters before
    /// it in the same clause.
    /// </summary>
    public bool IsCancelled(in TurnHit hit, int lexicon)
    {
        var rules = Standard.Lexicons[lexicon];
        if (!rules.HasRules)
        {
            return false;
        }

        foreach (var other in HitsOf(hit.Turn))
        {
            if (rules.ExceptionLexicon >= 0 && other.Start < hit.End && hit.Start < other.End && Owns(other.PatternId, rules.ExceptionLexicon))
            {
                return true;
            }

            if (rules.NegatorLexicon >= 0 && other.End <= hit.Start && hit.Start - other.End <= NegationWindow &&
                Owns(other.PatternId, rules.NegatorLexicon) && !OperatorText.HasClauseBreak(NormalizedText(hit.Turn)[other.End..hit.Start]))
            {
                return true;
            }
        }

        return false;
    }

    private bool Owns(int patternId, int lexicon)
    {
        if (lexicon < 64)
        {
            return (_patternMask[patternId] & (1UL << lexicon)) != 0;
        }

        foreach (var owner in Standard.OwnersOf(patternId))
        {
            if (owner.Lexicon == lexicon)
            {
                return true;
            }
        }

        return false;
    }
}
