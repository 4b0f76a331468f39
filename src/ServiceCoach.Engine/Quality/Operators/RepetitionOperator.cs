using System.Buffers;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Canned, copy-pasted answers: hits when two scoped turns of the same speaker, at most
/// <c>window</c> conversation turns apart, are at least <c>threshold</c> similar (character
/// bigrams, as <c>similarity</c>) and both have at least <c>minChars</c> content characters
/// (letters, digits, CJK; short acknowledgements like "好的" repeat naturally). Phrases of the
/// <c>ignore</c> lexicons (scripts such as "请问还有其他可以帮到您的吗", "请稍等", emoticon codes) are
/// left out before comparing: asking the closing question twice is a script, not a canned answer.
/// Evidence: the later turn, noting which earlier turn it repeats.
/// </summary>
internal sealed class RepetitionOperator : ICheckOperator
{
    public string Name => "repetition";

    public string Summary => "hits when a speaker repeats (near-)identical content within 'window' turns";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var window = map.Int("window", 1, 1000) ?? 6;
        var threshold = map.Decimal("threshold", 0, 1) ?? 0.9m;
        var minChars = map.Int("minChars", 1, 10_000) ?? 8;
        var ignore = compilation.ResolveLexiconsAndPhrases(arguments, "ignore", "ignorePhrases", [], required: false);
        return ignore is null ? null : new Compiled(window, (double)threshold, minChars, ignore.Lexicons.Length == 0 ? null : ignore);
    }

    private sealed class Compiled(int window, double threshold, int minChars, LexiconSet? ignore) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            if (scope.Length < 2)
            {
                return Truth.False;
            }

            // Each scoped turn's content characters go into one pooled buffer; a turn under
            // minChars is out (-1) before anything else is done with it. Bigrams are built and
            // sorted only for a turn that meets a same-speaker partner whose length could reach
            // the threshold and whose content is not simply identical: most turns never need them.
            var total = 0;
            var longest = 0;
            foreach (var turn in scope)
            {
                var length = context.NormalizedText(turn).Length;
                total += length;
                longest = Math.Max(longest, length);
            }

            var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, total));
            var bigrams = ArrayPool<int>.Shared.Rent(Math.Max(1, total));
            var slots = ArrayPool<Slot>.Shared.Rent(scope.Length);
            char[]? blanked = null;
            try
            {
                context.Charge(total);
                var offset = 0;
                for (var i = 0; i < scope.Length; i++)
                {
                    var text = context.NormalizedText(scope[i]);
                    if (ignore is not null && Blank(context, scope[i], ignore, text, ref blanked, longest))
                    {
                        text = blanked.AsSpan(0, text.Length);
                    }

                    var length = OperatorText.Compact(text, chars.AsSpan(offset));
                    slots[i] = new Slot(offset, length >= minChars ? length : -1, false);
                    offset += length;
                }

                var hit = false;
                for (var later = 1; later < scope.Length; later++)
                {
                    if (slots[later].Length < 0)
                    {
                        continue;
                    }

                    var speaker = context.TurnAt(scope[later]).Speaker;
                    for (var earlier = later - 1; earlier >= 0 && scope[later] - scope[earlier] <= window; earlier--)
                    {
                        if (slots[earlier].Length >= 0 && context.TurnAt(scope[earlier]).Speaker == speaker &&
                            !TextSimilarity.DiceCannotReach(slots[later].Length, slots[earlier].Length, threshold) &&
                            Charged(context, slots[later].Length + slots[earlier].Length) &&
                            Reaches(chars, bigrams, ref slots[later], ref slots[earlier]))
                        {
                            hit = true;
                            context.AddTurnEvidence(scope[later], $"与第 {OperatorText.TurnNumber(scope[earlier])} 轮内容重复");
                            break;
                        }
                    }
                }

                return hit ? Truth.True : Truth.False;
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
                ArrayPool<int>.Shared.Return(bigrams);
                ArrayPool<Slot>.Shared.Return(slots);
                if (blanked is not null)
                {
                    ArrayPool<char>.Shared.Return(blanked);
                }
            }
        }

        /// <summary>
        /// Dice(a, b) + tolerance ≥ threshold, as <see cref="TextSimilarity.Dice(ReadOnlySpan{char}, ReadOnlySpan{int}, ReadOnlySpan{char}, ReadOnlySpan{int})"/>
        /// decides it, but the merge stops as soon as the bigrams still unmatched cannot lift the
        /// count to the threshold: the answer is the same, most dissimilar pairs are cut short.
        /// </summary>
        private bool Reaches(char[] chars, int[] bigrams, ref Slot a, ref Slot b)
        {
            var p = chars.AsSpan(a.Start, a.Length);
            var q = chars.AsSpan(b.Start, b.Length);
            if (p.SequenceEqual(q) || TextSimilarity.BigramCount(a.Length) == 0 || TextSimilarity.BigramCount(b.Length) == 0)
            {
                return TextSimilarity.Dice(p, [], q, []) + TextSimilarity.Tolerance >= threshold;
            }

            var x = BigramsOf(chars, bigrams, ref a);
            var y = BigramsOf(chars, bigrams, ref b);
            var sum = (double)(x.Length + y.Length);
            int i = 0, j = 0, common = 0;
            while (i < x.Length && j < y.Length)
            {
                if (x[i] == y[j])
                {
                    common++;
                    i++;
                    j++;
                    continue;
                }

                if (x[i] < y[j])
                {
                    i++;
                }
                else
                {
                    j++;
                }

                if (2.0 * (common + Math.Min(x.Length - i, y.Length - j)) / sum + TextSimilarity.Tolerance < threshold)
                {
                    return false;
                }
            }

            return 2.0 * common / sum + TextSimilarity.Tolerance >= threshold;
        }

        /// <summary>Charges a comparison's work (about one unit per character of the pair) to the conversation's budget; always true.</summary>
        private static bool Charged(EvaluationContext context, int units)
        {
            context.Charge(units);
            return true;
        }

        /// <summary>A slot's sorted bigrams, built on first use (they fit in the slot's own range: n − 1 ≤ n).</summary>
        private static ReadOnlySpan<int> BigramsOf(char[] chars, int[] bigrams, ref Slot slot)
        {
            var count = TextSimilarity.BigramCount(slot.Length);
            if (!slot.HasBigrams)
            {
                TextSimilarity.SortedBigrams(chars.AsSpan(slot.Start, slot.Length), bigrams.AsSpan(slot.Start, count));
                slot = slot with { HasBigrams = true };
            }

            return bigrams.AsSpan(slot.Start, count);
        }

        /// <summary>Copies the turn's text with the ignored phrases blanked into <paramref name="blanked"/>; false when nothing is ignored.</summary>
        private static bool Blank(EvaluationContext context, int turn, LexiconSet ignore, ReadOnlySpan<char> text, ref char[]? blanked, int longest)
        {
            var copied = false;
            foreach (var hit in context.HitsOf(turn))
            {
                if (context.TryMatch(hit, ignore, out _))
                {
                    if (!copied)
                    {
                        blanked ??= ArrayPool<char>.Shared.Rent(Math.Max(1, longest));
                        text.CopyTo(blanked);
                        copied = true;
                    }

                    blanked.AsSpan(hit.Start, hit.Length).Fill(' ');
                }
            }

            return copied;
        }

        /// <summary>A scoped turn's compact text in the shared buffer: Length −1 when under minChars.</summary>
        private readonly record struct Slot(int Start, int Length, bool HasBigrams);
    }
}
