namespace MetricStream.Processing.Alerts;

/// <summary>How a value is compared to a rule's <c>value</c>; in files <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>==</c>, <c>!=</c>.</summary>
public enum ComparisonOperator
{
    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>==</c> (exact floating-point equality).</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,
}

/// <summary>Parsing, printing and applying <see cref="ComparisonOperator"/>s.</summary>
public static class Comparisons
{
    /// <summary>The symbols used in rule files, in <see cref="ComparisonOperator"/> order.</summary>
    public static IReadOnlyList<string> Symbols { get; } = [">", ">=", "<", "<=", "==", "!="];

    /// <summary>The symbol, e.g. <c>&gt;=</c>.</summary>
    /// <param name="op">The operator.</param>
    /// <returns>The symbol.</returns>
    public static string Symbol(ComparisonOperator op) => Symbols[(int)op];

    /// <summary>Parses a symbol.</summary>
    /// <param name="text">e.g. <c>&gt;</c>.</param>
    /// <param name="op">The operator, when known.</param>
    /// <returns>False for an unknown symbol.</returns>
    public static bool TryParse(string? text, out ComparisonOperator op)
    {
        for (var i = 0; i < Symbols.Count; i++)
        {
            if (string.Equals(Symbols[i], text, StringComparison.Ordinal))
            {
                op = (ComparisonOperator)i;
                return true;
            }
        }

        op = default;
        return false;
    }

    /// <summary>Applies the operator; NaN never compares true (not even with <c>!=</c>).</summary>
    /// <param name="op">The operator.</param>
    /// <param name="left">The observed value.</param>
    /// <param name="right">The rule's value.</param>
    /// <returns>Whether <c>left op right</c> holds.</returns>
    public static bool Holds(ComparisonOperator op, double left, double right) => !double.IsNaN(left) && op switch
    {
        ComparisonOperator.GreaterThan => left > right,
        ComparisonOperator.GreaterThanOrEqual => left >= right,
        ComparisonOperator.LessThan => left < right,
        ComparisonOperator.LessThanOrEqual => left <= right,
        ComparisonOperator.Equal => left == right,
        _ => left != right,
    };
}
