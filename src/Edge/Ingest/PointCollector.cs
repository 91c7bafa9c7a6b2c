using MetricStream.Avro.Records;
using MetricStream.Edge.Validation;

namespace MetricStream.Edge.Ingest;

/// <summary>A <see cref="ValidatingPointSink"/> that keeps a copy of every valid point, in body order.</summary>
public sealed class PointCollector : ValidatingPointSink
{
    private readonly List<MetricPoint> _points = [];

    /// <summary>Creates a collector.</summary>
    /// <param name="validator">Validates each point.</param>
    /// <param name="nowNanos">The request's arrival time (nanoseconds since the Unix epoch).</param>
    public PointCollector(PointValidator validator, long nowNanos)
        : base(validator, nowNanos)
    {
    }

    /// <summary>The valid points, in body order.</summary>
    public IReadOnlyList<MetricPoint> Points => _points;

    /// <inheritdoc />
    protected override void Accept(MetricPoint point)
    {
        var copy = new MetricPoint();
        copy.CopyFrom(point);
        _points.Add(copy);
    }
}
