using MetricStream.Processing.Topology.Internal;

namespace MetricStream.Processing.Topology;

/// <summary>
/// A validated graph of named processors, built by <see cref="TopologyBuilder"/> or loaded from a YAML
/// file by <see cref="TopologyLoader"/> (the same definition gives the same graph and the same
/// <see cref="Describe"/> output either way). Immutable and thread-safe; the runtime and the test driver
/// create per-task processors from it.
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<string, ProcessorNode> _byName;
    private readonly Dictionary<string, StreamValueKind> _kinds;

    internal Topology(string name, IReadOnlyList<ProcessorNode> nodes)
    {
        Name = name;
        Nodes = nodes;
        _byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        _kinds = TopologyValidator.ValueKinds(nodes);
        Ordered = TopologyValidator.TopologicalOrder(nodes, _byName);
    }

    /// <summary>The topology's name; the runtime uses it as the application id (consumer group, changelog prefix).</summary>
    public string Name { get; }

    /// <summary>The processors in definition order.</summary>
    public IReadOnlyList<ProcessorNode> Nodes { get; }

    /// <summary>The topics read by sources, each once, in definition order.</summary>
    public IReadOnlyList<string> SourceTopics => [.. Nodes.OfType<SourceNode>().Select(s => s.Topic).Distinct()];

    /// <summary>The topics written by sinks and late outputs, each once, in definition order.</summary>
    public IReadOnlyList<string> OutputTopics =>
    [
        .. Nodes.SelectMany(n => n switch
        {
            SinkNode { Topic: { } topic } => [topic],
            WindowAggregateNode w => new[] { w.LateTopic },
            _ => [],
        }).Distinct(),
    ];

    /// <summary>The alert rule topics read by alert processors (<see cref="AlertNode.RulesTopic"/>), each once, in definition order.</summary>
    public IReadOnlyList<string> AlertRuleTopics => [.. Nodes.OfType<AlertNode>().Select(a => a.RulesTopic).OfType<string>().Distinct()];

    /// <summary>The table topics read by joins, each once, in definition order.</summary>
    public IReadOnlyList<string> TableTopics => [.. Nodes.OfType<JoinNode>().Select(j => j.TableTopic).Distinct()];

    /// <summary>The distinct join-key tag lists of the joins reading <paramref name="tableTopic"/>.</summary>
    /// <param name="tableTopic">A table topic.</param>
    /// <returns>The lists, for <see cref="Tables.TableStore.Apply"/>.</returns>
    public IReadOnlyList<IReadOnlyList<string>> TableKeys(string tableTopic) =>
    [
        .. Nodes.OfType<JoinNode>().Where(j => j.TableTopic == tableTopic).Select(j => j.By)
            .DistinctBy(by => string.Join('\u001f', by)),
    ];

    /// <summary>The external outputs of sinks, each once, in definition order, named <c>provider:destination</c> (e.g. <c>influxdb:raw</c>).</summary>
    public IReadOnlyList<string> ExternalOutputs => [.. Nodes.OfType<SinkNode>().Where(s => s.IsExternal).Select(s => s.Target).Distinct()];

    /// <summary>Processors in an order where each comes after its inputs.</summary>
    internal IReadOnlyList<ProcessorNode> Ordered { get; }

    /// <summary>The processor named <paramref name="name"/>.</summary>
    /// <param name="name">Processor name.</param>
    /// <returns>The processor.</returns>
    /// <exception cref="KeyNotFoundException">No such processor.</exception>
    public ProcessorNode this[string name] => _byName.TryGetValue(name, out var node) ? node : throw new KeyNotFoundException($"no processor '{name}' in topology '{Name}'");

    /// <summary>The record type a processor emits (for sinks: the type they write).</summary>
    /// <param name="name">Processor name.</param>
    /// <returns>Points or aggregates.</returns>
    public StreamValueKind ValueKindOf(string name) => _kinds[name];

    /// <summary>The graph as text (like Kafka Streams' <c>TopologyDescription</c>) and as Mermaid.</summary>
    /// <returns>The description.</returns>
    public TopologyDescription Describe() => new(this);

    /// <summary>Builds and validates a topology from processors.</summary>
    /// <param name="name">The topology's name.</param>
    /// <param name="nodes">Its processors.</param>
    /// <returns>The topology.</returns>
    /// <exception cref="TopologyValidationException">The processors do not form a valid topology.</exception>
    internal static Topology Create(string name, IReadOnlyList<ProcessorNode> nodes)
    {
        var issues = TopologyValidator.Validate(nodes);
        if (string.IsNullOrWhiteSpace(name))
        {
            issues = [new TopologyIssue(null, "topology", "the topology has no name.", "set 'topology: <name>'; the runtime uses it as the application id."), .. issues];
        }

        return issues.Count > 0 ? throw new TopologyValidationException(issues) : new Topology(name, nodes);
    }
}
