using System.Text;
using MetricStream.Processing.Topology.Internal;

namespace MetricStream.Processing.Topology;

/// <summary>
/// A printable view of a topology. <see cref="ToString"/> gives text in the style of Kafka Streams'
/// <c>TopologyDescription</c>: sub-topologies (connected parts of the graph), then each processor with
/// its settings, successors (<c>--&gt;</c>) and predecessors (<c>&lt;--</c>). <see cref="ToMermaid"/> gives a
/// Mermaid flowchart for docs. The output depends only on the graph, not on the order in which
/// processors were defined: sub-topologies are ordered by their first source's name, and processors
/// in topological order with ties broken by name (ordinal), so a DSL and a YAML definition of the same
/// graph describe identically.
/// </summary>
public sealed class TopologyDescription
{
    private readonly Topology _topology;
    private readonly List<List<ProcessorNode>> _subTopologies;
    private readonly Dictionary<string, List<(string Child, string? Case)>> _successors = new(StringComparer.Ordinal);

    internal TopologyDescription(Topology topology)
    {
        _topology = topology;
        foreach (var node in topology.Nodes)
        {
            _successors[node.Name] = [];
        }

        foreach (var node in topology.Nodes)
        {
            foreach (var input in node.Inputs)
            {
                _successors[TopologyValidator.InputNode(input)].Add((node.Name, TopologyValidator.InputCase(input)));
            }
        }

        foreach (var list in _successors.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Child + "\0" + a.Case, b.Child + "\0" + b.Case));
        }

        _subTopologies = SubTopologies();
    }

    /// <summary>The number of connected parts of the graph.</summary>
    public int SubTopologyCount => _subTopologies.Count;

    /// <summary>The description as text.</summary>
    /// <returns>Kafka-Streams-style text, lines separated by <c>\n</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Topology: ").Append(_topology.Name).Append('\n');
        text.Append("Sub-topologies:\n");
        for (var i = 0; i < _subTopologies.Count; i++)
        {
            text.Append("  Sub-topology: ").Append(i).Append('\n');
            foreach (var node in _subTopologies[i])
            {
                var label = node.Kind switch
                {
                    ProcessorKind.Source => "Source",
                    ProcessorKind.Sink => "Sink",
                    _ => "Processor",
                };
                text.Append("    ").Append(label).Append(": ").Append(node.Name).Append(" (");
                if (label == "Processor")
                {
                    text.Append(node.TypeName).Append("; ");
                }

                text.Append(node.DescribeSettings()).Append(")\n");
                var successors = _successors[node.Name];
                if (successors.Count > 0)
                {
                    text.Append("      --> ").Append(string.Join(", ", successors.Select(s => s.Case is null ? s.Child : $"{s.Child} [{s.Case}]"))).Append('\n');
                }

                if (node.Inputs.Count > 0)
                {
                    text.Append("      <-- ").Append(string.Join(", ", node.Inputs.Order(StringComparer.Ordinal))).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The graph as a Mermaid flowchart (left to right); late outputs and join tables are dotted edges to and from topics.</summary>
    /// <returns>Mermaid source, lines separated by <c>\n</c>.</returns>
    public string ToMermaid()
    {
        var text = new StringBuilder("flowchart LR\n");
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var ordered = _subTopologies.SelectMany(s => s).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            ids[ordered[i].Name] = "p" + i;
        }

        foreach (var node in ordered)
        {
            var body = node switch
            {
                SourceNode s => $"{node.Name}<br/>source: {s.Topic}<br/>{SchemaNames.Name(s.Schema)}",
                SinkNode s => $"{node.Name}<br/>sink: {s.Target}",
                WindowAggregateNode w => $"{node.Name}<br/>window-aggregate<br/>{w.Window}",
                _ => $"{node.Name}<br/>{node.TypeName}",
            };
            body = body.Replace("\"", "#quot;", StringComparison.Ordinal);
            var shape = node.Kind switch
            {
                ProcessorKind.Source => $"[/\"{body}\"/]",
                ProcessorKind.Sink => $"[\\\"{body}\"\\]",
                ProcessorKind.Branch => $"{{\"{body}\"}}",
                _ => $"[\"{body}\"]",
            };
            text.Append("  ").Append(ids[node.Name]).Append(shape).Append('\n');
        }

        var lateTopics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in ordered)
        {
            foreach (var (child, caseName) in _successors[node.Name])
            {
                text.Append("  ").Append(ids[node.Name]).Append(caseName is null ? " --> " : $" -->|{caseName}| ").Append(ids[child]).Append('\n');
            }

            if (node is JoinNode join)
            {
                if (!lateTopics.TryGetValue(join.TableTopic, out var tableId))
                {
                    tableId = "t" + lateTopics.Count;
                    lateTopics[join.TableTopic] = tableId;
                    text.Append("  ").Append(tableId).Append("[(\"").Append(join.TableTopic).Append("\")]\n");
                }

                text.Append("  ").Append(tableId).Append(" -. table .-> ").Append(ids[node.Name]).Append('\n');
            }

            if (node is WindowAggregateNode w)
            {
                if (!lateTopics.TryGetValue(w.LateTopic, out var topicId))
                {
                    topicId = "t" + lateTopics.Count;
                    lateTopics[w.LateTopic] = topicId;
                    text.Append("  ").Append(topicId).Append("[(\"").Append(w.LateTopic).Append("\")]\n");
                }

                text.Append("  ").Append(ids[node.Name]).Append(" -. late .-> ").Append(topicId).Append('\n');
            }
        }

        return text.ToString();
    }

    private List<List<ProcessorNode>> SubTopologies()
    {
        // Union-find over input edges.
        var parent = _topology.Nodes.ToDictionary(n => n.Name, n => n.Name, StringComparer.Ordinal);
        string Find(string x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var node in _topology.Nodes)
        {
            foreach (var input in node.Inputs)
            {
                parent[Find(node.Name)] = Find(TopologyValidator.InputNode(input));
            }
        }

        return _topology.Nodes
            .GroupBy(n => Find(n.Name))
            .Select(g => Order([.. g]))
            .OrderBy(g => g[0].Name, StringComparer.Ordinal)
            .ToList();
    }

    private List<ProcessorNode> Order(List<ProcessorNode> nodes)
    {
        // Kahn's algorithm, always taking the ready processor with the smallest name.
        var pending = nodes.ToDictionary(n => n.Name, n => n.Inputs.Select(TopologyValidator.InputNode).Distinct().Count(), StringComparer.Ordinal);
        var ready = new SortedSet<string>(pending.Where(p => p.Value == 0).Select(p => p.Key), StringComparer.Ordinal);
        var result = new List<ProcessorNode>(nodes.Count);
        while (ready.Count > 0)
        {
            var name = ready.Min!;
            ready.Remove(name);
            result.Add(_topology[name]);
            foreach (var child in _successors[name].Select(s => s.Child).Distinct())
            {
                if (--pending[child] == 0)
                {
                    ready.Add(child);
                }
            }
        }

        return result;
    }
}
