using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// A kind of test a condition can run (phrase, regex, response latency…). Each is a named class
/// registered in <see cref="OperatorRegistry"/>; a standard that names an unknown operator fails
/// at load. The kind validates its arguments once and returns a compiled instance that the
/// engine evaluates per conversation.
/// </summary>
internal interface ICheckOperator
{
    /// <summary>The name used in standard files.</summary>
    string Name { get; }

    /// <summary>One line for <c>standard show</c> and the docs: what makes it hit.</summary>
    string Summary { get; }

    /// <summary>Validates the arguments (reporting problems to <paramref name="arguments"/>) and compiles; null on error.</summary>
    ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation);
}

/// <summary>A configured operator, immutable and safe to evaluate from several threads.</summary>
internal interface ICompiledOperator
{
    /// <summary>
    /// Evaluates over the turns in <paramref name="scope"/> (indices into the conversation's turns,
    /// ascending). Adds the spans that explain the answer with <see cref="EvaluationContext.AddEvidence"/>
    /// whatever the answer is, and returns <see cref="Truth.Unknown"/> when the conversation lacks
    /// what the test needs (timestamps, CSAT…), never a guess.
    /// </summary>
    Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope);
}
