namespace MetricStream.Avro.Records;

/// <summary>
/// The edge's batch record (<c>point-batch.avsc</c>, value of <c>metrics.points</c>): the points of one
/// request that go to one partition, in request order, sharing tenant, bucket and request id.
/// Designed for reuse: <see cref="Clear"/> keeps the <see cref="MetricPoint"/> objects, and
/// <see cref="AddPoint"/> hands them out again, so a decoder fed batch after batch allocates nothing
/// once it has seen the largest batch. Not thread-safe.
/// </summary>
public sealed class PointBatch
{
    private readonly List<MetricPoint> _points = [];

    /// <summary>Tenant of every point; written once for the batch.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>InfluxDB database or bucket of the request, or null.</summary>
    public string? Bucket { get; set; }

    /// <summary>Trace id of the request, or null; readers give it to every point as <see cref="MetricPoint.Id"/>.</summary>
    public string? RequestId { get; set; }

    /// <summary>When the edge accepted the request (microsecond precision on the wire).</summary>
    public DateTimeOffset ReceivedAt { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Number of points.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The point at <paramref name="index"/> (0 to <see cref="Count"/> - 1). After a read, every point's
    /// <see cref="MetricPoint.Tenant"/>, <see cref="MetricPoint.Bucket"/> and <see cref="MetricPoint.Id"/>
    /// are the batch's; when writing, the points' own values of those are ignored.
    /// </summary>
    /// <param name="index">Zero-based position in request order.</param>
    public MetricPoint this[int index] =>
        (uint)index < (uint)Count ? _points[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Appends a cleared point (reused from an earlier batch when possible) and returns it to fill.</summary>
    /// <returns>The new last point.</returns>
    public MetricPoint AddPoint()
    {
        if (Count == _points.Count)
        {
            _points.Add(new MetricPoint());
        }
        else
        {
            _points[Count].Clear();
        }

        return _points[Count++];
    }

    /// <summary>Removes every point (keeping them for reuse) and resets the batch's properties.</summary>
    public void Clear()
    {
        Count = 0;
        Tenant = string.Empty;
        Bucket = null;
        RequestId = null;
        ReceivedAt = DateTimeOffset.UnixEpoch;
    }
}
