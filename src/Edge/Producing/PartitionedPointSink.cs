using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.Validation;

namespace MetricStream.Edge.Producing;

/// <summary>
/// Collects one request's valid points into one <see cref="PointBatch"/> per target partition (murmur2 of
/// each point's <see cref="SeriesKey"/>), in request order, and records each point's series hash for
/// admission. Reusable: <see cref="Reset"/> keeps the batches and their points for the next request, so a
/// pooled sink allocates almost nothing per request. One request at a time; not thread-safe.
/// </summary>
public sealed class PartitionedPointSink : ValidatingPointSink
{
    private readonly List<ulong> _seriesHashes = [];
    private PointBatch[] _batches = [];
    private byte[]?[] _firstKeys = [];
    private byte[] _keyBuffer = new byte[256];
    private int _partitions;
    private string _tenant = string.Empty;

    /// <summary>Creates a sink; call <see cref="Reset"/> before each request.</summary>
    /// <param name="validator">Validates each point.</param>
    public PartitionedPointSink(PointValidator validator)
        : base(validator, 0)
    {
    }

    /// <summary>Series hashes of the accepted points, in order (for the new-series policy).</summary>
    public IReadOnlyList<ulong> SeriesHashes => _seriesHashes;

    /// <summary>Number of partitions of the current request's topic.</summary>
    public int PartitionCount => _partitions;

    /// <summary>Prepares for a request.</summary>
    /// <param name="tenant">Tenant of every point (from the API key).</param>
    /// <param name="bucket">Database/bucket attribute of the request, or null.</param>
    /// <param name="requestId">Request id, or null.</param>
    /// <param name="receivedAt">When the request arrived; also the reference of the timestamp window.</param>
    /// <param name="partitions">Partitions of the target topic.</param>
    public void Reset(string tenant, string? bucket, string? requestId, DateTimeOffset receivedAt, int partitions)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ResetCounts(Precision.ToUnixNanoseconds(receivedAt));
        _tenant = tenant;
        _partitions = partitions;
        if (_batches.Length < partitions)
        {
            var grown = new PointBatch[partitions];
            _batches.CopyTo(grown, 0);
            for (var p = _batches.Length; p < partitions; p++)
            {
                grown[p] = new PointBatch();
            }

            _batches = grown;
            _firstKeys = new byte[]?[partitions];
        }

        for (var p = 0; p < partitions; p++)
        {
            var batch = _batches[p];
            batch.Clear();
            batch.Tenant = tenant;
            batch.Bucket = bucket;
            batch.RequestId = requestId;
            batch.ReceivedAt = receivedAt;
            _firstKeys[p] = null;
        }

        _seriesHashes.Clear();
    }

    /// <summary>The batch of partition <paramref name="partition"/> (possibly empty).</summary>
    /// <param name="partition">0 to <see cref="PartitionCount"/> - 1.</param>
    /// <returns>The batch.</returns>
    public PointBatch Batch(int partition) => _batches[partition];

    /// <summary>The series key of the first point of partition <paramref name="partition"/>'s batch (the record key), or null when empty.</summary>
    /// <param name="partition">0 to <see cref="PartitionCount"/> - 1.</param>
    /// <returns>The key bytes.</returns>
    public byte[]? RecordKey(int partition) => _firstKeys[partition];

    /// <inheritdoc />
    protected override void Accept(MetricPoint point)
    {
        var length = SeriesKey.Write(_tenant, point, ref _keyBuffer);
        var key = _keyBuffer.AsSpan(0, length);
        var partition = Murmur2.Partition(key, _partitions);
        _seriesHashes.Add(SeriesKey.Hash64(key));
        _firstKeys[partition] ??= key.ToArray();
        var target = _batches[partition].AddPoint();
        target.CopyFrom(point);
    }
}
