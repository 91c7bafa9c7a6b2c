using Confluent.Kafka;

namespace MetricStream.Processing.Outputs;

/// <summary>What an <see cref="IExternalSinkProvider"/> is opening a sink for.</summary>
/// <param name="Topology">The topology's name.</param>
/// <param name="Processor">The sink processor's name.</param>
/// <param name="Provider">The provider name, e.g. <c>influxdb</c> (see <see cref="ExternalSinks"/>).</param>
/// <param name="Destination">The destination the topology names, e.g. <c>raw</c>; the provider's configuration resolves it.</param>
/// <param name="Partition">The input partition of the task that writes; the test driver uses partition 0 of the source topic.</param>
public sealed record ExternalSinkContext(string Topology, string Processor, string Provider, string Destination, TopicPartition Partition);
