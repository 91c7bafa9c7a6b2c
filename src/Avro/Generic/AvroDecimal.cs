using System.Globalization;
using System.Numerics;

namespace MetricStream.Avro.Generic;

/// <summary>
/// The value of the <c>decimal</c> logical type: <see cref="Unscaled"/> × 10^-<see cref="Scale"/>, exact at
/// any precision (a <see cref="decimal"/> holds at most 28-29 digits). Equality compares unscaled value and
/// scale, so 1.0 (scale 1) differs from 1.00 (scale 2), as two decimals of different schemas should.
/// </summary>
public readonly struct AvroDecimal : IEquatable<AvroDecimal>
{
    /// <summary>Creates a decimal from its unscaled integer and scale.</summary>
    /// <param name="unscaled">The unscaled value (what Avro encodes, as big-endian two's complement).</param>
    /// <param name="scale">Digits after the point, 0 or more.</param>
    public AvroDecimal(BigInteger unscaled, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        Unscaled = unscaled;
        Scale = scale;
    }

    /// <summary>The unscaled integer value.</summary>
    public BigInteger Unscaled { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }

    /// <summary>Converts a <see cref="decimal"/> exactly, keeping its own scale.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The equivalent <see cref="AvroDecimal"/>.</returns>
    public static AvroDecimal FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xff;
        return new AvroDecimal(bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>Implicit conversion from <see cref="decimal"/>; see <see cref="FromDecimal"/>.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator AvroDecimal(decimal value) => FromDecimal(value);

    /// <summary>Returns the same number with another scale, exactly.</summary>
    /// <param name="scale">The target scale.</param>
    /// <returns>The rescaled value.</returns>
    /// <exception cref="AvroException">Lowering the scale would drop non-zero digits.</exception>
    public AvroDecimal Rescale(int scale)
    {
        if (scale == Scale)
        {
            return this;
        }

        if (scale > Scale)
        {
            return new AvroDecimal(Unscaled * BigInteger.Pow(10, scale - Scale), scale);
        }

        var divisor = BigInteger.Pow(10, Scale - scale);
        var quotient = BigInteger.DivRem(Unscaled, divisor, out var remainder);
        return remainder.IsZero
            ? new AvroDecimal(quotient, scale)
            : throw new AvroException($"decimal {this} cannot be written with scale {scale} without rounding");
    }

    /// <summary>Converts to <see cref="decimal"/>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="OverflowException">The value does not fit a <see cref="decimal"/>.</exception>
    public decimal ToDecimal()
    {
        if (Scale <= 28)
        {
            var magnitude = BigInteger.Abs(Unscaled);
            if (magnitude.GetBitLength() <= 96)
            {
                var lo = (int)(uint)(magnitude & uint.MaxValue);
                var mid = (int)(uint)((magnitude >> 32) & uint.MaxValue);
                var hi = (int)(uint)((magnitude >> 64) & uint.MaxValue);
                return new decimal(lo, mid, hi, Unscaled.Sign < 0, (byte)Scale);
            }
        }

        return decimal.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Explicit conversion to <see cref="decimal"/>; see <see cref="ToDecimal"/>.</summary>
    /// <param name="value">The value.</param>
    public static explicit operator decimal(AvroDecimal value) => value.ToDecimal();

    /// <summary>The number in invariant notation with exactly <see cref="Scale"/> decimals, e.g. <c>-12.50</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        if (Scale > 0)
        {
            digits = digits.PadLeft(Scale + 1, '0');
            digits = digits[..^Scale] + "." + digits[^Scale..];
        }

        return Unscaled.Sign < 0 ? "-" + digits : digits;
    }

    /// <summary>Equal when unscaled value and scale are equal.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(AvroDecimal other) => Scale == other.Scale && Unscaled.Equals(other.Unscaled);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AvroDecimal other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Unscaled, Scale);

    /// <summary>Equality operator; see <see cref="Equals(AvroDecimal)"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(AvroDecimal left, AvroDecimal right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(AvroDecimal left, AvroDecimal right) => !left.Equals(right);
}
