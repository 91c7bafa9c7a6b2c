using System.Diagnostics.CodeAnalysis;

namespace MetricStream.Processing.Aggregation;

/// <summary>Names, parsing and properties of <see cref="AggregateKind"/> values.</summary>
public static class Aggregates
{
    /// <summary>Every aggregate, in the canonical order used by descriptions: count, sum, min, max, mean, last, p50, p95, p99.</summary>
    public static IReadOnlyList<AggregateKind> All { get; } = Enum.GetValues<AggregateKind>();

    /// <summary>The name used in topology files, e.g. <c>p95</c>.</summary>
    /// <param name="kind">The aggregate.</param>
    /// <returns>The lower-case name.</returns>
    public static string Name(AggregateKind kind) => kind switch
    {
        AggregateKind.Count => "count",
        AggregateKind.Sum => "sum",
        AggregateKind.Min => "min",
        AggregateKind.Max => "max",
        AggregateKind.Mean => "mean",
        AggregateKind.Last => "last",
        AggregateKind.P50 => "p50",
        AggregateKind.P95 => "p95",
        AggregateKind.P99 => "p99",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses an aggregate name (case-sensitive, lower case).</summary>
    /// <param name="name">e.g. <c>mean</c>.</param>
    /// <param name="kind">The aggregate, when known.</param>
    /// <returns>False for an unknown name.</returns>
    public static bool TryParse(string? name, [NotNullWhen(true)] out AggregateKind? kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = null;
        return false;
    }

    /// <summary>True for the quantiles (p50, p95, p99), which need the quantile sketch.</summary>
    /// <param name="kind">The aggregate.</param>
    /// <returns>Whether it is a quantile.</returns>
    public static bool IsQuantile(AggregateKind kind) => kind is AggregateKind.P50 or AggregateKind.P95 or AggregateKind.P99;

    /// <summary>The quantile of a quantile aggregate (0.5, 0.95, 0.99).</summary>
    /// <param name="kind">A quantile aggregate.</param>
    /// <returns>The quantile.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a quantile.</exception>
    public static double QuantileOf(AggregateKind kind) => kind switch
    {
        AggregateKind.P50 => 0.5,
        AggregateKind.P95 => 0.95,
        AggregateKind.P99 => 0.99,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a quantile"),
    };

    /// <summary>
    /// What a rollup of rollups needs from its input to compute <paramref name="kind"/>: mean needs count
    /// and sum, quantiles need the sketch (any quantile of the input keeps one), the others need themselves.
    /// </summary>
    /// <param name="kind">The aggregate to compute.</param>
    /// <param name="inputAggregates">The aggregates the input stream carries.</param>
    /// <returns>Whether the input carries enough to merge it exactly.</returns>
    public static bool CanMergeFrom(AggregateKind kind, IReadOnlyCollection<AggregateKind> inputAggregates)
    {
        ArgumentNullException.ThrowIfNull(inputAggregates);
        return kind switch
        {
            AggregateKind.Mean => inputAggregates.Contains(AggregateKind.Sum),
            _ when IsQuantile(kind) => inputAggregates.Any(IsQuantile),
            _ => inputAggregates.Contains(kind),
        };
    }
}
