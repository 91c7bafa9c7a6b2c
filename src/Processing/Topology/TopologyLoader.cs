using System.Globalization;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Quantiles;
using MetricStream.Processing.Topology.Internal;
using MetricStream.Processing.Windows;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.Topology;

/// <summary>
/// Loads topologies from YAML files (format in docs/TOPOLOGIES.md). Every problem is reported with the
/// file, line and column and a fix: YAML syntax, unknown fields (with a "did you mean"), missing
/// settings, bad durations, unknown aggregates, schemas or processor references, cycles, type mismatches
/// against the Avro schemas, and rollup-of-rollup rules (window size a multiple of the source window,
/// aggregates the source can provide). A file and the equivalent <see cref="TopologyBuilder"/> calls
/// produce the same graph.
/// </summary>
public static partial class TopologyLoader
{
    /// <summary>Loads and validates a topology file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The topology.</returns>
    /// <exception cref="TopologyValidationException">The file is invalid; <see cref="TopologyValidationException.Issues"/> lists every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Topology LoadFile(string path) => Load(File.ReadAllText(path), path);

    /// <summary>Loads and validates a topology from YAML text.</summary>
    /// <param name="yaml">The YAML.</param>
    /// <param name="fileName">The name to report in issues.</param>
    /// <returns>The topology.</returns>
    /// <exception cref="TopologyValidationException">The text is invalid.</exception>
    public static Topology Load(string yaml, string fileName)
    {
        var (topology, issues) = Parse(yaml, fileName);
        return topology ?? throw new TopologyValidationException(issues);
    }

    /// <summary>Validates a topology file without throwing.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>Every problem found, in file order; empty when the file is valid.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<TopologyIssue> ValidateFile(string path) => Parse(File.ReadAllText(path), path).Issues;

    private static (Topology? Topology, IReadOnlyList<TopologyIssue> Issues) Parse(string yaml, string fileName)
    {
        var reader = new Reader(fileName);
        YamlStream stream = [];
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return (null, [new TopologyIssue(null, null, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}", "check indentation, colons and quoting near this line.")
            {
                File = fileName, Line = (int)ex.Start.Line, Column = (int)ex.Start.Column,
            }]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, [new TopologyIssue(null, null, "the file is empty or not a mapping.", "start with 'topology: <name>' and 'processors:'.") { File = fileName, Line = 1, Column = 1 }]);
        }

        var (name, nodes) = reader.ReadTopology(root);
        if (reader.Issues.Count > 0)
        {
            return (null, reader.Sorted());
        }

        try
        {
            return (Topology.Create(name ?? string.Empty, nodes), []);
        }
        catch (TopologyValidationException ex)
        {
            foreach (var issue in ex.Issues)
            {
                reader.Issues.Add(reader.Locate(issue));
            }

            return (null, reader.Sorted());
        }
    }

    /// <summary>Reads the YAML tree, recording issues and the position of every key it reads.</summary>
    private sealed partial class Reader(string fileName)
    {
        private static readonly string[] TopKeys = ["topology", "description", "processors"];
        private static readonly string[] CommonKeys = ["name", "type", "from", "description"];
        private static readonly Dictionary<string, string[]> TypeKeys = new(StringComparer.Ordinal)
        {
            ["source"] = ["topic", "schema"],
            ["filter"] = ["where"],
            ["map"] = ["measurement", "add_tags", "drop_tags", "keep_fields", "drop_fields"],
            ["flatmap"] = ["split"],
            ["branch"] = ["cases"],
            ["window-aggregate"] = ["window", "idle", "aggregates", "fields", "late_topic", "relative_accuracy"],
            ["sink"] = ["topic", .. Outputs.ExternalSinks.Providers],
            ["join"] = ["table", "by", "add_tags", "unmatched"],
            ["alert"] = ["rules", "rules_topic"],
        };

        private static readonly string[] WhereKeys = ["tenant", "measurement", "tags", "fields", "field"];
        private readonly Dictionary<(string Processor, string Key), Mark> _marks = [];

        public List<TopologyIssue> Issues { get; } = [];

        public (string? Name, List<ProcessorNode> Nodes) ReadTopology(YamlMappingNode root)
        {
            CheckKeys(root, TopKeys, null, null);
            var name = Scalar(root, "topology", null, null, required: true);
            var nodes = new List<ProcessorNode>();
            if (Child(root, "processors") is not YamlSequenceNode processors)
            {
                Add(null, "processors", root.Start, "missing or not a list: 'processors'.", "add 'processors:' with a list of processors, each '- name: ...'.");
                return (name, nodes);
            }

            var index = 0;
            foreach (var item in processors)
            {
                if (item is not YamlMappingNode map)
                {
                    Add(null, $"processors[{index}]", item.Start, "a processor must be a mapping.", "write '- name: x' followed by 'type:', 'from:' and its settings.");
                }
                else if (ReadProcessor(map, index) is { } node)
                {
                    nodes.Add(node);
                }

                index++;
            }

            return (name, nodes);
        }

        public TopologyIssue Locate(TopologyIssue issue)
        {
            var key = issue.Key;
            var processor = issue.Processor ?? string.Empty;
            while (key is not null)
            {
                if (_marks.TryGetValue((processor, key), out var mark))
                {
                    return issue with { File = fileName, Line = (int)mark.Line, Column = (int)mark.Column };
                }

                var cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
                key = cut > 0 ? key[..cut] : null;
            }

            return _marks.TryGetValue((processor, string.Empty), out var own)
                ? issue with { File = fileName, Line = (int)own.Line, Column = (int)own.Column }
                : issue with { File = fileName };
        }

        public List<TopologyIssue> Sorted() => [.. Issues.OrderBy(i => i.Line).ThenBy(i => i.Column)];

        private ProcessorNode? ReadProcessor(YamlMappingNode map, int index)
        {
            var name = Scalar(map, "name", null, null, required: true) ?? $"#{index + 1}";
            _marks[(name, string.Empty)] = map.Start;
            var type = Scalar(map, "type", name, null, required: true);
            if (type is null)
            {
                return null;
            }

            if (!TypeKeys.TryGetValue(type, out var keys))
            {
                Add(name, "type", Child(map, "type")!.Start, $"unknown processor type '{type}'.", Suggest.DidYouMean(type, TypeKeys.Keys));
                return null;
            }

            var before = Issues.Count;
            CheckKeys(map, [.. CommonKeys, .. keys], name, null);
            var from = type == "source" ? [] : List(map, "from", name, required: true);
            if (type == "source" && Child(map, "from") is { } stray)
            {
                Add(name, "from", stray.Start, "a source reads a topic, not another processor.", "remove 'from', or use another processor type.");
            }

            ProcessorNode? node = type switch
            {
                "source" => ReadSource(map, name),
                "filter" => new FilterNode(name, from, ReadWhere(Child(map, "where"), name, "where", required: true)),
                "map" => new MapNode(name, from, ReadMapping(map, name)),
                "flatmap" => ReadFlatMap(map, name, from),
                "branch" => ReadBranch(map, name, from),
                "window-aggregate" => ReadWindowAggregate(map, name, from),
                "join" => ReadJoin(map, name, from),
                "alert" => ReadAlert(map, name, from),
                _ => ReadSink(map, name, from),
            };
            return Issues.Count == before ? node : null;
        }

        private SourceNode? ReadSource(YamlMappingNode map, string name)
        {
            var topic = Scalar(map, "topic", name, null, required: true);
            var schemaText = Scalar(map, "schema", name, null, required: true);
            if (schemaText is null || topic is null)
            {
                return null;
            }

            if (!SchemaNames.TryParse(schemaText, out var schema))
            {
                Add(name, "schema", Child(map, "schema")!.Start, $"unknown schema '{schemaText}'.", Suggest.DidYouMean(schemaText, Enum.GetValues<SourceSchema>().Select(SchemaNames.Name)));
                return null;
            }

            return new SourceNode(name, topic, schema);
        }

        private RecordPredicate ReadWhere(YamlNode? node, string processor, string path, bool required)
        {
            var where = RecordPredicate.Any;
            if (node is null)
            {
                if (required)
                {
                    Add(processor, path, _marks[(processor, string.Empty)], $"missing '{path}'.", "add 'where:' with tenant, measurement, tags, fields (points) or field (aggregates).");
                }

                return where;
            }

            if (node is not YamlMappingNode map)
            {
                Add(processor, path, node.Start, $"'{path}' must be a mapping.", "e.g. 'where: { measurement: cpu, tags: { env: prod } }'.");
                return where;
            }

            CheckKeys(map, WhereKeys, processor, path);
            where = where.WithTenant([.. List(map, "tenant", processor, required: false, path)]);
            where = where.WithMeasurement([.. List(map, "measurement", processor, required: false, path)]);
            foreach (var (key, value) in Pairs(map, "tags", processor, path))
            {
                where = where.WithTag(key, value);
            }

            where = where.WithAnyField([.. List(map, "fields", processor, required: false, path)]);
            return where.WithAggregateField([.. List(map, "field", processor, required: false, path)]);
        }

        private PointMapping ReadMapping(YamlMappingNode map, string name)
        {
            var mapping = PointMapping.Identity;
            if (Scalar(map, "measurement", name, null, required: false) is { } measurement)
            {
                mapping = mapping.WithMeasurement(measurement);
            }

            foreach (var (key, value) in Pairs(map, "add_tags", name, null))
            {
                mapping = mapping.WithAddedTag(key, value);
            }

            return mapping
                .WithDroppedTags([.. List(map, "drop_tags", name, required: false)])
                .WithKeptFields([.. List(map, "keep_fields", name, required: false)])
                .WithDroppedFields([.. List(map, "drop_fields", name, required: false)]);
        }

        private FlatMapNode? ReadFlatMap(YamlMappingNode map, string name, IReadOnlyList<string> from)
        {
            var split = Scalar(map, "split", name, null, required: true);
            if (split is null)
            {
                return null;
            }

            if (split != "fields")
            {
                Add(name, "split", Child(map, "split")!.Start, $"unknown split '{split}'.", "use 'split: fields' (one point per field).");
                return null;
            }

            return new FlatMapNode(name, from, FlatMapSplit.Fields);
        }

        private BranchNode? ReadBranch(YamlMappingNode map, string name, IReadOnlyList<string> from)
        {
            if (Child(map, "cases") is not YamlSequenceNode cases)
            {
                Add(name, "cases", Child(map, "cases")?.Start ?? map.Start, "missing or not a list: 'cases'.", "add 'cases:' with items '- name: x' and 'where: {...}' (a last case without 'where' takes the rest).");
                return null;
            }

            var result = new List<BranchCase>();
            var i = 0;
            foreach (var item in cases)
            {
                var path = $"cases[{i}]";
                _marks[(name, path)] = item.Start;
                if (item is not YamlMappingNode c)
                {
                    Add(name, path, item.Start, "a case must be a mapping.", "write '- name: x' and 'where: {...}'.");
                }
                else
                {
                    CheckKeys(c, ["name", "where"], name, path);
                    var caseName = Scalar(c, "name", name, path, required: true) ?? string.Empty;
                    result.Add(new BranchCase(caseName, Child(c, "where") is { } w ? ReadWhere(w, name, path + ".where", required: true) : null));
                }

                i++;
            }

            return new BranchNode(name, from, result);
        }

        private WindowAggregateNode? ReadWindowAggregate(YamlMappingNode map, string name, IReadOnlyList<string> from)
        {
            var before = Issues.Count;
            WindowDefinition? window = null;
            if (Child(map, "window") is not YamlMappingNode w)
            {
                Add(name, "window", Child(map, "window")?.Start ?? map.Start, "missing or not a mapping: 'window'.", "add 'window: { type: tumbling, size: 1m, grace: 30s }'.");
            }
            else
            {
                window = ReadWindow(w, name);
            }

            IdleClose? idle = null;
            if (Child(map, "idle") is { } idleNode)
            {
                if (idleNode is not YamlMappingNode i)
                {
                    Add(name, "idle", idleNode.Start, "'idle' must be a mapping.", "e.g. 'idle: { timeout: 2m, allowance: 30s }'.");
                }
                else
                {
                    CheckKeys(i, ["timeout", "allowance"], name, "idle");
                    var timeout = Duration(i, "timeout", name, "idle", required: true);
                    var allowance = Duration(i, "allowance", name, "idle", required: false) ?? window?.Grace ?? TimeSpan.Zero;
                    if (timeout is { } t)
                    {
                        if (t <= TimeSpan.Zero)
                        {
                            Add(name, "idle.timeout", Child(i, "timeout")!.Start, "the idle timeout must be positive.", "use e.g. 'timeout: 2m', or remove 'idle' to close windows on stream time only.");
                        }
                        else
                        {
                            idle = IdleClose.After(t, allowance);
                        }
                    }
                }
            }

            var aggregates = new List<AggregateKind>();
            var names = List(map, "aggregates", name, required: true);
            if (Child(map, "aggregates") is YamlSequenceNode aggregateNodes)
            {
                var k = 0;
                foreach (var item in aggregateNodes)
                {
                    _marks[(name, $"aggregates[{k}]")] = item.Start;
                    k++;
                }
            }

            for (var k = 0; k < names.Count; k++)
            {
                if (Aggregates.TryParse(names[k], out var kind))
                {
                    aggregates.Add(kind.Value);
                }
                else
                {
                    Add(name, $"aggregates[{k}]", Mark(name, $"aggregates[{k}]", "aggregates"), $"unknown aggregate '{names[k]}'.", Suggest.DidYouMean(names[k], Aggregates.All.Select(Aggregates.Name)));
                }
            }

            var fields = List(map, "fields", name, required: false);
            var late = Scalar(map, "late_topic", name, null, required: false) ?? "metrics.late";
            var accuracy = QuantileSketch.DefaultRelativeAccuracy;
            if (Scalar(map, "relative_accuracy", name, null, required: false) is { } accuracyText
                && !(double.TryParse(accuracyText, NumberStyles.Float, CultureInfo.InvariantCulture, out accuracy) && accuracy > 0 && accuracy <= 0.5))
            {
                Add(name, "relative_accuracy", Child(map, "relative_accuracy")!.Start, $"'{accuracyText}' is not a relative accuracy.", "use a number in (0, 0.5], e.g. 0.01 for 1 %.");
            }

            return Issues.Count > before || window is null ? null : new WindowAggregateNode(name, from, window, aggregates, fields, idle, late, accuracy);
        }

        private WindowDefinition? ReadWindow(YamlMappingNode w, string name)
        {
            CheckKeys(w, ["type", "size", "advance", "grace"], name, "window");
            var type = Scalar(w, "type", name, "window", required: true);
            var size = Duration(w, "size", name, "window", required: true);
            var grace = Duration(w, "grace", name, "window", required: false) ?? TimeSpan.Zero;
            TimeSpan? advance = null;
            if (type == "hopping")
            {
                advance = Duration(w, "advance", name, "window", required: true);
            }
            else if (type == "tumbling")
            {
                if (Child(w, "advance") is { } a)
                {
                    Add(name, "window.advance", a.Start, "tumbling windows have no advance (it equals the size).", "remove 'advance', or use 'type: hopping'.");
                }
            }
            else if (type is not null)
            {
                Add(name, "window.type", Child(w, "type")!.Start, $"unknown window type '{type}'.", Suggest.DidYouMean(type, ["tumbling", "hopping"]));
            }

            if (size is not { } s || type is null || (type == "hopping" && advance is null))
            {
                return null;
            }

            try
            {
                return type == "hopping" ? HoppingWindow.Of(s, advance!.Value, grace) : TumblingWindow.Of(s, grace);
            }
            catch (ArgumentException ex)
            {
                var key = ex.ParamName is "advance" or "grace" ? ex.ParamName : "size";
                Add(name, "window." + key, Child(w, key)?.Start ?? w.Start, ex.Message.Split(" (Parameter", StringSplitOptions.None)[0].Split(Environment.NewLine)[0] + ".", "sizes and advances are positive (advance at most the size), grace zero or more, all whole milliseconds.");
                return null;
            }
        }

        private TimeSpan? Duration(YamlMappingNode map, string key, string processor, string? path, bool required)
        {
            var text = Scalar(map, key, processor, path, required);
            if (text is null)
            {
                return null;
            }

            if (Durations.TryParse(text, out var value) && value.Ticks % TimeSpan.TicksPerMillisecond == 0)
            {
                return value;
            }

            Add(processor, Join(path, key), Child(map, key)!.Start, $"'{text}' is not a duration.", "write a number and a unit: ms, s, m, h or d, e.g. 500ms, 30s, 1m, 1h30m.");
            return null;
        }

        private string? Scalar(YamlMappingNode map, string key, string? processor, string? path, bool required)
        {
            var node = Child(map, key);
            if (node is null)
            {
                if (required)
                {
                    Add(processor, Join(path, key), map.Start, $"missing '{key}'{(path is null ? string.Empty : $" in '{path}'")}.", $"add '{key}: ...'.");
                }

                return null;
            }

            Remember(processor, Join(path, key), node.Start);
            if (node is YamlScalarNode { Value: { } value } && value.Length > 0)
            {
                return value;
            }

            Add(processor, Join(path, key), node.Start, $"'{key}' must be a single value.", $"write '{key}: value'.");
            return null;
        }

        private List<string> List(YamlMappingNode map, string key, string processor, bool required, string? path = null)
        {
            var node = Child(map, key);
            var full = Join(path, key);
            if (node is null)
            {
                if (required)
                {
                    Add(processor, full, map.Start, $"missing '{key}'.", key == "from" ? "add 'from: <processor>' naming the processor it reads from." : $"add '{key}: [...]'.");
                }

                return [];
            }

            Remember(processor, full, node.Start);
            switch (node)
            {
                case YamlScalarNode { Value: { Length: > 0 } value }:
                    return [value];
                case YamlSequenceNode items:
                    var result = new List<string>();
                    var i = 0;
                    foreach (var item in items)
                    {
                        Remember(processor, $"{full}[{i++}]", item.Start);
                        if (item is YamlScalarNode { Value: { Length: > 0 } v })
                        {
                            result.Add(v);
                        }
                        else
                        {
                            Add(processor, full, item.Start, $"items of '{key}' must be single values.", $"write '{key}: [a, b]'.");
                        }
                    }

                    return result;
                default:
                    Add(processor, full, node.Start, $"'{key}' must be a value or a list.", $"write '{key}: a' or '{key}: [a, b]'.");
                    return [];
            }
        }

        private List<(string Key, string Value)> Pairs(YamlMappingNode map, string key, string processor, string? path)
        {
            var node = Child(map, key);
            if (node is null)
            {
                return [];
            }

            Remember(processor, Join(path, key), node.Start);
            if (node is not YamlMappingNode pairs)
            {
                Add(processor, Join(path, key), node.Start, $"'{key}' must be a mapping of tag keys to values.", $"write '{key}: {{ env: prod }}'.");
                return [];
            }

            var result = new List<(string Key, string Value)>();
            foreach (var (k, v) in pairs.Children)
            {
                if (k is YamlScalarNode { Value: { } kt } && v is YamlScalarNode { Value: { } vt })
                {
                    result.Add((kt, vt));
                }
                else
                {
                    Add(processor, Join(path, key), k.Start, $"'{key}' entries must be 'key: value'.", $"write '{key}: {{ env: prod }}'.");
                }
            }

            return result;
        }

        private void CheckKeys(YamlMappingNode map, string[] known, string? processor, string? path)
        {
            foreach (var key in map.Children.Keys)
            {
                var text = (key as YamlScalarNode)?.Value ?? key.ToString();
                if (!known.Contains(text, StringComparer.Ordinal))
                {
                    var where = path is null ? (processor is null ? "at the top level" : $"in this processor") : $"in '{path}'";
                    Add(processor, Join(path, text), key.Start, $"unknown field '{text}' {where}.", Suggest.DidYouMean(text, known));
                }
            }
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private static string Join(string? path, string key) => path is null ? key : $"{path}.{key}";

        private Mark Mark(string processor, string key, string fallback) =>
            _marks.TryGetValue((processor, key), out var mark) ? mark : _marks.GetValueOrDefault((processor, fallback), _marks[(processor, string.Empty)]);

        private void Remember(string? processor, string key, Mark mark) => _marks.TryAdd((processor ?? string.Empty, key), mark);

        private void Add(string? processor, string? key, Mark mark, string message, string fix) =>
            Issues.Add(new TopologyIssue(processor, key, message, fix) { File = fileName, Line = (int)mark.Line, Column = (int)mark.Column });
    }
}
