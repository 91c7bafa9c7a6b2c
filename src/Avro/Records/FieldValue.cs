namespace MetricStream.Avro.Records;

/// <summary>
/// A field value of a point: a double, long, string or boolean, without boxing. Create one with
/// <see cref="Of(double)"/> and its overloads (or the implicit conversions).
/// </summary>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly long _bits;
    private readonly string? _string;

    private FieldValue(FieldValueKind kind, long bits, string? text)
    {
        Kind = kind;
        _bits = bits;
        _string = text;
    }

    /// <summary>Which type the value has.</summary>
    public FieldValueKind Kind { get; }

    /// <summary>The double value; valid when <see cref="Kind"/> is <see cref="FieldValueKind.Double"/>.</summary>
    public double AsDouble => BitConverter.Int64BitsToDouble(_bits);

    /// <summary>The long value; valid when <see cref="Kind"/> is <see cref="FieldValueKind.Long"/>.</summary>
    public long AsLong => _bits;

    /// <summary>The boolean value; valid when <see cref="Kind"/> is <see cref="FieldValueKind.Boolean"/>.</summary>
    public bool AsBoolean => _bits != 0;

    /// <summary>The string value; valid when <see cref="Kind"/> is <see cref="FieldValueKind.String"/> (otherwise null).</summary>
    public string? AsString => _string;

    /// <summary>A double value (NaN and infinities are kept bit for bit).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The field value.</returns>
    public static FieldValue Of(double value) => new(FieldValueKind.Double, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>A long value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The field value.</returns>
    public static FieldValue Of(long value) => new(FieldValueKind.Long, value, null);

    /// <summary>A string value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The field value.</returns>
    public static FieldValue Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(FieldValueKind.String, 0, value);
    }

    /// <summary>A boolean value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The field value.</returns>
    public static FieldValue Of(bool value) => new(FieldValueKind.Boolean, value ? 1 : 0, null);

    /// <summary>Converts a double.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator FieldValue(double value) => Of(value);

    /// <summary>Converts a long.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator FieldValue(long value) => Of(value);

    /// <summary>Converts a string.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator FieldValue(string value) => Of(value);

    /// <summary>Converts a boolean.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator FieldValue(bool value) => Of(value);

    /// <summary>The value as the generic model's CLR object (boxes), e.g. for the generic codec.</summary>
    /// <returns>A <see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>.</returns>
    public object ToObject() => Kind switch
    {
        FieldValueKind.Double => AsDouble,
        FieldValueKind.Long => AsLong,
        FieldValueKind.String => AsString!,
        _ => AsBoolean,
    };

    /// <summary>Equal when kinds are equal and values are equal (doubles compared bit for bit).</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(FieldValue other) => Kind == other.Kind && _bits == other._bits && string.Equals(_string, other._string, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _bits, _string);

    /// <summary>The value in invariant culture.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        FieldValueKind.Double => AsDouble.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        FieldValueKind.Long => AsLong.ToString(System.Globalization.CultureInfo.InvariantCulture) + "i",
        FieldValueKind.String => $"\"{AsString}\"",
        _ => AsBoolean ? "true" : "false",
    };

    /// <summary>Equality operator.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);
}
