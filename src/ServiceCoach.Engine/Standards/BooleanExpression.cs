namespace ServiceCoach.Standards;

/// <summary>
/// Three-valued truth (Kleene logic): <see cref="Unknown"/> is what a timing operator answers
/// when a conversation has no timestamps. <c>false &amp;&amp; unknown</c> is false and
/// <c>true || unknown</c> is true, so a check is only "na" when the unknown part decides it.
/// </summary>
public enum Truth : byte
{
    False = 0,
    True = 1,
    Unknown = 2,
}

/// <summary>
/// A pre-parsed boolean expression over operands: <c>1 &amp;&amp; !2</c>, <c>greets || (a &amp;&amp; !b)</c>.
/// Operators: <c>!</c> (not), <c>&amp;&amp;</c> (and, binds tighter), <c>||</c> (or), parentheses.
/// Compiled once to postfix so evaluation is a loop over an array with a small stack.
/// </summary>
public sealed class BooleanExpression
{
    /// <summary>How deeply '(' and '!' may nest in one expression; parsing recurses once per level.</summary>
    public const int MaxNestingDepth = 64;

    private const int Not = -1;
    private const int And = -2;
    private const int Or = -3;

    private readonly int[] _program;
    private readonly int _maxDepth;

    private BooleanExpression(string text, int[] program, int[] operands)
    {
        Text = text;
        _program = program;
        Operands = operands;
        var depth = 0;
        foreach (var code in program)
        {
            depth += code >= 0 ? 1 : code == Not ? 0 : -1;
            _maxDepth = Math.Max(_maxDepth, depth);
        }
    }

    public string Text { get; }

    /// <summary>The distinct operand indices the expression refers to, in order of first appearance.</summary>
    public IReadOnlyList<int> Operands { get; }

    /// <summary>An expression that is the conjunction of operands 0..count-1.</summary>
    public static BooleanExpression AllOf(int count)
    {
        var program = new List<int>();
        for (var i = 0; i < count; i++)
        {
            program.Add(i);
            if (i > 0)
            {
                program.Add(And);
            }
        }

        return new BooleanExpression(string.Join(" && ", Enumerable.Range(1, count)), [.. program], [.. Enumerable.Range(0, count)]);
    }

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="resolve"/> maps an operand name to its
    /// index, or null when unknown. On failure returns null and sets <paramref name="error"/> with
    /// the 0-based character position of the problem.
    /// </summary>
    public static BooleanExpression? TryParse(string text, Func<string, int?> resolve, out (int Position, string Message) error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(resolve);
        var parser = new Parser(text, resolve);
        var ok = parser.ParseOr() && parser.AtEnd();
        error = parser.Error;
        return ok ? new BooleanExpression(text, [.. parser.Program], [.. parser.Program.Where(c => c >= 0).Distinct()]) : null;
    }

    /// <summary>Evaluates with operand values from <paramref name="operand"/>.</summary>
    public Truth Evaluate<TState>(TState state, Func<TState, int, Truth> operand)
    {
        Span<Truth> stack = _maxDepth <= 64 ? stackalloc Truth[64] : new Truth[_maxDepth];
        var top = -1;
        foreach (var code in _program)
        {
            switch (code)
            {
                case Not:
                    stack[top] = stack[top] switch
                    {
                        Truth.True => Truth.False,
                        Truth.False => Truth.True,
                        _ => Truth.Unknown,
                    };
                    break;
                case And:
                    top--;
                    stack[top] = AndOf(stack[top], stack[top + 1]);
                    break;
                case Or:
                    top--;
                    stack[top] = OrOf(stack[top], stack[top + 1]);
                    break;
                default:
                    stack[++top] = operand(state, code);
                    break;
            }
        }

        return stack[0];
    }

    public static Truth AndOf(Truth a, Truth b) =>
        a == Truth.False || b == Truth.False ? Truth.False : a == Truth.True && b == Truth.True ? Truth.True : Truth.Unknown;

    public static Truth OrOf(Truth a, Truth b) =>
        a == Truth.True || b == Truth.True ? Truth.True : a == Truth.False && b == Truth.False ? Truth.False : Truth.Unknown;

    public override string ToString() => Text;

    private sealed class Parser(string text, Func<string, int?> resolve)
    {
        private int _position;

        // Open '(' and '!' around the current operand: the parser recurses once per level.
        private int _depth;

        public List<int> Program { get; } = [];

        public (int Position, string Message) Error { get; private set; }

        public bool AtEnd()
        {
            SkipSpace();
            if (_position < text.Length)
            {
                return Fail(text[_position] == ')' ? "A ')' has no matching '('." : $"Unexpected '{text[_position]}': expected && or ||.");
            }

            return true;
        }

        public bool ParseOr()
        {
            if (!ParseAnd())
            {
                return false;
            }

            while (Accept("||"))
            {
                if (!ParseAnd())
                {
                    return false;
                }

                Program.Add(Or);
            }

            return true;
        }

        private bool ParseAnd()
        {
            if (!ParseUnary())
            {
                return false;
            }

            while (Accept("&&"))
            {
                if (!ParseUnary())
                {
                    return false;
                }

                Program.Add(And);
            }

            return true;
        }

        private bool ParseUnary()
        {
            SkipSpace();
            if (Accept("!"))
            {
                if (!Enter() || !ParseUnary())
                {
                    return false;
                }

                _depth--;
                Program.Add(Not);
                return true;
            }

            if (Accept("("))
            {
                var open = _position - 1;
                if (!Enter() || !ParseOr())
                {
                    return false;
                }

                if (!Accept(")"))
                {
                    _position = open;
                    return Fail("This '(' is never closed.");
                }

                _depth--;
                return true;
            }

            var start = _position;
            while (_position < text.Length && IsOperandChar(text[_position]))
            {
                _position++;
            }

            if (start == _position)
            {
                return Fail(_position >= text.Length
                    ? "The expression ends where an operand was expected."
                    : text[_position] is '&' or '|'
                        ? $"Expected an operand before '{text[_position]}'."
                        : $"Unexpected '{text[_position]}': expected an operand, '!' or '('.");
            }

            var name = text[start.._position];
            var index = resolve(name);
            if (index is null)
            {
                _position = start;
                return Fail($"'{name}' is not defined here.");
            }

            Program.Add(index.Value);
            return true;
        }

        private bool Enter() =>
            ++_depth <= MaxNestingDepth || Fail($"The expression is nested more than {MaxNestingDepth} levels deep ('(' and '!'); write it flatter.");

        private static bool IsOperandChar(char c) =>
            !char.IsWhiteSpace(c) && c is not ('(' or ')' or '!' or '&' or '|');

        private bool Accept(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) == 0)
            {
                _position += token.Length;
                return true;
            }

            if (token.Length == 2 && _position < text.Length && text[_position] == token[0])
            {
                Fail($"Use '{token}' (doubled), not a single '{token[0]}'.");
            }

            return false;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private bool Fail(string message)
        {
            if (Error.Message is null)
            {
                Error = (_position, message);
            }

            return false;
        }
    }
}
