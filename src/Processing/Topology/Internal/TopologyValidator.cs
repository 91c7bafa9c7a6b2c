using System.Text.RegularExpressions;
using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Topology.Internal;

/// <summary>
/// Checks a list of processors: names, references, cycles, value types against the Avro schemas, and
/// the rules of rollups of rollups. Shared by the DSL and the YAML loader so both reject the same graphs.
/// </summary>
internal static partial class TopologyValidator
{
    public static IReadOnlyList<TopologyIssue> Validate(IReadOnlyList<ProcessorNode> nodes)
    {
        var issues = new List<TopologyIssue>();
        var byName = new Dictionary<string, ProcessorNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (!NamePattern().IsMatch(node.Name))
            {
                issues.Add(new(node.Name, "name", $"'{node.Name}' is not a valid processor name.", "use letters, digits, '-' and '_' only (no dots: 'a.b' names branch b of processor a)."));
            }

            if (!byName.TryAdd(node.Name, node))
            {
                issues.Add(new(node.Name, "name", $"the name '{node.Name}' is used by more than one processor.", "give every processor a unique name."));
            }
        }

        if (!nodes.Any(n => n.Kind == ProcessorKind.Source))
        {
            issues.Add(new(null, "processors", "the topology has no source.", "add a processor of type 'source' that reads a topic."));
        }

        var referencesOk = CheckReferences(nodes, byName, issues);
        if (!referencesOk || !CheckCycles(nodes, byName, issues))
        {
            return issues;
        }

        var kinds = new Dictionary<string, StreamValueKind>(StringComparer.Ordinal);
        foreach (var node in TopologicalOrder(nodes, byName))
        {
            CheckTypes(node, byName, kinds, issues);
        }

        return issues;
    }

    /// <summary>The value kind each processor emits; only valid for a topology that passed validation.</summary>
    public static Dictionary<string, StreamValueKind> ValueKinds(IReadOnlyList<ProcessorNode> nodes)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var kinds = new Dictionary<string, StreamValueKind>(StringComparer.Ordinal);
        foreach (var node in TopologicalOrder(nodes, byName))
        {
            CheckTypes(node, byName, kinds, []);
        }

        return kinds;
    }

    /// <summary>Processors so that every one comes after its inputs; ties in definition order.</summary>
    public static List<ProcessorNode> TopologicalOrder(IReadOnlyList<ProcessorNode> nodes, IReadOnlyDictionary<string, ProcessorNode> byName)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<ProcessorNode>(nodes.Count);
        void Visit(ProcessorNode node)
        {
            if (!done.Add(node.Name))
            {
                return;
            }

            foreach (var input in node.Inputs)
            {
                if (byName.TryGetValue(InputNode(input), out var parent))
                {
                    Visit(parent);
                }
            }

            order.Add(node);
        }

        foreach (var node in nodes)
        {
            Visit(node);
        }

        return order;
    }

    public static string InputNode(string input)
    {
        var dot = input.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? input : input[..dot];
    }

    public static string? InputCase(string input)
    {
        var dot = input.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : input[(dot + 1)..];
    }

    private static bool CheckReferences(IReadOnlyList<ProcessorNode> nodes, Dictionary<string, ProcessorNode> byName, List<TopologyIssue> issues)
    {
        var ok = true;
        foreach (var node in nodes)
        {
            if (node.Kind != ProcessorKind.Source && node.Inputs.Count == 0)
            {
                issues.Add(new(node.Name, "from", $"a {node.TypeName} needs an input.", "add 'from: <processor>' naming the processor it reads from."));
                ok = false;
            }

            for (var i = 0; i < node.Inputs.Count; i++)
            {
                var key = node.Inputs.Count == 1 ? "from" : $"from[{i}]";
                var input = node.Inputs[i];
                var parentName = InputNode(input);
                var caseName = InputCase(input);
                if (!byName.TryGetValue(parentName, out var parent))
                {
                    issues.Add(new(node.Name, key, $"unknown processor '{parentName}'.", Suggest.DidYouMean(parentName, byName.Keys.Where(n => n != node.Name))));
                    ok = false;
                }
                else if (parent.Kind == ProcessorKind.Sink)
                {
                    issues.Add(new(node.Name, key, $"'{parentName}' is a sink and has no output.", $"read from the processor that feeds '{parentName}', or add a source on its topic."));
                    ok = false;
                }
                else if (parent is BranchNode branch)
                {
                    if (caseName is null)
                    {
                        issues.Add(new(node.Name, key, $"'{parentName}' is a branch; name one of its cases.", $"use one of: {string.Join(", ", branch.Cases.Select(c => $"{parentName}.{c.Name}"))}."));
                        ok = false;
                    }
                    else if (!branch.Cases.Any(c => c.Name == caseName))
                    {
                        issues.Add(new(node.Name, key, $"branch '{parentName}' has no case '{caseName}'.", Suggest.DidYouMean(caseName, branch.Cases.Select(c => c.Name))));
                        ok = false;
                    }
                }
                else if (caseName is not null)
                {
                    issues.Add(new(node.Name, key, $"'{parentName}' is a {parent.TypeName}, not a branch, so '{input}' names nothing.", $"use 'from: {parentName}'."));
                    ok = false;
                }
            }

            if (node is BranchNode b)
            {
                for (var i = 0; i < b.Cases.Count; i++)
                {
                    if (b.Cases[i].Where is null && i != b.Cases.Count - 1)
                    {
                        issues.Add(new(node.Name, $"cases[{i}]", $"the default case '{b.Cases[i].Name}' (no 'where') is not last, so the cases after it never match.", "move it to the end, or give it a 'where'."));
                    }

                    if (b.Cases.Take(i).Any(c => c.Name == b.Cases[i].Name))
                    {
                        issues.Add(new(node.Name, $"cases[{i}]", $"case name '{b.Cases[i].Name}' is used twice.", "give every case a unique name."));
                    }
                }

                if (b.Cases.Count == 0)
                {
                    issues.Add(new(node.Name, "cases", "a branch needs at least one case.", "add cases, each with a name and a 'where'."));
                }
            }
        }

        return ok;
    }

    private static bool CheckCycles(IReadOnlyList<ProcessorNode> nodes, Dictionary<string, ProcessorNode> byName, List<TopologyIssue> issues)
    {
        // 0 = unvisited, 1 = on the current path, 2 = done.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var reported = false;
        bool Visit(ProcessorNode node)
        {
            state[node.Name] = 1;
            path.Add(node.Name);
            foreach (var input in node.Inputs)
            {
                var parent = byName[InputNode(input)];
                var s = state.GetValueOrDefault(parent.Name);
                if (s == 1)
                {
                    var cycle = path.Skip(path.IndexOf(parent.Name)).Append(parent.Name);
                    issues.Add(new(node.Name, "from", $"cycle: {string.Join(" <- ", cycle.Reverse())} (a processor would receive its own output).", $"remove '{input}' from the inputs of '{node.Name}', or read a topic with a new source instead."));
                    reported = true;
                    return false;
                }

                if (s == 0 && !Visit(parent))
                {
                    return false;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node.Name] = 2;
            return true;
        }

        foreach (var node in nodes)
        {
            if (state.GetValueOrDefault(node.Name) == 0 && !Visit(node))
            {
                break;
            }
        }

        return !reported;
    }

    private static void CheckTypes(ProcessorNode node, Dictionary<string, ProcessorNode> byName, Dictionary<string, StreamValueKind> kinds, List<TopologyIssue> issues)
    {
        if (node is SourceNode source)
        {
            kinds[node.Name] = SchemaNames.ValueKindOf(source.Schema);
            return;
        }

        var inputKinds = node.Inputs.Select(i => kinds[InputNode(i)]).Distinct().ToList();
        if (inputKinds.Count > 1)
        {
            issues.Add(new(node.Name, "from", "its inputs carry different record types (metric-point and window-aggregate).", "read inputs of one type only; add a separate processor per type."));
        }

        var input = inputKinds[0];
        var schemaName = SchemaNames.Name(input) + ".avsc";
        if (input == StreamValueKind.Alert && node is not SinkNode)
        {
            issues.Add(new(node.Name, "from", $"a {node.TypeName} cannot read the alert-event.avsc records of an alert processor.", "write alert events with a sink ('topic: alerts' or 'influxdb: alerts')."));
            kinds[node.Name] = input;
            return;
        }

        switch (node)
        {
            case FilterNode filter:
                CheckPredicate(node.Name, "where", filter.Where, input, issues);
                kinds[node.Name] = input;
                break;
            case BranchNode branch:
                for (var i = 0; i < branch.Cases.Count; i++)
                {
                    if (branch.Cases[i].Where is { } where)
                    {
                        CheckPredicate(node.Name, $"cases[{i}].where", where, input, issues);
                    }
                }

                kinds[node.Name] = input;
                break;
            case MapNode or FlatMapNode:
                if (input != StreamValueKind.Point)
                {
                    issues.Add(new(node.Name, "from", $"a {node.TypeName} transforms metric-point records, but its input carries {schemaName} records.", "map points before aggregating them, or filter aggregates with a 'filter'."));
                }

                kinds[node.Name] = StreamValueKind.Point;
                break;
            case JoinNode join:
                if (join.By.Count == 0)
                {
                    issues.Add(new(node.Name, "by", "a join needs at least one key tag.", "add 'by: [host]' naming the tags whose values (with the tenant) match a table row."));
                }

                if (join.AddTags.Count == 0)
                {
                    issues.Add(new(node.Name, "add_tags", "a join needs at least one tag to add from the table.", "add 'add_tags: [team]' naming tags of the table records."));
                }

                kinds[node.Name] = input;
                break;
            case AlertNode:
                if (input != StreamValueKind.Aggregate)
                {
                    issues.Add(new(node.Name, "from", $"an alert processor evaluates window-aggregate records, but its input carries {schemaName} records.", "read a window-aggregate processor or a source with 'schema: window-aggregate' (e.g. metrics.rollup.1m)."));
                }

                kinds[node.Name] = StreamValueKind.Alert;
                break;
            case WindowAggregateNode aggregate:
                CheckWindowAggregate(aggregate, input, byName, issues);
                kinds[node.Name] = StreamValueKind.Aggregate;
                break;
            default:
                kinds[node.Name] = input;
                break;
        }
    }

    private static void CheckPredicate(string processor, string key, RecordPredicate predicate, StreamValueKind input, List<TopologyIssue> issues)
    {
        var schema = input == StreamValueKind.Point ? ProductSchemas.MetricPoint : ProductSchemas.WindowAggregate;
        var schemaName = SchemaNames.Name(input) + ".avsc";
        foreach (var field in predicate.SchemaFields)
        {
            if (!schema.TryGetField(field, out _))
            {
                var hint = field switch
                {
                    "fields" => "use 'field' to select aggregated field names on window-aggregate records.",
                    "field" => "use 'fields' (point field names, matches when any is present) on metric-point records.",
                    _ => $"use one of: {string.Join(", ", schema.Fields.Select(f => f.Name))}.",
                };
                issues.Add(new(processor, $"{key}.{field}", $"type mismatch: '{field}' is not a field of {schemaName}, which this input carries (fields: {string.Join(", ", schema.Fields.Select(f => f.Name))}).", hint));
            }
        }
    }

    private static void CheckWindowAggregate(WindowAggregateNode node, StreamValueKind input, Dictionary<string, ProcessorNode> byName, List<TopologyIssue> issues)
    {
        if (node.Aggregates.Count == 0)
        {
            issues.Add(new(node.Name, "aggregates", "no aggregates selected.", $"list some of: {string.Join(", ", Aggregates.All.Select(Aggregates.Name))}."));
        }

        if (input != StreamValueKind.Aggregate)
        {
            return;
        }

        foreach (var origin in node.Inputs.SelectMany(i => Origins(byName[InputNode(i)], byName)).Distinct())
        {
            if (origin is not WindowAggregateNode upstream)
            {
                continue; // a window-aggregate source topic: its window size is not known here.
            }

            var size = node.Window.Size;
            if (!upstream.Window.IsTumbling)
            {
                issues.Add(new(node.Name, "from", $"its input '{upstream.Name}' has hopping windows, so merging them would count each value {upstream.Window.Size / upstream.Window.Advance} times.", $"make '{upstream.Name}' tumbling, or aggregate points directly."));
            }
            else if (size.Ticks % upstream.Window.Size.Ticks != 0 || node.Window.Advance.Ticks % upstream.Window.Size.Ticks != 0)
            {
                issues.Add(new(node.Name, "window.size", $"window size {Durations.Format(size)} (advance {Durations.Format(node.Window.Advance)}) is not a multiple of the source window size {Durations.Format(upstream.Window.Size)} of '{upstream.Name}', so source windows would straddle two windows.", $"use a multiple of {Durations.Format(upstream.Window.Size)}, e.g. {Durations.Format(upstream.Window.Size * Math.Max(1, Math.Round(size / upstream.Window.Size)))}."));
            }

            foreach (var kind in node.Aggregates.Where(k => !Aggregates.CanMergeFrom(k, [.. upstream.Aggregates])))
            {
                var needs = Aggregates.IsQuantile(kind) ? "a quantile sketch (any of p50, p95, p99)" : kind == AggregateKind.Mean ? "sum" : Aggregates.Name(kind);
                issues.Add(new(node.Name, "aggregates", $"'{Aggregates.Name(kind)}' cannot be computed from '{upstream.Name}', which does not compute {needs}.", $"add {(Aggregates.IsQuantile(kind) ? Aggregates.Name(kind) : needs)} to the aggregates of '{upstream.Name}', or remove '{Aggregates.Name(kind)}' here."));
            }

            if (node.KeepsSketch && upstream.KeepsSketch && node.RelativeAccuracy != upstream.RelativeAccuracy)
            {
                issues.Add(new(node.Name, "relative_accuracy", $"sketch accuracy {node.RelativeAccuracy} differs from '{upstream.Name}' ({upstream.RelativeAccuracy}); sketches only merge with equal accuracy.", $"use relative_accuracy {upstream.RelativeAccuracy}."));
            }

            if (node.Idle is { } idle)
            {
                if (upstream.Idle is null)
                {
                    issues.Add(new(node.Name, "idle", $"it closes windows on idle but its input '{upstream.Name}' does not, so on an idle partition its windows would close before '{upstream.Name}' emits their last values.", $"give '{upstream.Name}' an idle rule too, or remove this one."));
                }
                else if (idle.Timeout < upstream.Idle.Timeout || idle.Allowance < upstream.Idle.Allowance)
                {
                    issues.Add(new(node.Name, "idle", $"idle timeout/allowance {Durations.Format(idle.Timeout)}/{Durations.Format(idle.Allowance)} is shorter than its input '{upstream.Name}''s {Durations.Format(upstream.Idle.Timeout)}/{Durations.Format(upstream.Idle.Allowance)}, so its windows could close before the input's last windows arrive.", $"use a timeout of at least {Durations.Format(upstream.Idle.Timeout)} and an allowance of at least {Durations.Format(upstream.Idle.Allowance)}."));
                }
            }
        }
    }

    /// <summary>The sources and window aggregates whose records reach <paramref name="node"/> through filters and branches.</summary>
    private static IEnumerable<ProcessorNode> Origins(ProcessorNode node, Dictionary<string, ProcessorNode> byName) =>
        node is SourceNode or WindowAggregateNode
            ? [node]
            : node.Inputs.SelectMany(i => Origins(byName[InputNode(i)], byName));

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();
}
