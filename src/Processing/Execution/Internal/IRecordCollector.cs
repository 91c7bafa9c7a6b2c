using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>Where sinks and late outputs write: the test driver's in-memory topics, or the Kafka runtime's producer.</summary>
internal interface IRecordCollector
{
    /// <summary>Writes a record; the value is encoded before this returns, so the caller may reuse it.</summary>
    void Send(string topic, StreamValueKind kind, in StreamRecord record);

    /// <summary>Writes a record through an external sink (<see cref="SinkNode.IsExternal"/>); the sink copies the value before this returns.</summary>
    void SendExternal(SinkNode sink, StreamValueKind kind, in StreamRecord record);
}
