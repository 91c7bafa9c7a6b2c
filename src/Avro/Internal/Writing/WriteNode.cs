using MetricStream.Avro.Binary;

namespace MetricStream.Avro.Internal.Writing;

/// <summary>
/// One node of a compiled write plan: writes a generic value for one schema. <see cref="Match"/> ranks
/// how well a value fits, so a union writes each value with its best branch.
/// </summary>
internal abstract class WriteNode
{
    /// <summary>Exact fit (e.g. an <see cref="int"/> for <c>int</c>).</summary>
    public const int Exact = 2;

    /// <summary>Fits after a lossless conversion (e.g. an <see cref="int"/> for <c>long</c>).</summary>
    public const int Convertible = 1;

    /// <summary>Does not fit.</summary>
    public const int None = 0;

    public abstract string Expected { get; }

    public abstract void Write(ref AvroBinaryWriter writer, object? value);

    public abstract int Match(object? value);

    protected DatumPathException Mismatch(object? value) =>
        new($"expected {Expected}, got {DatumPathException.Describe(value)}");
}
