using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>Builders for alert tests: one-minute window aggregates at explicit event times, and rule runners.</summary>
internal static class AlertKit
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The aggregate of window number <paramref name="window"/> (<c>[T0 + window min, T0 + window+1 min)</c>), every aggregate equal to <paramref name="value"/>.</summary>
    public static WindowAggregate Window(int window, double value, string measurement = "cpu", string field = "usage_user", string host = "web-1", string tenant = "acme", params Tag[] extraTags)
    {
        var aggregate = new WindowAggregate
        {
            Tenant = tenant,
            Measurement = measurement,
            Field = field,
            WindowStart = T0 + (window * Minute),
            WindowEnd = T0 + ((window + 1) * Minute),
            Count = 6,
            Sum = value * 6,
            Min = value,
            Max = value,
            Mean = value,
            Last = value,
            P50 = value,
            P95 = value,
            P99 = value,
        };
        aggregate.Tags.Add(new Tag("host", host));
        aggregate.Tags.AddRange(extraTags);
        return aggregate;
    }

    public static IReadOnlyList<AlertEvent> Feed(this AlertEvaluator evaluator, WindowAggregate aggregate) =>
        evaluator.OnAggregate(aggregate, SeriesKey.Of(aggregate));

    public static AlertRule Threshold(string id, ComparisonOperator op, double value, TimeSpan? forDuration = null, TimeSpan? keep = null) =>
        Rule(id, new ThresholdCondition(op, value) { For = forDuration ?? TimeSpan.Zero, KeepFiringFor = keep ?? TimeSpan.Zero });

    public static AlertRule Rule(string id, AlertCondition condition, string measurement = "cpu", string? field = "usage_user") =>
        new(id, new SeriesSelector { Measurement = measurement, Field = field }, condition) { Aggregate = AggregateKind.P95 };

    /// <summary>
    /// Feeds windows 0, 1, 2, ... with <paramref name="values"/> (null: the window is missing) to one rule and
    /// returns its transitions as <c>window:State</c>, e.g. <c>"0:Pending 4:Firing 7:Resolved"</c>.
    /// </summary>
    public static string Transitions(AlertRule rule, params double?[] values)
    {
        var evaluator = new AlertEvaluator([rule], new FakeTimeProvider(T0));
        var result = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                result.AddRange(evaluator.Feed(Window(i, value)).Select(e => $"{i}:{e.State}"));
            }
        }

        return string.Join(' ', result);
    }
}
