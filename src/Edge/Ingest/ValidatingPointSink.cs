using MetricStream.Avro.Records;
using MetricStream.Edge.Validation;

namespace MetricStream.Edge.Ingest;

/// <summary>
/// The bookkeeping every request needs: validates each parsed point with a <see cref="PointValidator"/>,
/// hands valid ones to <see cref="Accept"/>, counts accepted and rejected items and keeps the first
/// <see cref="IngestLimits.MaxErrorsReported"/> errors in body order. One request at a time; not thread-safe.
/// </summary>
public abstract class ValidatingPointSink : IPointSink
{
    private readonly PointValidator _validator;
    private readonly int _maxErrors;
    private readonly List<IngestError> _errors = [];
    private long _nowNanos;

    /// <summary>Creates the sink.</summary>
    /// <param name="validator">Validates each point.</param>
    /// <param name="nowNanos">The request's arrival time (nanoseconds since the Unix epoch) for the timestamp window.</param>
    protected ValidatingPointSink(PointValidator validator, long nowNanos)
    {
        ArgumentNullException.ThrowIfNull(validator);
        _validator = validator;
        _nowNanos = nowNanos;
        _maxErrors = validator.Limits.MaxErrorsReported;
    }

    /// <summary>Points that passed validation.</summary>
    public int Accepted { get; private set; }

    /// <summary>Items rejected by the parser or the validator.</summary>
    public int Rejected { get; private set; }

    /// <summary>The first rejected items, in body order (at most <see cref="IngestLimits.MaxErrorsReported"/>).</summary>
    public IReadOnlyList<IngestError> Errors => _errors;

    /// <inheritdoc />
    public void OnPoint(MetricPoint point, int item)
    {
        if (_validator.Validate(point, _nowNanos) is { } reason)
        {
            OnError(item, reason);
            return;
        }

        Accepted++;
        Accept(point);
    }

    /// <inheritdoc />
    public void OnError(int item, string reason)
    {
        Rejected++;
        if (_errors.Count < _maxErrors)
        {
            _errors.Add(new IngestError(item, reason));
        }
    }

    /// <summary>Takes a valid point (tags sorted). The point is reused after this returns: copy what you keep.</summary>
    /// <param name="point">The valid point.</param>
    protected abstract void Accept(MetricPoint point);

    /// <summary>Clears the counts and errors for the next request, arriving at <paramref name="nowNanos"/>.</summary>
    /// <param name="nowNanos">The next request's arrival time.</param>
    protected void ResetCounts(long nowNanos)
    {
        _nowNanos = nowNanos;
        Accepted = 0;
        Rejected = 0;
        _errors.Clear();
    }
}
