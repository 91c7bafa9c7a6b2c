using System.Globalization;
using System.Text.Unicode;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.RemoteWrite.Internal;

namespace MetricStream.Edge.RemoteWrite;

/// <summary>
/// Decodes a Prometheus remote_write 1.0 <c>WriteRequest</c> (protobuf, already snappy-decompressed) into
/// points: one point per sample, measurement = the <c>__name__</c> label, tags = the other labels, a single
/// float field <c>value</c>, timestamp = the sample's milliseconds as nanoseconds.
/// </summary>
/// <remarks>
/// <para>Items are numbered by time series (1-based, in request order); every sample of a series shares its
/// series' number in errors. A series without <c>__name__</c>, with labels that are not valid UTF-8, or with a
/// malformed protobuf encoding is rejected whole and decoding goes on with the next series; a malformed
/// top-level message stops decoding with one error for the rest of the body.</para>
/// <para>Labels with an empty value are dropped (in Prometheus an empty label is an absent label).
/// Staleness markers (the special NaN Prometheus writes when a series disappears) carry no value and are
/// skipped without being counted; other NaN and infinite samples are kept as they are. Exemplars and
/// metadata are ignored; native histogram samples are not supported and are reported as an error of their
/// series (its float samples are still accepted).</para>
/// <para>Thread-safe: per-thread scratch space; steady-state decoding allocates only new strings.</para>
/// </remarks>
public static class RemoteWriteDecoder
{
    /// <summary>The bits of Prometheus' staleness marker NaN (<c>value.StaleNaN</c>).</summary>
    public const long StaleNaNBits = 0x7ff0000000000002;

    [ThreadStatic]
    private static Scratch? _scratch;

    /// <summary>Decodes <paramref name="writeRequest"/>, reporting each point or error to <paramref name="sink"/>. Never throws for malformed input.</summary>
    /// <param name="writeRequest">The protobuf bytes of a WriteRequest.</param>
    /// <param name="sink">Receives the points and errors.</param>
    public static void Decode(ReadOnlySpan<byte> writeRequest, IPointSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var scratch = _scratch ??= new Scratch();
        var reader = new ProtobufReader(writeRequest);
        var series = 0;
        try
        {
            while (reader.TryReadTag(out var field, out var wireType))
            {
                if (field != 1)
                {
                    reader.Skip(wireType);
                    continue;
                }

                ProtobufReader.Expect(wireType, ProtobufReader.LengthDelimited, "WriteRequest.timeseries");
                series++;
                var message = reader.ReadLengthDelimited();
                try
                {
                    DecodeSeries(message, series, scratch, sink);
                }
                catch (InvalidDataException ex)
                {
                    sink.OnError(series, "malformed time series: " + ex.Message);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            sink.OnError(series + 1, "malformed WriteRequest: " + ex.Message);
        }
    }

    private static void DecodeSeries(ReadOnlySpan<byte> message, int series, Scratch scratch, IPointSink sink)
    {
        var point = scratch.Point;
        point.Clear();
        var samples = scratch.Samples;
        samples.Clear();
        var histograms = 0;
        string? name = null;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    ProtobufReader.Expect(wireType, ProtobufReader.LengthDelimited, "TimeSeries.labels");
                    if (!ReadLabel(reader.ReadLengthDelimited(), scratch, out var key, out var value))
                    {
                        sink.OnError(series, "label is not valid UTF-8");
                        return;
                    }

                    if (key == "__name__")
                    {
                        name = value;
                    }
                    else if (value.Length > 0)
                    {
                        point.Tags.Add(new Tag(key, value));
                    }

                    break;
                case 2:
                    ProtobufReader.Expect(wireType, ProtobufReader.LengthDelimited, "TimeSeries.samples");
                    samples.Add(ReadSample(reader.ReadLengthDelimited()));
                    break;
                case 4:
                    histograms++;
                    reader.Skip(wireType);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            sink.OnError(series, "time series has no __name__ label");
            return;
        }

        if (histograms > 0)
        {
            sink.OnError(series, string.Create(CultureInfo.InvariantCulture, $"native histograms are not supported ({histograms} histogram samples of '{name}' dropped)"));
        }

        point.Measurement = name;
        point.Fields.Add(default);
        foreach (var (value, milliseconds) in samples)
        {
            if (BitConverter.DoubleToInt64Bits(value) == StaleNaNBits)
            {
                continue;
            }

            if (!Precision.TryToNanoseconds(milliseconds, TimestampPrecision.Milliseconds, out var nanos))
            {
                sink.OnError(series, string.Create(CultureInfo.InvariantCulture, $"sample timestamp {milliseconds} ms is out of range"));
                continue;
            }

            point.Fields[0] = new MetricField("value", FieldValue.Of(value));
            point.TimestampNanos = nanos;
            sink.OnPoint(point, series);
        }
    }

    private static bool ReadLabel(ReadOnlySpan<byte> message, Scratch scratch, out string name, out string value)
    {
        ReadOnlySpan<byte> nameBytes = default;
        ReadOnlySpan<byte> valueBytes = default;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    ProtobufReader.Expect(wireType, ProtobufReader.LengthDelimited, "Label.name");
                    nameBytes = reader.ReadLengthDelimited();
                    break;
                case 2:
                    ProtobufReader.Expect(wireType, ProtobufReader.LengthDelimited, "Label.value");
                    valueBytes = reader.ReadLengthDelimited();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (!Utf8.IsValid(nameBytes) || !Utf8.IsValid(valueBytes))
        {
            name = value = string.Empty;
            return false;
        }

        name = scratch.Strings.GetString(nameBytes);
        value = scratch.Strings.GetString(valueBytes);
        return true;
    }

    private static (double Value, long Milliseconds) ReadSample(ReadOnlySpan<byte> message)
    {
        // proto3: absent fields are zero.
        var value = 0d;
        var milliseconds = 0L;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    ProtobufReader.Expect(wireType, ProtobufReader.Fixed64, "Sample.value");
                    value = reader.ReadDouble();
                    break;
                case 2:
                    ProtobufReader.Expect(wireType, ProtobufReader.Varint, "Sample.timestamp");
                    milliseconds = (long)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return (value, milliseconds);
    }

    private sealed class Scratch
    {
        public MetricPoint Point { get; } = new();

        public List<(double Value, long Milliseconds)> Samples { get; } = [];

        public Utf8StringPool Strings { get; } = new(8192, 128);
    }
}
