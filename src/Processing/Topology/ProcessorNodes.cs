using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Quantiles;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Topology;

/// <summary>The kind of a processor; names in topology files are given by <see cref="ProcessorNode.TypeName"/>.</summary>
public enum ProcessorKind
{
    /// <summary>Reads a topic.</summary>
    Source,

    /// <summary>Forwards the records that match a predicate.</summary>
    Filter,

    /// <summary>Transforms each point.</summary>
    Map,

    /// <summary>Turns each point into several.</summary>
    FlatMap,

    /// <summary>Routes each record to the first matching branch.</summary>
    Branch,

    /// <summary>Aggregates per series and field over event-time windows.</summary>
    WindowAggregate,

    /// <summary>Writes to a topic.</summary>
    Sink,

    /// <summary>Enriches records with a table's rows (a stream-table join).</summary>
    Join,

    /// <summary>Evaluates alert rules on window aggregates and emits alert transitions.</summary>
    Alert,
}

/// <summary>How a flatMap processor splits a point.</summary>
public enum FlatMapSplit
{
    /// <summary>One point per field, each with the point's series and event time and that single field (file name <c>fields</c>).</summary>
    Fields,
}

/// <summary>
/// A named processor of a topology. Names are unique in a topology, made of letters, digits, <c>-</c> and
/// <c>_</c>. <see cref="Inputs"/> name the processors it reads from; a branch's output is named
/// <c>branch-processor.branch-name</c>. Immutable.
/// </summary>
public abstract class ProcessorNode
{
    private protected ProcessorNode(string name, IReadOnlyList<string> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = inputs;
    }

    /// <summary>The processor's unique name.</summary>
    public string Name { get; }

    /// <summary>The processors (or <c>branch.case</c> outputs) whose records this one receives; empty for sources.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The kind of processor.</summary>
    public abstract ProcessorKind Kind { get; }

    /// <summary>The processor type as written in topology files, e.g. <c>window-aggregate</c>.</summary>
    public string TypeName => Kind switch
    {
        ProcessorKind.Source => "source",
        ProcessorKind.Filter => "filter",
        ProcessorKind.Map => "map",
        ProcessorKind.FlatMap => "flatmap",
        ProcessorKind.Branch => "branch",
        ProcessorKind.WindowAggregate => "window-aggregate",
        ProcessorKind.Join => "join",
        ProcessorKind.Alert => "alert",
        _ => "sink",
    };

    /// <summary>The processor's settings as one line, used by <see cref="TopologyDescription"/>.</summary>
    /// <returns>e.g. <c>topic: metrics.points, schema: point-batch</c>.</returns>
    public abstract string DescribeSettings();
}

/// <summary>Reads the records of a topic, decoding them with <see cref="Schema"/>.</summary>
public sealed class SourceNode : ProcessorNode
{
    /// <summary>A source.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="topic">Topic to read.</param>
    /// <param name="schema">Value schema of the topic; a point-batch source emits each point of a batch as its own record.</param>
    public SourceNode(string name, string topic, SourceSchema schema)
        : base(name, [])
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Topic = topic;
        Schema = schema;
    }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>The value schema.</summary>
    public SourceSchema Schema { get; }

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.Source;

    /// <inheritdoc />
    public override string DescribeSettings() => $"topics: [{Topic}], schema: {SchemaNames.Name(Schema)}";
}

/// <summary>Forwards the records that match <see cref="Where"/>; drops the others.</summary>
public sealed class FilterNode : ProcessorNode
{
    /// <summary>A filter.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors.</param>
    /// <param name="where">The predicate.</param>
    public FilterNode(string name, IReadOnlyList<string> inputs, RecordPredicate where)
        : base(name, inputs)
    {
        ArgumentNullException.ThrowIfNull(where);
        Where = where;
    }

    /// <summary>The predicate.</summary>
    public RecordPredicate Where { get; }

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.Filter;

    /// <inheritdoc />
    public override string DescribeSettings() => $"where: {Where}";
}

/// <summary>Transforms each point with <see cref="Mapping"/> (points only).</summary>
public sealed class MapNode : ProcessorNode
{
    /// <summary>A map.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors.</param>
    /// <param name="mapping">The transformation.</param>
    public MapNode(string name, IReadOnlyList<string> inputs, PointMapping mapping)
        : base(name, inputs)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Mapping = mapping;
    }

    /// <summary>The transformation.</summary>
    public PointMapping Mapping { get; }

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.Map;

    /// <inheritdoc />
    public override string DescribeSettings() => $"map: {Mapping}";
}

/// <summary>Splits each point into several (points only).</summary>
public sealed class FlatMapNode : ProcessorNode
{
    /// <summary>A flatMap.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors.</param>
    /// <param name="split">How to split.</param>
    public FlatMapNode(string name, IReadOnlyList<string> inputs, FlatMapSplit split)
        : base(name, inputs)
    {
        Split = split;
    }

    /// <summary>How points are split.</summary>
    public FlatMapSplit Split { get; }

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.FlatMap;

    /// <inheritdoc />
    public override string DescribeSettings() => "split: fields";
}

/// <summary>One case of a branch: records matching <see cref="Where"/> (all records when null: the default case).</summary>
/// <param name="Name">Case name; downstream processors read <c>branch-name.case-name</c>.</param>
/// <param name="Where">The predicate, or null for the default case (must be last).</param>
public sealed record BranchCase(string Name, RecordPredicate? Where);

/// <summary>
/// Routes each record to the first case whose predicate matches (Kafka Streams' <c>split().branch()</c>);
/// a record that matches no case is dropped unless a default case (no predicate) is last.
/// </summary>
public sealed class BranchNode : ProcessorNode
{
    /// <summary>A branch.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors.</param>
    /// <param name="cases">The cases, tried in order.</param>
    public BranchNode(string name, IReadOnlyList<string> inputs, IReadOnlyList<BranchCase> cases)
        : base(name, inputs)
    {
        ArgumentNullException.ThrowIfNull(cases);
        Cases = cases;
    }

    /// <summary>The cases, tried in order.</summary>
    public IReadOnlyList<BranchCase> Cases { get; }

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.Branch;

    /// <inheritdoc />
    public override string DescribeSettings() =>
        "cases: [" + string.Join("; ", Cases.Select(c => $"{c.Name}: {(c.Where is null ? "default" : c.Where.ToString())}")) + "]";
}

/// <summary>
/// Aggregates values per series and field over event-time windows, emitting one <c>WindowAggregate</c>
/// per series, field and window when the window closes (see <see cref="WindowDefinition"/> and
/// <see cref="IdleClose"/>). Input points: every numeric (double or long) field is aggregated, or only
/// <see cref="Fields"/> when given; string and boolean fields are skipped, as are NaN and infinite values.
/// Input aggregates (rollups of rollups): each is merged into the window containing its record time, which
/// is its window end minus 1 ms; its window must fit in this one (size a multiple, tumbling input).
/// Emitted records have the series key, and record time <c>window end - 1 ms</c>. Late records go to
/// <see cref="LateTopic"/> in their input schema.
/// </summary>
public sealed class WindowAggregateNode : ProcessorNode
{
    /// <summary>A window aggregate.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors.</param>
    /// <param name="window">The windows.</param>
    /// <param name="aggregates">Aggregates to write; others are written as NaN (count always written).</param>
    /// <param name="fields">Field names to aggregate; empty: every numeric field.</param>
    /// <param name="idle">The wall-clock idle rule, or null to close windows on stream time only.</param>
    /// <param name="lateTopic">Topic for late records.</param>
    /// <param name="relativeAccuracy">Quantile sketch accuracy alpha (default 0.01).</param>
    public WindowAggregateNode(
        string name,
        IReadOnlyList<string> inputs,
        WindowDefinition window,
        IReadOnlyList<AggregateKind> aggregates,
        IReadOnlyList<string> fields,
        IdleClose? idle,
        string lateTopic,
        double relativeAccuracy = QuantileSketch.DefaultRelativeAccuracy)
        : base(name, inputs)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(aggregates);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentException.ThrowIfNullOrEmpty(lateTopic);
        Window = window;
        Aggregates = [.. aggregates.Distinct().Order()];
        Fields = fields;
        Idle = idle;
        LateTopic = lateTopic;
        RelativeAccuracy = relativeAccuracy;
    }

    /// <summary>The windows.</summary>
    public WindowDefinition Window { get; }

    /// <summary>The aggregates written, in canonical order.</summary>
    public IReadOnlyList<AggregateKind> Aggregates { get; }

    /// <summary>Fields to aggregate; empty: every numeric field.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The idle rule, or null.</summary>
    public IdleClose? Idle { get; }

    /// <summary>Where late records go.</summary>
    public string LateTopic { get; }

    /// <summary>Relative accuracy of the quantile sketch.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>True when a quantile is selected (a sketch is kept and written).</summary>
    public bool KeepsSketch => Aggregates.Any(Processing.Aggregation.Aggregates.IsQuantile);

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.WindowAggregate;

    /// <inheritdoc />
    public override string DescribeSettings() =>
        $"window: {Window}, {(Idle is null ? "idle: off" : Idle.ToString())}, "
        + $"aggregates: [{string.Join(", ", Aggregates.Select(Processing.Aggregation.Aggregates.Name))}], "
        + $"fields: [{(Fields.Count == 0 ? "*" : string.Join(", ", Fields))}], "
        + (KeepsSketch ? $"sketch: {QuantileSketch.Format}(alpha={RelativeAccuracy.ToString(System.Globalization.CultureInfo.InvariantCulture)}), " : string.Empty)
        + $"late: {LateTopic}, stores: [{Name}-store]";
}

/// <summary>
/// Writes every record it receives, in the schema of its input, either to the Kafka topic <see cref="Topic"/>
/// or to an external target: the destination <see cref="Destination"/> of the provider <see cref="Provider"/>
/// (e.g. <c>influxdb: raw</c>), written through the <c>IExternalSink</c> registered for that provider.
/// Exactly one of <see cref="Topic"/> and <see cref="Provider"/> is set.
/// </summary>
public sealed class SinkNode : ProcessorNode
{
    /// <summary>A sink writing to a Kafka topic.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors.</param>
    /// <param name="topic">Topic to write.</param>
    public SinkNode(string name, IReadOnlyList<string> inputs, string topic)
        : base(name, inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Topic = topic;
    }

    private SinkNode(string name, IReadOnlyList<string> inputs, string provider, string destination)
        : base(name, inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        if (!Outputs.ExternalSinks.IsValidDestination(destination))
        {
            throw new ArgumentException($"'{destination}' is not a destination name (letters, digits, '_', '-', '.')", nameof(destination));
        }

        Provider = provider;
        Destination = destination;
    }

    /// <summary>The Kafka topic, or null for an external sink.</summary>
    public string? Topic { get; }

    /// <summary>The external provider, e.g. <c>influxdb</c>, or null for a topic sink.</summary>
    public string? Provider { get; }

    /// <summary>The external destination, e.g. <c>raw</c>, or null for a topic sink.</summary>
    public string? Destination { get; }

    /// <summary>True when the sink writes to an external target rather than a topic.</summary>
    public bool IsExternal => Provider is not null;

    /// <summary>Where it writes, as one name: the topic, or <c>provider:destination</c> (the test driver's output name).</summary>
    public string Target => Topic ?? Outputs.ExternalSinks.OutputName(Provider!, Destination!);

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.Sink;

    /// <summary>A sink writing to an external target.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors.</param>
    /// <param name="provider">The provider, e.g. <see cref="Outputs.ExternalSinks.InfluxDb"/>.</param>
    /// <param name="destination">A destination name the provider resolves (letters, digits, <c>_</c>, <c>-</c>, <c>.</c>).</param>
    /// <returns>The sink.</returns>
    /// <exception cref="ArgumentException">The destination is not a valid name.</exception>
    public static SinkNode External(string name, IReadOnlyList<string> inputs, string provider, string destination) => new(name, inputs, provider, destination);

    /// <inheritdoc />
    public override string DescribeSettings() => Topic is null ? $"{Provider}: {Destination}" : $"topic: {Topic}";
}
