using MetricStream.Avro.Records;

namespace MetricStream.Processing.Alerts;

/// <summary>
/// Which window aggregates a rule evaluates: tenant, measurement, field and tag matchers, all of which
/// must match. An empty list or a null value matches anything.
/// </summary>
public sealed record SeriesSelector
{
    /// <summary>Matches every aggregate.</summary>
    public static SeriesSelector Any { get; } = new();

    /// <summary>Tenants to accept; empty for all.</summary>
    public IReadOnlyList<string> Tenants { get; init; } = [];

    /// <summary>The measurement, or null for any.</summary>
    public string? Measurement { get; init; }

    /// <summary>The aggregated field, or null for any.</summary>
    public string? Field { get; init; }

    /// <summary>Tag matchers; all must match.</summary>
    public IReadOnlyList<TagMatcher> Tags { get; init; } = [];

    /// <summary>Whether the aggregate belongs to a selected series.</summary>
    /// <param name="aggregate">The window aggregate.</param>
    /// <returns>True when every part matches.</returns>
    public bool Matches(WindowAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if ((Measurement is not null && !string.Equals(Measurement, aggregate.Measurement, StringComparison.Ordinal))
            || (Field is not null && !string.Equals(Field, aggregate.Field, StringComparison.Ordinal))
            || (Tenants.Count > 0 && !Tenants.Contains(aggregate.Tenant, StringComparer.Ordinal)))
        {
            return false;
        }

        foreach (var matcher in Tags)
        {
            if (!matcher.Matches(aggregate.Tags))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A canonical text: equal selectors print the same.</summary>
    /// <returns>e.g. <c>tenant=[a] cpu.usage_user {host=~web-.*}</c>.</returns>
    public override string ToString() =>
        $"tenant=[{string.Join(',', Tenants.Order(StringComparer.Ordinal))}] {Measurement ?? "*"}.{Field ?? "*"} "
        + $"{{{string.Join(',', Tags.Select(t => t.ToString()).Order(StringComparer.Ordinal))}}}";
}
