using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>
/// The processors of one topology for one input partition, run synchronously: <see cref="Process"/>
/// pushes one topic value through the graph depth-first, <see cref="OnWallClock"/> applies the idle
/// rule. Task stream time is the largest event time of any record its sources emitted; the wall-clock
/// time it last advanced decides whether the task is idle. Driven by one thread at a time (the test
/// driver, or the runtime's per-partition pipeline); not thread-safe.
/// </summary>
internal sealed class StreamTask
{
    private readonly TimeProvider _time;
    private readonly List<TaskProcessor> _ordered = [];
    private readonly Dictionary<string, TaskProcessor> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SourceProcessor>> _sourcesByTopic = new(StringComparer.Ordinal);

    public StreamTask(Topology.Topology topology, TimeProvider time, IRecordCollector collector, Tables.TableStore? tables = null, IReadOnlyDictionary<string, Alerts.AlertRuleTable>? alertRules = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _time = time;
        Tables = tables ?? new Tables.TableStore();
        AlertRules = alertRules ?? topology.AlertRuleTopics.ToDictionary(t => t, _ => new Alerts.AlertRuleTable(), StringComparer.Ordinal);
        Collector = collector;
        LastAdvance = time.GetUtcNow();
        foreach (var node in topology.Ordered)
        {
            var inputKind = node.Inputs.Count == 0 ? StreamValueKind.Point : topology.ValueKindOf(Topology.Internal.TopologyValidator.InputNode(node.Inputs[0]));
            TaskProcessor processor = node switch
            {
                SourceNode s => new SourceProcessor(s, this),
                FilterNode f => new FilterProcessor(f, this),
                MapNode m => new MapProcessor(m, this),
                FlatMapNode f => new FlatMapProcessor(f, this),
                BranchNode b => new BranchProcessor(b, this),
                WindowAggregateNode w => new WindowAggregateProcessor(w, this, inputKind),
                SinkNode s => new SinkProcessor(s, this, inputKind),
                JoinNode j => new JoinProcessor(j, this),
                AlertNode a => new AlertProcessor(a, this, time),
                _ => throw new NotSupportedException($"processor type {node.TypeName} cannot run yet"),
            };
            _ordered.Add(processor);
            _byName.Add(node.Name, processor);
            foreach (var input in node.Inputs)
            {
                _byName[Topology.Internal.TopologyValidator.InputNode(input)].AddChild(processor, Topology.Internal.TopologyValidator.InputCase(input));
            }

            if (processor is SourceProcessor source)
            {
                if (!_sourcesByTopic.TryGetValue(source.Node.Topic, out var list))
                {
                    _sourcesByTopic[source.Node.Topic] = list = [];
                }

                list.Add(source);
            }
        }
    }

    public IRecordCollector Collector { get; }

    /// <summary>The table rows join processors look up (shared by the tasks of an instance).</summary>
    public Tables.TableStore Tables { get; }

    /// <summary>The alert rule tables by topic (shared by the tasks of an instance).</summary>
    public IReadOnlyDictionary<string, Alerts.AlertRuleTable> AlertRules { get; }

    /// <summary>Where alert processors count their work and publish what fires (the instance's, shared by its tasks); null in the test driver.</summary>
    public Alerts.AlertActivity? AlertActivity { get; set; }

    /// <summary>Whether window processors remember the windows changed since the last checkpoint (the runtime with a changelog); off in the test driver.</summary>
    public bool TrackChanges { get; set; }

    /// <summary>Largest event time seen by the task's sources; <see cref="DateTimeOffset.MinValue"/> before the first record.</summary>
    public DateTimeOffset StreamTime { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Wall-clock time at which stream time last advanced (task creation before that).</summary>
    public DateTimeOffset LastAdvance { get; private set; }

    public IReadOnlyDictionary<string, TaskProcessor> Processors => _byName;

    public bool ReadsTopic(string topic) => _sourcesByTopic.ContainsKey(topic);

    /// <summary>Pushes one decoded topic value (PointBatch, MetricPoint or WindowAggregate) through every source on <paramref name="topic"/>.</summary>
    public void Process(string topic, object value)
    {
        if (!_sourcesByTopic.TryGetValue(topic, out var sources))
        {
            throw new ArgumentException($"no source reads topic '{topic}'", nameof(topic));
        }

        foreach (var source in sources)
        {
            source.Accept(value);
        }
    }

    /// <summary>Applies the wall-clock idle rule to every window-aggregate processor, in topological order.</summary>
    public void OnWallClock()
    {
        var now = _time.GetUtcNow();
        var idleFor = now - LastAdvance;
        var offset = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        foreach (var processor in _ordered)
        {
            processor.OnWallClock(offset, idleFor);
        }
    }

    internal void ObserveEventTime(DateTimeOffset time)
    {
        if (time > StreamTime)
        {
            StreamTime = time;
            LastAdvance = _time.GetUtcNow();
        }
    }
}
