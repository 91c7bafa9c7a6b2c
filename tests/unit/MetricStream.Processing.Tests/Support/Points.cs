using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Tests.Support;

/// <summary>Builders for test points and one-processor topologies.</summary>
internal static class Points
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    public static MetricPoint Cpu(long eventMs, double value, string host = "a") =>
        new MetricPoint { Tenant = "acme", Measurement = "cpu", Timestamp = T0.AddMilliseconds(eventMs) }
            .AddTag("host", host)
            .AddField("usage", value);

    public static MetricStream.Processing.Topology.Topology WindowTopology(WindowDefinition window, IdleClose? idle = null, IReadOnlyList<AggregateKind>? aggregates = null) =>
        new TopologyBuilder("test")
            .Source("points", "in", SourceSchema.MetricPoint)
            .WindowAggregate("agg", "points", window, aggregates ?? Aggregates.All, new WindowAggregateOptions { Idle = idle, LateTopic = "late" })
            .Sink("out", "agg", "out")
            .Build();

    public static string Bounds(WindowAggregate a) =>
        $"[{(a.WindowStart - T0).TotalMilliseconds};{(a.WindowEnd - T0).TotalMilliseconds})";
}
