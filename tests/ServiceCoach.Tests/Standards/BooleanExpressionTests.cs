using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Standards;

public sealed class BooleanExpressionTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    private static BooleanExpression Parse(string text)
    {
        var expression = BooleanExpression.TryParse(text, n => Array.IndexOf(Names, n) is var i and >= 0 ? i : null, out var error);
        Assert.True(expression is not null, error.Message);
        return expression!;
    }

    private static Truth Eval(string text, params Truth[] values) => Parse(text).Evaluate(values, static (v, i) => v[i]);

    [Theory]
    [InlineData("a || b && c", Truth.True, Truth.False, Truth.False, Truth.True)]
    [InlineData("(a || b) && c", Truth.True, Truth.False, Truth.False, Truth.False)]
    [InlineData("!a && b", Truth.False, Truth.True, Truth.False, Truth.True)]
    [InlineData("!!a", Truth.True, Truth.False, Truth.False, Truth.True)]
    public void Evaluate_FollowsPrecedence(string text, Truth a, Truth b, Truth c, Truth expected)
    {
        Assert.Equal(expected, Eval(text, a, b, c));
    }

    [Theory]
    [InlineData("a && b", Truth.False, Truth.Unknown, Truth.False)]
    [InlineData("a && b", Truth.True, Truth.Unknown, Truth.Unknown)]
    [InlineData("a || b", Truth.True, Truth.Unknown, Truth.True)]
    [InlineData("a || b", Truth.False, Truth.Unknown, Truth.Unknown)]
    [InlineData("!a", Truth.Unknown, Truth.False, Truth.Unknown)]
    public void Evaluate_UsesKleeneLogicForUnknown(string text, Truth a, Truth b, Truth expected)
    {
        Assert.Equal(expected, Eval(text, a, b, Truth.False));
    }

    [Theory]
    [InlineData("a &&", 4, "ends where an operand was expected")]
    [InlineData("a b", 2, "expected && or ||")]
    [InlineData("(a", 0, "never closed")]
    [InlineData("a)", 1, "no matching '('")]
    [InlineData("a && d", 5, "'d' is not defined here")]
    [InlineData("a & b", 2, "Use '&&'")]
    [InlineData("|| a", 0, "Expected an operand before '|'")]
    public void TryParse_Malformed_ReportsPositionAndReason(string text, int position, string message)
    {
        var expression = BooleanExpression.TryParse(text, n => Array.IndexOf(Names, n) is var i and >= 0 ? i : null, out var error);

        Assert.Null(expression);
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Operands_AreDistinctInOrderOfAppearance()
    {
        Assert.Equal([1, 0], Parse("b && (a || !b)").Operands);
    }
}
