using System.Globalization;
using MetricStream.Avro.Records;
using MetricStream.Processing.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.TestDriver.Fixtures;

/// <summary>
/// Runs topology fixture files (format in docs/TOPOLOGIES.md, "Testing"): each file pipes points with
/// event times into input topics and advances the wall clock, step by step, in a fresh
/// <see cref="TopologyTestDriver"/>; then compares the records of every topic listed under
/// <c>expected.topics</c> (all of them, in order; only the keys written in an expected record are compared)
/// and the listed processor counters. Doubles compare within a relative <c>tolerance</c> (default 1e-9),
/// p50/p95/p99 within <c>quantile_tolerance</c> (default 0.01, the sketch's error bound).
/// </summary>
public static partial class FixtureRunner
{
    private static readonly string[] TopKeys = ["description", "tenant", "base_time", "wall_clock_start", "tolerance", "quantile_tolerance", "steps", "expected"];
    private static readonly string[] AggregateKeys = ["tenant", "series", "field", "start", "end", "count", "sum", "min", "max", "mean", "last", "p50", "p95", "p99"];
    private static readonly string[] PointKeys = ["tenant", "series", "at", "fields"];
    private static readonly string[] CounterKeys = ["records_in", "records_out", "late_records", "windows_closed", "windows_closed_on_idle", "skipped_values", "open_windows"];

    /// <summary>Runs every <c>*.yaml</c> / <c>*.yml</c> file of a directory, in file name order.</summary>
    /// <param name="topology">The topology under test.</param>
    /// <param name="directory">The fixture directory.</param>
    /// <returns>One result per file.</returns>
    /// <exception cref="DirectoryNotFoundException">No such directory.</exception>
    public static IReadOnlyList<FixtureResult> RunDirectory(Topology.Topology topology, string directory) =>
        [.. Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Run(topology, f))];

    /// <summary>Runs one fixture file. A malformed fixture gives a failed result whose one difference says why (with line).</summary>
    /// <param name="topology">The topology under test.</param>
    /// <param name="path">The fixture file.</param>
    /// <returns>The result.</returns>
    public static FixtureResult Run(Topology.Topology topology, string path)
    {
        ArgumentNullException.ThrowIfNull(topology);
        try
        {
            return new FixtureRun(topology, path, File.ReadAllText(path)).Execute();
        }
        catch (FixtureFormatException ex)
        {
            return new FixtureResult(path, string.Empty, [ex.Message]);
        }
        catch (YamlException ex)
        {
            return new FixtureResult(path, string.Empty, [$"{path}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}"]);
        }
    }

    /// <summary>The series notation of fixtures: <c>measurement,k1=v1,k2=v2</c> with tags sorted by key.</summary>
    /// <param name="measurement">Measurement.</param>
    /// <param name="tags">Tags in any order.</param>
    /// <returns>The text.</returns>
    public static string Series(string measurement, IEnumerable<Tag> tags) =>
        string.Join(",", new[] { measurement }.Concat(tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")));

    private sealed partial class FixtureRun(Topology.Topology topology, string path, string text)
    {
        private string _tenant = "default";
        private DateTimeOffset? _base;
        private double _tolerance = 1e-9;
        private double _quantileTolerance = 0.01;

        public FixtureResult Execute()
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new FixtureFormatException($"{path}:1:1: a fixture is a mapping with 'steps' and 'expected'.");
            }

            Keys(root, TopKeys, "the fixture");
            var description = Scalar(root, "description") ?? string.Empty;
            _tenant = Scalar(root, "tenant") ?? _tenant;
            if (Scalar(root, "base_time") is { } baseText)
            {
                _base = Time(baseText, Child(root, "base_time")!);
            }

            _tolerance = Number(root, "tolerance") ?? _tolerance;
            _quantileTolerance = Number(root, "quantile_tolerance") ?? _quantileTolerance;
            var wallStart = Scalar(root, "wall_clock_start") is { } w ? Time(w, Child(root, "wall_clock_start")!) : _base ?? DateTimeOffset.UnixEpoch;

            using var driver = new TopologyTestDriver(topology, wallStart);
            var outputs = topology.OutputTopics.Concat(topology.ExternalOutputs).ToDictionary(t => t, driver.CreateOutputTopic, StringComparer.Ordinal);
            foreach (var step in Sequence(root, "steps"))
            {
                RunStep(driver, step);
            }

            var differences = new List<string>();
            if (Child(root, "expected") is YamlMappingNode expected)
            {
                Keys(expected, ["topics", "counters"], "'expected'");
                if (Child(expected, "topics") is YamlMappingNode topics)
                {
                    foreach (var (topicNode, records) in topics.Children)
                    {
                        var topic = ((YamlScalarNode)topicNode).Value!;
                        var actual = outputs.TryGetValue(topic, out var output) ? output.ReadRecordsToList() : driver.CreateOutputTopic(topic).ReadRecordsToList();
                        CompareTopic(topic, records as YamlSequenceNode ?? throw Error(records, $"expected records of '{topic}' must be a list (write [] for none)."), actual, differences);
                    }
                }

                if (Child(expected, "counters") is YamlMappingNode counters)
                {
                    CompareCounters(driver, counters, differences);
                }
            }
            else
            {
                throw Error(root, "missing 'expected' (a mapping with 'topics' and/or 'counters').");
            }

            return new FixtureResult(path, description, differences);
        }

        private void RunStep(TopologyTestDriver driver, YamlNode step)
        {
            if (step is not YamlMappingNode map || map.Children.Count != 1)
            {
                throw Error(step, "each step is either 'pipe: {topic, points}' or 'advance_wall_clock: <duration>'.");
            }

            var (keyNode, value) = map.Children.First();
            switch (((YamlScalarNode)keyNode).Value)
            {
                case "advance_wall_clock":
                    var text = (value as YamlScalarNode)?.Value;
                    if (!Windows.Durations.TryParse(text, out var by))
                    {
                        throw Error(value, $"'{text}' is not a duration (e.g. 30s, 2m, 1h).");
                    }

                    driver.AdvanceWallClock(by);
                    break;
                case "pipe":
                    var pipe = value as YamlMappingNode ?? throw Error(value, "'pipe' needs 'topic' and 'points'.");
                    Keys(pipe, ["topic", "points", "aggregates"], "'pipe'");
                    var topic = Scalar(pipe, "topic") ?? throw Error(pipe, "'pipe' needs 'topic'.");
                    TestInputTopic input;
                    try
                    {
                        input = driver.CreateInputTopic(topic);
                    }
                    catch (ArgumentException ex)
                    {
                        throw Error(Child(pipe, "topic")!, ex.Message + $"; the topology reads: {string.Join(", ", topology.SourceTopics)}.");
                    }

                    foreach (var pointNode in Sequence(pipe, "points"))
                    {
                        input.PipeInput(Point(pointNode));
                    }

                    foreach (var aggregateNode in Sequence(pipe, "aggregates"))
                    {
                        input.PipeInput(Aggregate(aggregateNode));
                    }

                    break;
                default:
                    throw Error(keyNode, $"unknown step '{keyNode}'; use 'pipe' or 'advance_wall_clock'.");
            }
        }

        private MetricPoint Point(YamlNode node)
        {
            var map = node as YamlMappingNode ?? throw Error(node, "a point is a mapping: { at: +5s, series: cpu,host=a, fields: { usage: 1.5 } }.");
            Keys(map, PointKeys, "a point");
            var point = new MetricPoint { Tenant = Scalar(map, "tenant") ?? _tenant };
            var series = Scalar(map, "series") ?? throw Error(map, "a point needs 'series' (measurement,tag=value,...).");
            ParseSeries(series, point, Child(map, "series")!);
            point.Timestamp = Time(Scalar(map, "at") ?? throw Error(map, "a point needs 'at' (its event time)."), Child(map, "at")!);
            var fields = Child(map, "fields") as YamlMappingNode ?? throw Error(map, "a point needs 'fields: { name: value }'.");
            foreach (var (k, v) in fields.Children)
            {
                var raw = ((YamlScalarNode)v).Value ?? string.Empty;
                FieldValue value = raw switch
                {
                    "true" or "false" => raw == "true",
                    _ when raw.EndsWith('i') && long.TryParse(raw[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
                    _ when double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                    _ => raw,
                };
                point.AddField(((YamlScalarNode)k).Value!, value);
            }

            return point;
        }

        private void CompareTopic(string topic, YamlSequenceNode expected, IReadOnlyList<TestRecord> actual, List<string> differences)
        {
            var n = Math.Min(expected.Children.Count, actual.Count);
            for (var i = 0; i < n; i++)
            {
                var map = expected.Children[i] as YamlMappingNode ?? throw Error(expected.Children[i], "an expected record is a mapping.");
                var record = actual[i];
                var mismatches = record.Kind switch
                {
                    StreamValueKind.Aggregate => CompareAggregate(map, record.AsAggregate()),
                    StreamValueKind.Alert => CompareAlert(map, record.AsAlert()),
                    _ => ComparePoint(map, record.AsPoint()),
                };
                if (mismatches.Count > 0)
                {
                    differences.Add($"{topic}[{i}] {Describe(record)} (expected at line {map.Start.Line}):\n  " + string.Join("\n  ", mismatches));
                }
            }

            if (expected.Children.Count != actual.Count)
            {
                var extra = actual.Count > n
                    ? "\n  unexpected:\n    " + string.Join("\n    ", actual.Skip(n).Select(Describe))
                    : "\n  missing: the expected records from line " + expected.Children[n].Start.Line;
                differences.Add($"{topic}: expected {expected.Children.Count} record(s), got {actual.Count}{extra}");
            }
        }

        private List<string> CompareAggregate(YamlMappingNode map, WindowAggregate a)
        {
            Keys(map, AggregateKeys, "an expected aggregate");
            var mismatches = new List<string>();
            foreach (var (keyNode, valueNode) in map.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value!;
                var expected = ((YamlScalarNode)valueNode).Value ?? string.Empty;
                string? problem = key switch
                {
                    "tenant" => Same(expected, a.Tenant),
                    "series" => Same(expected, Series(a.Measurement, a.Tags)),
                    "field" => Same(expected, a.Field),
                    "start" => Time(expected, valueNode) == a.WindowStart ? null : $"expected {expected} but was {FormatTime(a.WindowStart)}",
                    "end" => Time(expected, valueNode) == a.WindowEnd ? null : $"expected {expected} but was {FormatTime(a.WindowEnd)}",
                    "count" => Same(expected, a.Count.ToString(CultureInfo.InvariantCulture)),
                    "sum" => Close(expected, a.Sum, _tolerance, valueNode),
                    "min" => Close(expected, a.Min, _tolerance, valueNode),
                    "max" => Close(expected, a.Max, _tolerance, valueNode),
                    "mean" => Close(expected, a.Mean, _tolerance, valueNode),
                    "last" => Close(expected, a.Last, _tolerance, valueNode),
                    "p50" => Close(expected, a.P50, _quantileTolerance, valueNode),
                    "p95" => Close(expected, a.P95, _quantileTolerance, valueNode),
                    _ => Close(expected, a.P99, _quantileTolerance, valueNode),
                };
                if (problem is not null)
                {
                    mismatches.Add($"{key}: {problem}");
                }
            }

            return mismatches;
        }

        private List<string> ComparePoint(YamlMappingNode map, MetricPoint p)
        {
            Keys(map, PointKeys, "an expected point");
            var mismatches = new List<string>();
            foreach (var (keyNode, valueNode) in map.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value!;
                var problem = key switch
                {
                    "tenant" => Same(((YamlScalarNode)valueNode).Value!, p.Tenant),
                    "series" => Same(((YamlScalarNode)valueNode).Value!, Series(p.Measurement, p.Tags)),
                    "at" => Time(((YamlScalarNode)valueNode).Value!, valueNode) == p.Timestamp ? null : $"expected {((YamlScalarNode)valueNode).Value} but was {FormatTime(p.Timestamp)}",
                    _ => Same(
                        string.Join(", ", ((YamlMappingNode)valueNode).Children.Select(f => $"{f.Key}={f.Value}")),
                        string.Join(", ", p.Fields.Select(f => $"{f.Name}={FormatField(f.Value)}"))),
                };
                if (problem is not null)
                {
                    mismatches.Add($"{key}: {problem}");
                }
            }

            return mismatches;
        }

        private void CompareCounters(TopologyTestDriver driver, YamlMappingNode counters, List<string> differences)
        {
            foreach (var (processorNode, values) in counters.Children)
            {
                var processor = ((YamlScalarNode)processorNode).Value!;
                Execution.ProcessorCounters actual;
                try
                {
                    actual = driver.Counters(processor);
                }
                catch (KeyNotFoundException)
                {
                    throw Error(processorNode, $"no processor '{processor}' in topology '{topology.Name}'; it has: {string.Join(", ", topology.Nodes.Select(x => x.Name))}.");
                }

                var map = values as YamlMappingNode ?? throw Error(values, "counters of a processor are a mapping, e.g. { late_records: 1 }.");
                Keys(map, CounterKeys, "counters");
                foreach (var (k, v) in map.Children)
                {
                    var name = ((YamlScalarNode)k).Value!;
                    long value = name switch
                    {
                        "records_in" => actual.RecordsIn,
                        "records_out" => actual.RecordsOut,
                        "late_records" => actual.LateRecords,
                        "windows_closed" => actual.WindowsClosed,
                        "windows_closed_on_idle" => actual.WindowsClosedOnIdle,
                        "skipped_values" => actual.SkippedValues,
                        _ => actual.OpenWindows,
                    };
                    var expected = ((YamlScalarNode)v).Value;
                    if (!string.Equals(expected, value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    {
                        differences.Add($"counter {processor}.{name}: expected {expected} but was {value} (line {v.Start.Line})");
                    }
                }
            }
        }

        private string Describe(TestRecord record)
        {
            if (record.Kind == StreamValueKind.Alert)
            {
                return DescribeAlert(record.AsAlert());
            }

            if (record.Kind == StreamValueKind.Point)
            {
                var p = record.AsPoint();
                return $"{{ tenant: {p.Tenant}, series: {Series(p.Measurement, p.Tags)}, at: {FormatTime(p.Timestamp)}, fields: {{ {string.Join(", ", p.Fields.Select(f => $"{f.Name}: {FormatField(f.Value)}"))} }} }}";
            }

            var a = record.AsAggregate();
            return $"{{ tenant: {a.Tenant}, series: {Series(a.Measurement, a.Tags)}, field: {a.Field}, start: {FormatTime(a.WindowStart)}, end: {FormatTime(a.WindowEnd)}, "
                + $"count: {a.Count}, sum: {F(a.Sum)}, min: {F(a.Min)}, max: {F(a.Max)}, mean: {F(a.Mean)}, last: {F(a.Last)}, p50: {F(a.P50)}, p95: {F(a.P95)}, p99: {F(a.P99)} }}";
        }

        private static string? Same(string expected, string actual) =>
            string.Equals(expected, actual, StringComparison.Ordinal) ? null : $"expected {expected} but was {actual}";

        private static string? Close(string expectedText, double actual, double tolerance, YamlNode node)
        {
            if (!double.TryParse(expectedText, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected))
            {
                throw new FixtureFormatException($"line {node.Start.Line}: '{expectedText}' is not a number.");
            }

            if ((double.IsNaN(expected) && double.IsNaN(actual)) || expected == actual || Math.Abs(actual - expected) <= tolerance * Math.Abs(expected))
            {
                return null;
            }

            return $"expected {F(expected)} but was {F(actual)} (relative tolerance {F(tolerance)})";
        }

        private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string FormatField(FieldValue value) => value.Kind switch
        {
            FieldValueKind.Double => F(value.AsDouble),
            FieldValueKind.Long => value.AsLong.ToString(CultureInfo.InvariantCulture) + "i",
            FieldValueKind.Boolean => value.AsBoolean ? "true" : "false",
            _ => value.AsString!,
        };

        private string FormatTime(DateTimeOffset time) =>
            _base is { } b && time >= b
                ? "+" + Windows.Durations.Format(time - b)
                : time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        private DateTimeOffset Time(string text, YamlNode node)
        {
            if (text.StartsWith('+'))
            {
                if (_base is not { } b)
                {
                    throw Error(node, $"'{text}' is relative but the fixture has no 'base_time'.");
                }

                return Windows.Durations.TryParse(text[1..], out var offset) ? b + offset : throw Error(node, $"'{text}' is not +<duration> (e.g. +90s).");
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : throw Error(node, $"'{text}' is not a time; write ISO 8601 (2024-01-01T10:00:05Z) or +<duration> from base_time.");
        }

        private void ParseSeries(string series, MetricPoint point, YamlNode node)
        {
            var parts = series.Split(',');
            point.Measurement = parts[0];
            foreach (var tag in parts.Skip(1))
            {
                var eq = tag.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw Error(node, $"'{series}' is not measurement,tag=value,...");
                }

                point.AddTag(tag[..eq], tag[(eq + 1)..]);
            }
        }

        private double? Number(YamlMappingNode map, string key) =>
            Scalar(map, key) is { } text
                ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Error(Child(map, key)!, $"'{key}' must be a number.")
                : null;

        private IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
            Child(map, key) switch
            {
                null => [],
                YamlSequenceNode s => s.Children,
                var other => throw Error(other, $"'{key}' must be a list."),
            };

        private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private void Keys(YamlMappingNode map, string[] known, string what)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !known.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(key, $"unknown field '{name}' in {what}; known: {string.Join(", ", known)}.");
                }
            }
        }

        private FixtureFormatException Error(YamlNode node, string message) => new($"{path}:{node.Start.Line}:{node.Start.Column}: {message}");
    }
}
