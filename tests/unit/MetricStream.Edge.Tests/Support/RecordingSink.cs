using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;

namespace MetricStream.Edge.Tests.Support;

/// <summary>Keeps everything a parser reports, without validation.</summary>
internal sealed class RecordingSink : IPointSink
{
    public List<(int Item, MetricPoint Point)> Points { get; } = [];

    public List<(int Item, string Reason)> Errors { get; } = [];

    public MetricPoint Single
    {
        get
        {
            Errors.Should().BeEmpty();
            Points.Should().ContainSingle();
            return Points[0].Point;
        }
    }

    public void OnPoint(MetricPoint point, int item)
    {
        var copy = new MetricPoint();
        copy.CopyFrom(point);
        Points.Add((item, copy));
    }

    public void OnError(int item, string reason) => Errors.Add((item, reason));
}
