using System.Buffers;

namespace ServiceCoach.Text;

/// <summary>One occurrence of a pattern: <see cref="Start"/> and <see cref="Length"/> are UTF-16 offsets into the searched text.</summary>
public readonly record struct PhraseMatch(int PatternId, int Start, int Length);

/// <summary>Receives matches without allocating a delegate per search.</summary>
public interface IPhraseMatchSink
{
    void OnMatch(int patternId, int start, int length);
}

/// <summary>
/// Aho–Corasick automaton over many patterns: finds every occurrence of every pattern, overlaps
/// included, in one left-to-right pass whose cost does not grow with the number of patterns.
/// </summary>
/// <remarks>
/// Patterns are matched as given (callers pass normalised patterns and normalised text). A
/// pattern that begins or ends with an ASCII letter or digit only matches on an ASCII word
/// boundary on that side, so the jargon term "ok" does not fire inside "token" while Chinese
/// phrases, which have no word boundaries, match anywhere. Characters are mapped to a compact
/// alphabet; the root row is dense and the other states keep sorted edge lists, and the scan
/// jumps with a vectorised <c>IndexOfAny</c> over the patterns' first characters while at the root.
/// </remarks>
public sealed class PhraseAutomaton
{
    private readonly ushort[] _classOf;
    private readonly int[] _rootNext;
    private readonly int[] _edgeOffset;
    private readonly ushort[] _edgeKey;
    private readonly int[] _edgeTarget;
    private readonly int[] _fail;
    private readonly int[] _outputPattern;
    private readonly int[] _firstOutput;
    private readonly int[] _nextOutput;
    private readonly int[] _patternLength;
    private readonly bool[] _leftBoundary;
    private readonly bool[] _rightBoundary;
    private readonly SearchValues<char> _firstChars;
    private readonly string[] _patterns;

    private PhraseAutomaton(
        string[] patterns, ushort[] classOf, int[] rootNext, int[] edgeOffset, ushort[] edgeKey, int[] edgeTarget,
        int[] fail, int[] outputPattern, int[] firstOutput, int[] nextOutput, SearchValues<char> firstChars)
    {
        _patterns = patterns;
        _classOf = classOf;
        _rootNext = rootNext;
        _edgeOffset = edgeOffset;
        _edgeKey = edgeKey;
        _edgeTarget = edgeTarget;
        _fail = fail;
        _outputPattern = outputPattern;
        _firstOutput = firstOutput;
        _nextOutput = nextOutput;
        _firstChars = firstChars;
        _patternLength = new int[patterns.Length];
        _leftBoundary = new bool[patterns.Length];
        _rightBoundary = new bool[patterns.Length];
        for (var i = 0; i < patterns.Length; i++)
        {
            _patternLength[i] = patterns[i].Length;
            _leftBoundary[i] = char.IsAsciiLetterOrDigit(patterns[i][0]);
            _rightBoundary[i] = char.IsAsciiLetterOrDigit(patterns[i][^1]);
        }
    }

    public int PatternCount => _patterns.Length;

    public string GetPattern(int patternId) => _patterns[patternId];

    /// <summary>Builds the automaton. Pattern ids are indices into <paramref name="patterns"/>; patterns must be non-empty and distinct.</summary>
    public static PhraseAutomaton Build(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var patternArray = patterns.ToArray();

        var classOf = new ushort[char.MaxValue + 1];
        ushort classCount = 0;
        var firstChars = new HashSet<char>();
        foreach (var pattern in patternArray)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                throw new ArgumentException("Patterns must not be empty.", nameof(patterns));
            }

            firstChars.Add(pattern[0]);
            foreach (var c in pattern)
            {
                if (classOf[c] == 0)
                {
                    classOf[c] = checked(++classCount);
                }
            }
        }

        // Trie with dictionary children at build time only.
        var children = new List<Dictionary<ushort, int>> { new() };
        var output = new List<int> { -1 };
        for (var p = 0; p < patternArray.Length; p++)
        {
            var state = 0;
            foreach (var c in patternArray[p])
            {
                var cls = classOf[c];
                if (!children[state].TryGetValue(cls, out var next))
                {
                    next = children.Count;
                    children.Add(new Dictionary<ushort, int>());
                    output.Add(-1);
                    children[state][cls] = next;
                }

                state = next;
            }

            if (output[state] >= 0)
            {
                throw new ArgumentException($"Duplicate pattern \"{patternArray[p]}\".", nameof(patterns));
            }

            output[state] = p;
        }

        var stateCount = children.Count;
        var fail = new int[stateCount];
        var firstOutput = new int[stateCount];
        var nextOutput = new int[stateCount];
        var rootNext = new int[classCount + 1];
        foreach (var (cls, target) in children[0])
        {
            rootNext[cls] = target;
        }

        // Breadth-first: a state's fail link is the longest proper suffix that is also a trie path.
        var queue = new Queue<int>();
        foreach (var target in children[0].Values)
        {
            fail[target] = 0;
            queue.Enqueue(target);
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            var failState = fail[state];
            firstOutput[state] = output[state] >= 0 ? state : firstOutput[failState];
            nextOutput[state] = firstOutput[failState];
            foreach (var (cls, target) in children[state])
            {
                var f = failState;
                while (f != 0 && !children[f].ContainsKey(cls))
                {
                    f = fail[f];
                }

                var fallback = children[f].TryGetValue(cls, out var suffixState) ? suffixState : 0;
                fail[target] = fallback;
                queue.Enqueue(target);
            }
        }

        var edgeOffset = new int[stateCount + 1];
        for (var s = 0; s < stateCount; s++)
        {
            edgeOffset[s + 1] = edgeOffset[s] + (s == 0 ? 0 : children[s].Count);
        }

        var edgeKey = new ushort[edgeOffset[stateCount]];
        var edgeTarget = new int[edgeOffset[stateCount]];
        for (var s = 1; s < stateCount; s++)
        {
            var at = edgeOffset[s];
            foreach (var (cls, target) in children[s].OrderBy(kv => kv.Key))
            {
                edgeKey[at] = cls;
                edgeTarget[at] = target;
                at++;
            }
        }

        return new PhraseAutomaton(
            patternArray, classOf, rootNext, edgeOffset, edgeKey, edgeTarget, fail, output.ToArray(), firstOutput, nextOutput,
            SearchValues.Create(firstChars.Order().ToArray()));
    }

    /// <summary>Reports every occurrence of every pattern in <paramref name="text"/>, ordered by end position.</summary>
    public void FindAll<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IPhraseMatchSink
    {
        var classOf = _classOf;
        var state = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (state == 0)
            {
                var skip = text[i..].IndexOfAny(_firstChars);
                if (skip < 0)
                {
                    return;
                }

                i += skip;
                state = _rootNext[classOf[text[i]]];
            }
            else
            {
                var cls = classOf[text[i]];
                state = cls == 0 ? 0 : Step(state, cls);
            }

            var outState = _firstOutput[state];
            while (outState != 0)
            {
                var pattern = _outputPattern[outState];
                var length = _patternLength[pattern];
                var start = i - length + 1;
                if (OnBoundary(text, pattern, start, i))
                {
                    sink.OnMatch(pattern, start, length);
                }

                outState = _nextOutput[outState];
            }

            i++;
        }
    }

    /// <summary>Convenience overload that collects matches into a list.</summary>
    public List<PhraseMatch> FindAll(ReadOnlySpan<char> text)
    {
        var sink = new ListSink(new List<PhraseMatch>());
        FindAll(text, ref sink);
        return sink.Matches;
    }

    private int Step(int state, ushort cls)
    {
        while (true)
        {
            if (state == 0)
            {
                return _rootNext[cls];
            }

            var lo = _edgeOffset[state];
            var hi = _edgeOffset[state + 1];
            if (hi - lo <= 8)
            {
                for (var e = lo; e < hi; e++)
                {
                    if (_edgeKey[e] == cls)
                    {
                        return _edgeTarget[e];
                    }
                }
            }
            else
            {
                var found = Array.BinarySearch(_edgeKey, lo, hi - lo, cls);
                if (found >= 0)
                {
                    return _edgeTarget[found];
                }
            }

            state = _fail[state];
        }
    }

    private bool OnBoundary(ReadOnlySpan<char> text, int pattern, int start, int end)
    {
        if (_leftBoundary[pattern] && start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
        {
            return false;
        }

        return !_rightBoundary[pattern] || end + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[end + 1]);
    }

    private struct ListSink(List<PhraseMatch> matches) : IPhraseMatchSink
    {
        public readonly List<PhraseMatch> Matches = matches;

        public readonly void OnMatch(int patternId, int start, int length) => Matches.Add(new PhraseMatch(patternId, start, length));
    }
}
