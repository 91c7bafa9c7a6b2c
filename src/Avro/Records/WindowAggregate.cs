namespace MetricStream.Avro.Records;

/// <summary>
/// Aggregate of one field of one series over one event-time window <c>[WindowStart, WindowEnd)</c>
/// (<c>window-aggregate.avsc</c>, value of the rollup topics). Designed for reuse; not thread-safe.
/// </summary>
public sealed class WindowAggregate
{
    private byte[] _sketchBuffer = [];

    /// <summary>Tenant id of the series.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>Measurement name of the series.</summary>
    public string Measurement { get; set; } = string.Empty;

    /// <summary>Name of the aggregated field.</summary>
    public string Field { get; set; } = string.Empty;

    /// <summary>Series tags; writers sort them by key (code point order) in place when needed.</summary>
    public List<Tag> Tags { get; } = new(8);

    /// <summary>Inclusive window start (millisecond precision on the wire).</summary>
    public DateTimeOffset WindowStart { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Exclusive window end (millisecond precision on the wire).</summary>
    public DateTimeOffset WindowEnd { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Number of values aggregated.</summary>
    public long Count { get; set; }

    /// <summary>Sum of the values.</summary>
    public double Sum { get; set; }

    /// <summary>Smallest value.</summary>
    public double Min { get; set; }

    /// <summary>Largest value.</summary>
    public double Max { get; set; }

    /// <summary>Sum / Count.</summary>
    public double Mean { get; set; }

    /// <summary>Value with the latest event time.</summary>
    public double Last { get; set; }

    /// <summary>Names the sketch encoding, e.g. <c>ddsketch-v1</c>.</summary>
    public string SketchFormat { get; set; } = string.Empty;

    /// <summary>
    /// The serialised quantile sketch. After a read it points into a buffer this instance owns and
    /// reuses: copy it before the next read into the same instance if it must outlive that.
    /// </summary>
    public ReadOnlyMemory<byte> Sketch { get; set; }

    /// <summary>Median estimate.</summary>
    public double P50 { get; set; }

    /// <summary>95th percentile estimate.</summary>
    public double P95 { get; set; }

    /// <summary>99th percentile estimate.</summary>
    public double P99 { get; set; }

    /// <summary>Returns a writable buffer of at least <paramref name="length"/> bytes owned by this instance, for decoding the sketch.</summary>
    internal Memory<byte> SketchBuffer(int length)
    {
        if (_sketchBuffer.Length < length)
        {
            _sketchBuffer = new byte[Math.Max(length, _sketchBuffer.Length * 2)];
        }

        return _sketchBuffer.AsMemory(0, length);
    }
}
