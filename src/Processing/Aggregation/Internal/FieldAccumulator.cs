using MetricStream.Avro.Records;
using MetricStream.Processing.Quantiles;

namespace MetricStream.Processing.Aggregation.Internal;

/// <summary>
/// The running aggregates of one field of one series in one window. Adding values and merging
/// aggregates of smaller windows give the same count, min, max and last, and bucket-for-bucket the same
/// sketch; sum (and so mean) may differ in the last bits from floating-point rounding. Not thread-safe.
/// </summary>
internal sealed class FieldAccumulator
{
    private long _lastTicks = long.MinValue;

    public FieldAccumulator(bool keepSketch, double relativeAccuracy)
    {
        Sketch = keepSketch ? new QuantileSketch(relativeAccuracy) : null;
    }

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public double Min { get; private set; } = double.NaN;

    public double Max { get; private set; } = double.NaN;

    public double Last { get; private set; } = double.NaN;

    public QuantileSketch? Sketch { get; }

    /// <summary>Adds one value with its event time; on equal event times the later call wins <c>last</c>.</summary>
    public void Add(double value, long eventTicks)
    {
        Min = Count == 0 ? value : Math.Min(Min, value);
        Max = Count == 0 ? value : Math.Max(Max, value);
        Sum += value;
        Count++;
        if (eventTicks >= _lastTicks)
        {
            _lastTicks = eventTicks;
            Last = value;
        }

        Sketch?.Add(value);
    }

    /// <summary>Merges the aggregate of a smaller window whose record time is <paramref name="eventTicks"/>.</summary>
    /// <exception cref="FormatException">The aggregate's sketch cannot be decoded.</exception>
    public void Merge(WindowAggregate input, long eventTicks)
    {
        if (input.Count <= 0)
        {
            return;
        }

        Min = Count == 0 ? input.Min : Math.Min(Min, input.Min);
        Max = Count == 0 ? input.Max : Math.Max(Max, input.Max);
        Sum += input.Sum;
        Count += input.Count;
        if (eventTicks >= _lastTicks)
        {
            _lastTicks = eventTicks;
            Last = input.Last;
        }

        if (Sketch is not null)
        {
            if (!string.Equals(input.SketchFormat, QuantileSketch.Format, StringComparison.Ordinal))
            {
                throw new FormatException($"input sketch format '{input.SketchFormat}' is not {QuantileSketch.Format}");
            }

            Sketch.MergeBytes(input.Sketch.Span);
        }
    }

    /// <summary>Empties the accumulator for reuse by another window (as if new, same sketch accuracy).</summary>
    public void Reset()
    {
        _lastTicks = long.MinValue;
        Count = 0;
        Sum = 0;
        Min = Max = Last = double.NaN;
        Sketch?.Reset();
    }

    /// <summary>Writes the selected aggregates into <paramref name="into"/>; unselected ones are NaN, count always set.</summary>
    public void WriteTo(WindowAggregate into, IReadOnlyCollection<AggregateKind> selected)
    {
        into.Count = Count;
        into.Sum = selected.Contains(AggregateKind.Sum) ? Sum : double.NaN;
        into.Min = selected.Contains(AggregateKind.Min) ? Min : double.NaN;
        into.Max = selected.Contains(AggregateKind.Max) ? Max : double.NaN;
        into.Mean = selected.Contains(AggregateKind.Mean) ? Sum / Count : double.NaN;
        into.Last = selected.Contains(AggregateKind.Last) ? Last : double.NaN;
        into.P50 = selected.Contains(AggregateKind.P50) && Sketch is not null ? Sketch.Quantile(0.5) : double.NaN;
        into.P95 = selected.Contains(AggregateKind.P95) && Sketch is not null ? Sketch.Quantile(0.95) : double.NaN;
        into.P99 = selected.Contains(AggregateKind.P99) && Sketch is not null ? Sketch.Quantile(0.99) : double.NaN;
        if (Sketch is null)
        {
            into.SketchFormat = string.Empty;
            into.Sketch = ReadOnlyMemory<byte>.Empty;
        }
        else
        {
            into.SketchFormat = QuantileSketch.Format;
            into.Sketch = Sketch.ToBytes();
        }
    }
}
