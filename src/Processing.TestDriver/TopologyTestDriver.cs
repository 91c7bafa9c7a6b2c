using System.Buffers;
using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Execution.Internal;
using MetricStream.Processing.Tables;
using MetricStream.Processing.Topology;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Processing.TestDriver;

/// <summary>
/// Runs a topology in memory, without a broker, synchronously and deterministically (Kafka Streams'
/// <c>TopologyTestDriver</c>): one task, as if every input topic had one partition. Records piped into
/// an input topic are processed completely before <c>PipeInput</c> returns; stream time is the largest
/// event time piped so far; wall-clock time is a fake clock that moves only by
/// <see cref="AdvanceWallClock"/>, which then applies the idle rule. Outputs are encoded as the runtime
/// would write them and queue up per topic until read. A record written to a topic that a source of
/// the same topology reads is piped back into it after the current record, as on a real cluster.
/// External sinks (e.g. <c>influxdb: raw</c>) are captured as output topic <c>influxdb:raw</c>.
/// Not thread-safe.
/// </summary>
public sealed class TopologyTestDriver : IDisposable
{
    private readonly FakeTimeProvider _clock;
    private readonly StreamTask _task;
    private readonly Collector _collector;
    private readonly TableStore _tables = new();

    /// <summary>A driver for <paramref name="topology"/>.</summary>
    /// <param name="topology">The topology.</param>
    /// <param name="wallClockStart">The fake wall clock's start; default 1970-01-01T00:00:00Z.</param>
    public TopologyTestDriver(Topology.Topology topology, DateTimeOffset? wallClockStart = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
        _clock = new FakeTimeProvider(wallClockStart ?? DateTimeOffset.UnixEpoch);
        _collector = new Collector();
        _task = new StreamTask(topology, _clock, _collector, _tables);
        _collector.Task = _task;
    }

    /// <summary>The topology under test.</summary>
    public Topology.Topology Topology { get; }

    /// <summary>The fake wall clock the task uses.</summary>
    public TimeProvider WallClock => _clock;

    /// <summary>The task's stream time: the largest event time piped so far (<see cref="DateTimeOffset.MinValue"/> before any).</summary>
    public DateTimeOffset StreamTime => _task.StreamTime;

    /// <summary>Late records over all window-aggregate processors.</summary>
    public long LateRecords => _task.Processors.Values.Sum(p => p.Counters().LateRecords);

    /// <summary>Windows closed (and emitted) over all window-aggregate processors.</summary>
    public long WindowsClosed => _task.Processors.Values.Sum(p => p.Counters().WindowsClosed);

    /// <summary>Topics that have records not yet read, in name order.</summary>
    public IReadOnlyList<string> TopicsWithRecords => [.. _collector.Topics.Where(t => t.Value.Count > 0).Select(t => t.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// An input topic; records piped into it go to every source that reads it. A join's table topic is an
    /// input too: each point piped into it becomes the table row for its series (replacing the previous one),
    /// at once, before the next stream record.
    /// </summary>
    /// <param name="topic">A topic read by a source of the topology.</param>
    /// <returns>The input topic.</returns>
    /// <exception cref="ArgumentException">No source reads the topic.</exception>
    public TestInputTopic CreateInputTopic(string topic) =>
        _task.ReadsTopic(topic) || Topology.TableTopics.Contains(topic, StringComparer.Ordinal)
            ? new TestInputTopic(this, topic)
            : throw new ArgumentException($"no source or join of '{Topology.Name}' reads topic '{topic}'", nameof(topic));

    /// <summary>
    /// An output topic (a sink's topic or a late topic); reading consumes its records. An external sink's
    /// output is captured under <c>provider:destination</c>, e.g. <c>influxdb:raw</c>, encoded like a topic record.
    /// </summary>
    /// <param name="topic">The topic, or <c>provider:destination</c>.</param>
    /// <returns>The output topic.</returns>
    public TestOutputTopic CreateOutputTopic(string topic) => new(_collector.Queue(topic), topic);

    /// <summary>Moves the fake wall clock forward and applies the wall-clock idle rule (which may close windows and emit).</summary>
    /// <param name="by">A non-negative duration.</param>
    public void AdvanceWallClock(TimeSpan by)
    {
        _clock.Advance(by);
        _task.OnWallClock();
        _collector.DrainLoopback();
    }

    /// <summary>The counters of one processor.</summary>
    /// <param name="processor">The processor name.</param>
    /// <returns>A snapshot.</returns>
    /// <exception cref="KeyNotFoundException">No such processor.</exception>
    public ProcessorCounters Counters(string processor) => _task.Processors[processor].Counters();

    /// <summary>The open windows of a window-aggregate processor, by window start, series, field.</summary>
    /// <param name="processor">A window-aggregate processor's name.</param>
    /// <returns>A snapshot of its store.</returns>
    /// <exception cref="ArgumentException">The processor is not a window aggregate.</exception>
    public IReadOnlyList<WindowStoreEntry> GetWindowStore(string processor) =>
        _task.Processors[processor] is WindowAggregateProcessor w ? w.Entries() : throw new ArgumentException($"'{processor}' has no window store", nameof(processor));

    /// <summary>
    /// The rules table of an alert processor's <c>rules_topic</c>: <see cref="Alerts.AlertRuleTable.Apply"/> a rule (e.g. from
    /// <see cref="Alerts.AlertRuleTable.Decode"/> of an <c>alert-rule.avsc</c> record) or null to change the rules as the
    /// topic would; the processor applies the change on its next record or wall-clock tick.
    /// </summary>
    /// <param name="topic">The rules topic.</param>
    /// <returns>The table.</returns>
    /// <exception cref="KeyNotFoundException">No alert processor reads that rules topic.</exception>
    public Alerts.AlertRuleTable AlertRules(string topic) => _task.AlertRules[topic];

    /// <summary>The state of an alert processor (its evaluator's snapshot), as the runtime stores it in the changelog.</summary>
    /// <param name="processor">An alert processor's name.</param>
    /// <returns>The snapshot bytes.</returns>
    /// <exception cref="ArgumentException">The processor is not an alert processor.</exception>
    public byte[] GetAlertState(string processor) =>
        _task.Processors[processor] is AlertProcessor a ? a.TakeSnapshot() : throw new ArgumentException($"'{processor}' is not an alert processor", nameof(processor));

    /// <summary>Restores an alert processor from <see cref="GetAlertState"/> (e.g. of another driver), as a restart or rebalance does.</summary>
    /// <param name="processor">An alert processor's name.</param>
    /// <param name="state">The snapshot bytes.</param>
    /// <exception cref="ArgumentException">The processor is not an alert processor.</exception>
    public void RestoreAlertState(string processor, byte[] state)
    {
        if (_task.Processors[processor] is not AlertProcessor a)
        {
            throw new ArgumentException($"'{processor}' is not an alert processor", nameof(processor));
        }

        a.Restore(state);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the driver holds no unmanaged state. IDisposable keeps 'using' usable like Kafka's driver.
    }

    internal void Pipe(string topic, object value)
    {
        if (Topology.TableTopics.Contains(topic, StringComparer.Ordinal))
        {
            var keys = Topology.TableKeys(topic);
            var points = value is PointBatch batch ? Enumerable.Range(0, batch.Count).Select(i => batch[i]) : [(MetricPoint)value];
            foreach (var point in points)
            {
                _tables.Apply(topic, SeriesKey.Of(point), point, keys);
            }

            if (!_task.ReadsTopic(topic))
            {
                return;
            }
        }

        _task.Process(topic, value);
        _collector.DrainLoopback();
    }

    private sealed class Collector : IRecordCollector
    {
        private readonly Queue<(string Topic, object Value)> _loopback = new();

        public Dictionary<string, Queue<TestRecord>> Topics { get; } = new(StringComparer.Ordinal);

        public StreamTask? Task { get; set; }

        public Queue<TestRecord> Queue(string topic)
        {
            if (!Topics.TryGetValue(topic, out var queue))
            {
                Topics[topic] = queue = new Queue<TestRecord>();
            }

            return queue;
        }

        public void SendExternal(SinkNode sink, StreamValueKind kind, in StreamRecord record) =>
            Queue(sink.Target).Enqueue(Encode(sink.Target, kind, record));

        public void Send(string topic, StreamValueKind kind, in StreamRecord record)
        {
            var output = Encode(topic, kind, record);
            Queue(topic).Enqueue(output);
            if (Task!.ReadsTopic(topic))
            {
                _loopback.Enqueue((topic, kind == StreamValueKind.Point ? output.AsPoint() : output.AsAggregate()));
            }
        }

        public void DrainLoopback()
        {
            while (_loopback.TryDequeue(out var next))
            {
                Task!.Process(next.Topic, next.Value);
            }
        }

        private static TestRecord Encode(string topic, StreamValueKind kind, in StreamRecord record)
        {
            var buffer = new ArrayBufferWriter<byte>(128);
            switch (kind)
            {
                case StreamValueKind.Point:
                    MetricPointCodec.Write(buffer, (MetricPoint)record.Value);
                    break;
                case StreamValueKind.Alert:
                    Alerts.AlertEventRecords.Write(buffer, (Avro.Generic.GenericRecord)record.Value);
                    break;
                default:
                    WindowAggregateCodec.Write(buffer, (WindowAggregate)record.Value);
                    break;
            }

            return new TestRecord(topic, record.Key, kind, buffer.WrittenSpan.ToArray(), record.Timestamp);
        }
    }
}
