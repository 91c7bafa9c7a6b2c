using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Topology;

/// <summary>
/// The C# DSL for topologies: add named processors, each naming its input, then <see cref="Build"/>.
/// Every method mirrors one processor type of the YAML format, so a topology written either way gives
/// the same graph. Processors may be added in any order; <see cref="Build"/> validates the whole graph
/// with the same rules as the YAML loader. Not thread-safe.
/// </summary>
/// <example>
/// <code>
/// var topology = new TopologyBuilder("rollups")
///     .Source("points", "metrics.points", SourceSchema.PointBatch)
///     .WindowAggregate("rollup-1m", "points", TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)), Aggregates.All)
///     .Sink("rollup-1m-out", "rollup-1m", "metrics.rollup.1m")
///     .Build();
/// </code>
/// </example>
public sealed class TopologyBuilder
{
    private readonly List<ProcessorNode> _nodes = [];

    /// <summary>A builder for a topology named <paramref name="name"/> (the runtime's application id).</summary>
    /// <param name="name">The topology's name.</param>
    public TopologyBuilder(string name)
    {
        Name = name;
    }

    /// <summary>The topology's name.</summary>
    public string Name { get; }

    /// <summary>Adds a source reading <paramref name="topic"/>.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="topic">Topic.</param>
    /// <param name="schema">Value schema of the topic.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Source(string name, string topic, SourceSchema schema) => Add(new SourceNode(name, topic, schema));

    /// <summary>Adds a filter.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor (or <c>branch.case</c>).</param>
    /// <param name="where">Records to keep.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Filter(string name, string from, RecordPredicate where) => Add(new FilterNode(name, [from], where));

    /// <summary>Adds a map (points only).</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor.</param>
    /// <param name="mapping">The transformation.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Map(string name, string from, PointMapping mapping) => Add(new MapNode(name, [from], mapping));

    /// <summary>Adds a flatMap (points only).</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor.</param>
    /// <param name="split">How to split points.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder FlatMap(string name, string from, FlatMapSplit split) => Add(new FlatMapNode(name, [from], split));

    /// <summary>Adds a branch; downstream processors read <c>name.case</c>.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor.</param>
    /// <param name="cases">Cases tried in order; a case without predicate (last) takes the rest.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Branch(string name, string from, params BranchCase[] cases) => Add(new BranchNode(name, [from], cases));

    /// <summary>Adds a window aggregate per series and field.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor.</param>
    /// <param name="window">The windows.</param>
    /// <param name="aggregates">The aggregates to write (e.g. <see cref="Aggregates.All"/>).</param>
    /// <param name="options">Fields, idle rule, late topic and sketch accuracy; defaults when null.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder WindowAggregate(string name, string from, WindowDefinition window, IReadOnlyList<AggregateKind> aggregates, WindowAggregateOptions? options = null)
    {
        options ??= new WindowAggregateOptions();
        return Add(new WindowAggregateNode(name, [from], window, aggregates, options.Fields, options.Idle, options.LateTopic, options.RelativeAccuracy));
    }

    /// <summary>Adds a sink writing to <paramref name="topic"/>.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor.</param>
    /// <param name="topic">Topic.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Sink(string name, string from, string topic) => Add(new SinkNode(name, [from], topic));

    /// <summary>Adds an alert processor that evaluates <paramref name="rules"/> on window aggregates and emits alert transitions (see <see cref="AlertNode"/>).</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor (window-aggregate records).</param>
    /// <param name="rules">The rules, e.g. from <see cref="Alerts.AlertRuleLoader"/>.</param>
    /// <param name="rulesTopic">Optional rules table topic (see <see cref="AlertNode.RulesTopic"/>).</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Alert(string name, string from, IReadOnlyList<Alerts.AlertRule> rules, string? rulesTopic = null) =>
        Add(new AlertNode(name, [from], rules, rulesTopic));

    /// <summary>Adds a stream-table join that adds tags of the matching row of <paramref name="tableTopic"/> (see <see cref="JoinNode"/>).</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor (the stream).</param>
    /// <param name="tableTopic">The table's topic (metric-point records).</param>
    /// <param name="by">Join key tag names.</param>
    /// <param name="addTags">Tags of the row to add.</param>
    /// <param name="keepUnmatched">Forward records without a row (default) or drop them.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Join(string name, string from, string tableTopic, IReadOnlyList<string> by, IReadOnlyList<string> addTags, bool keepUnmatched = true) =>
        Add(new JoinNode(name, [from], tableTopic, by, addTags, keepUnmatched));

    /// <summary>Adds a sink writing to an InfluxDB destination (YAML: <c>influxdb: destination</c>).</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor.</param>
    /// <param name="destination">A destination the InfluxDB sink configuration resolves, e.g. <c>raw</c> or <c>rollup_1m</c>.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder InfluxDbSink(string name, string from, string destination) =>
        ExternalSink(name, from, Outputs.ExternalSinks.InfluxDb, destination);

    /// <summary>Adds a sink writing through an external sink provider registered in the runtime's options.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="from">Input processor.</param>
    /// <param name="provider">Provider name, e.g. <see cref="Outputs.ExternalSinks.InfluxDb"/>.</param>
    /// <param name="destination">A destination the provider resolves.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder ExternalSink(string name, string from, string provider, string destination) =>
        Add(SinkNode.External(name, [from], provider, destination));

    /// <summary>Adds any processor, e.g. one with several inputs (a merge).</summary>
    /// <param name="node">The processor.</param>
    /// <returns>This builder.</returns>
    public TopologyBuilder Add(ProcessorNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes.Add(node);
        return this;
    }

    /// <summary>Validates the graph and returns the topology.</summary>
    /// <returns>The topology.</returns>
    /// <exception cref="TopologyValidationException">The graph is invalid; the exception lists every problem.</exception>
    public Topology Build() => Topology.Create(Name, [.. _nodes]);
}
