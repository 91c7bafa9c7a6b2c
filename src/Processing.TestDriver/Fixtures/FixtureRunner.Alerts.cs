using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.TestDriver.Fixtures;

/// <summary>Fixture input of window aggregates (e.g. rollups for an alert topology) and expected alert events.</summary>
public static partial class FixtureRunner
{
    private static readonly string[] InputAggregateKeys = ["tenant", "series", "field", "start", "end", "value", "count", "sum", "min", "max", "mean", "last", "p50", "p95", "p99"];
    private static readonly string[] AlertKeys = ["tenant", "rule", "state", "previous", "series", "field", "at", "value", "labels"];

    /// <content>Aggregates in, alerts out.</content>
    private sealed partial class FixtureRun
    {
        /// <summary>
        /// An input aggregate: <c>{ series, field, start, end }</c> and its values; <c>value</c> sets every
        /// statistic (count 1, sum = value) and the others override it.
        /// </summary>
        private WindowAggregate Aggregate(YamlNode node)
        {
            var map = node as YamlMappingNode ?? throw Error(node, "an aggregate is a mapping: { series: cpu,host=a, field: usage_user, start: +0s, end: +1m, value: 95 }.");
            Keys(map, InputAggregateKeys, "an input aggregate");
            var shape = new MetricPoint();
            ParseSeries(Scalar(map, "series") ?? throw Error(map, "an aggregate needs 'series' (measurement,tag=value,...)."), shape, Child(map, "series")!);
            var value = Number(map, "value") ?? double.NaN;
            var count = (long)(Number(map, "count") ?? 1);
            var aggregate = new WindowAggregate
            {
                Tenant = Scalar(map, "tenant") ?? _tenant,
                Measurement = shape.Measurement,
                Field = Scalar(map, "field") ?? throw Error(map, "an aggregate needs 'field'."),
                WindowStart = Time(Scalar(map, "start") ?? throw Error(map, "an aggregate needs 'start'."), Child(map, "start")!),
                WindowEnd = Time(Scalar(map, "end") ?? throw Error(map, "an aggregate needs 'end'."), Child(map, "end")!),
                Count = count,
                Sum = Number(map, "sum") ?? value * count,
                Min = Number(map, "min") ?? value,
                Max = Number(map, "max") ?? value,
                Mean = Number(map, "mean") ?? value,
                Last = Number(map, "last") ?? value,
                P50 = Number(map, "p50") ?? value,
                P95 = Number(map, "p95") ?? value,
                P99 = Number(map, "p99") ?? value,
            };
            aggregate.Tags.AddRange(shape.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
            return aggregate;
        }

        private List<string> CompareAlert(YamlMappingNode map, GenericRecord alert)
        {
            Keys(map, AlertKeys, "an expected alert");
            var mismatches = new List<string>();
            foreach (var (keyNode, valueNode) in map.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value!;
                var expected = (valueNode as YamlScalarNode)?.Value ?? string.Empty;
                var problem = key switch
                {
                    "tenant" => Same(expected, (string)alert["tenant"]!),
                    "rule" => Same(expected, (string)alert["ruleId"]!),
                    "state" => Same(expected, StateName(alert, "state")),
                    "previous" => Same(expected, StateName(alert, "previousState")),
                    "series" => Same(expected, AlertSeries(alert)),
                    "field" => Same(expected, ((GenericRecord)alert["series"]!)["field"] as string ?? string.Empty),
                    "at" => Time(expected, valueNode) == (DateTimeOffset)alert["timestamp"]! ? null : $"expected {expected} but was {FormatTime((DateTimeOffset)alert["timestamp"]!)}",
                    "value" => alert["value"] is double v ? Close(expected, v, _tolerance, valueNode) : Same(expected, "null"),
                    _ => Same(
                        string.Join(", ", ((YamlMappingNode)valueNode).Children.Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal)),
                        string.Join(", ", ((Dictionary<string, object?>)alert["labels"]!).Where(l => ((YamlMappingNode)valueNode).Children.ContainsKey(l.Key)).Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal))),
                };
                if (problem is not null)
                {
                    mismatches.Add($"{key}: {problem}");
                }
            }

            return mismatches;
        }

        private string DescribeAlert(GenericRecord alert) =>
            $"{{ tenant: {alert["tenant"]}, rule: {alert["ruleId"]}, state: {StateName(alert, "state")}, previous: {StateName(alert, "previousState")}, "
            + $"series: {AlertSeries(alert)}, at: {FormatTime((DateTimeOffset)alert["timestamp"]!)}, value: {(alert["value"] is double v ? F(v) : "null")} }}";

        private static string StateName(GenericRecord alert, string field) => ((GenericEnum)alert[field]!).Symbol.ToLowerInvariant();

        private static string AlertSeries(GenericRecord alert)
        {
            var series = (GenericRecord)alert["series"]!;
            var tags = (Dictionary<string, object?>)series["tags"]!;
            return Series((string)series["measurement"]!, tags.Select(t => new Tag(t.Key, (string)t.Value!)));
        }
    }
}
