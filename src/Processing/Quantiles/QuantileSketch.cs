using MetricStream.Processing.Quantiles.Internal;

namespace MetricStream.Processing.Quantiles;

/// <summary>
/// A mergeable quantile sketch with a relative-error guarantee, after DDSketch (Masson, Rim and Lee,
/// VLDB 2019), written for this product.
/// <para>
/// <b>Buckets.</b> With relative accuracy <c>alpha</c> and <c>gamma = (1 + alpha) / (1 - alpha)</c>, a positive
/// value <c>x</c> is counted in bucket <c>i = ceil(log_gamma(x))</c>, which covers <c>(gamma^(i-1), gamma^i]</c>;
/// a negative value in the bucket of <c>|x|</c> of a separate negative store; a value with
/// <c>|x| &lt; </c><see cref="MinIndexableValue"/> in a zero bucket. Bucket boundaries depend only on alpha, so two
/// sketches with the same alpha merge exactly by adding bucket counts: merging the 60 one-minute
/// sketches of an hour gives bucket for bucket the sketch of the hour's values.
/// </para>
/// <para>
/// <b>Error bound.</b> <see cref="Quantile"/>(q) returns an estimate <c>v</c> of the exact q-quantile
/// <c>x</c> = the value of rank <c>floor(q * (n - 1))</c> (0-based) among the n values sorted ascending, with
/// <c>|v - x| &lt;= alpha * |x|</c> for <c>|x| &gt;= </c><see cref="MinIndexableValue"/> (and <c>|v - x| &lt; MinIndexableValue</c>
/// otherwise), for any data and any number of merges. The estimate of bucket i is <c>2 gamma^i / (gamma + 1)</c>,
/// clamped to the exact <see cref="Min"/> and <see cref="Max"/>. Default alpha: 0.01 (1 %).
/// </para>
/// <para>
/// <b>Size.</b> Up to 32 non-empty buckets are kept sparse (8 bytes each, however far apart); beyond that, one
/// counter per bucket between the smallest and largest bucket in use: values spanning a factor of 10 need
/// about <c>ln(10) / ln(gamma)</c> = 116 buckets at 1 %.
/// </para>
/// <para><b>Bytes</b> (<see cref="ToBytes"/>, format <see cref="Format"/>): deterministic, equal sketches give equal bytes.</para>
/// Not thread-safe.
/// </summary>
public sealed partial class QuantileSketch
{
    /// <summary>The name of the serialised form, written into <c>WindowAggregate.sketchFormat</c>.</summary>
    public const string Format = "ddsketch-v1";

    /// <summary>The default relative accuracy: 0.01, i.e. estimates within 1 % of the exact quantile.</summary>
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>Values with an absolute value below this (1e-9) are counted as zero.</summary>
    public const double MinIndexableValue = 1e-9;

    private const byte Version = 1;

    // One shared mapping per accuracy (not three doubles per sketch): millions of open windows each hold a sketch.
    private static Mapping s_lastMapping = new(DefaultRelativeAccuracy);
    private readonly Mapping _mapping;

    // Mutable structs: never make these readonly or copy them to mutate them.
    private BucketStore _positive;
    private BucketStore _negative;

    /// <summary>An empty sketch.</summary>
    /// <param name="relativeAccuracy">alpha, greater than 0 and at most 0.5; default 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException">alpha out of range.</exception>
    public QuantileSketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (!(relativeAccuracy > 0 && relativeAccuracy <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "relative accuracy must be in (0, 0.5]");
        }

        var mapping = s_lastMapping;
        if (mapping.Alpha != relativeAccuracy)
        {
            // A benign race: two threads may each build a mapping; both are correct.
            s_lastMapping = mapping = new Mapping(relativeAccuracy);
        }

        _mapping = mapping;
    }

    /// <summary>alpha: the relative error bound of <see cref="Quantile"/>.</summary>
    public double RelativeAccuracy => _mapping.Alpha;

    /// <summary>Number of values added (directly or by merging).</summary>
    public long Count { get; private set; }

    /// <summary>Number of values counted in the zero bucket.</summary>
    public long ZeroCount { get; private set; }

    /// <summary>Exact smallest value added; <see cref="double.NaN"/> when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>Exact largest value added; <see cref="double.NaN"/> when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Adds one value.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "only finite values can be added");
        }

        if (value >= MinIndexableValue)
        {
            _positive.Add(IndexOf(value), 1);
        }
        else if (value <= -MinIndexableValue)
        {
            _negative.Add(IndexOf(-value), 1);
        }
        else
        {
            ZeroCount++;
        }

        Min = Count == 0 ? value : Math.Min(Min, value);
        Max = Count == 0 ? value : Math.Max(Max, value);
        Count++;
    }

    /// <summary>Adds every value of <paramref name="other"/> to this sketch (exact: bucket counts add up).</summary>
    /// <param name="other">A sketch with the same <see cref="RelativeAccuracy"/>; it is not changed.</param>
    /// <exception cref="ArgumentException">The accuracies differ (bucket boundaries would not line up).</exception>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException($"cannot merge a sketch of accuracy {other.RelativeAccuracy} into one of {RelativeAccuracy}", nameof(other));
        }

        if (other.Count == 0)
        {
            return;
        }

        _positive.MergeFrom(other._positive);
        _negative.MergeFrom(other._negative);
        ZeroCount += other.ZeroCount;
        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
        Count += other.Count;
    }

    /// <summary>Empties the sketch (same accuracy), for reuse.</summary>
    internal void Reset()
    {
        _positive = default;
        _negative = default;
        ZeroCount = 0;
        Count = 0;
        Min = Max = double.NaN;
    }

    /// <summary>Estimates the q-quantile within the relative error bound stated on the type.</summary>
    /// <param name="q">The quantile, from 0 (the minimum) to 1 (the maximum), e.g. 0.99.</param>
    /// <returns>The estimate, or <see cref="double.NaN"/> when the sketch is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">q outside [0, 1].</exception>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "q must be in [0, 1]");
        }

        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Floor(q * (Count - 1));
        long seen = 0;
        double estimate;
        if (!_negative.IsEmpty && rank < (seen += NegativeTotal()))
        {
            // Negative values, most negative first: highest |x| bucket first.
            seen = 0;
            var i = _negative.MaxIndex;
            for (; i > _negative.MinIndex; i = _negative.PreviousIndex(i))
            {
                seen += _negative[i];
                if (seen > rank)
                {
                    break;
                }
            }

            estimate = -ValueOf(i);
        }
        else if (rank < (seen += ZeroCount))
        {
            estimate = 0;
        }
        else
        {
            var i = _positive.MinIndex;
            for (; i < _positive.MaxIndex; i = _positive.NextIndex(i))
            {
                seen += _positive[i];
                if (seen > rank)
                {
                    break;
                }
            }

            estimate = ValueOf(i);
        }

        return Math.Clamp(estimate, Min, Max);
    }

    private int IndexOf(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / _mapping.LogGamma);

    private double ValueOf(int index) => 2 * Math.Pow(_mapping.Gamma, index) / (_mapping.Gamma + 1);

    private long NegativeTotal() => Count - ZeroCount - PositiveTotal();

    private long PositiveTotal()
    {
        long total = 0;
        for (var i = _positive.MinIndex; i <= _positive.MaxIndex; i = _positive.NextIndex(i))
        {
            total += _positive[i];
        }

        return total;
    }

    /// <summary>Bucket boundaries of one relative accuracy: gamma = (1 + alpha) / (1 - alpha) and its log.</summary>
    private sealed class Mapping(double alpha)
    {
        public double Alpha { get; } = alpha;

        public double Gamma { get; } = (1 + alpha) / (1 - alpha);

        public double LogGamma { get; } = Math.Log((1 + alpha) / (1 - alpha));
    }
}
