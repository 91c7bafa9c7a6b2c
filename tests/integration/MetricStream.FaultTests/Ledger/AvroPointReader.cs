using System.Buffers.Binary;
using System.Text;

namespace MetricStream.FaultTests.Ledger;

/// <summary>One point as the ledger sees it on a topic: tenant, measurement, tags, numeric fields, event time (ns).</summary>
internal sealed record TopicPoint(string Tenant, string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, double> Fields, long TimeNanos);

/// <summary>
/// The ledger's own decoder of the two point schemas, written from <c>schemas/point-batch.avsc</c> and
/// <c>schemas/metric-point.avsc</c> and the Avro 1.11 binary encoding spec, independent of the product's codecs
/// (the edge's batch codec and src/Avro): Confluent wire format (magic 0, 4-byte schema id), zig-zag varints,
/// length-prefixed strings, blocked arrays and maps, unions as a branch index. String and boolean fields are
/// skipped (the ledger only compares numbers).
/// </summary>
internal ref struct AvroPointReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    private AvroPointReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Decodes a <c>PointBatch</c> record value (wire format) into its points.</summary>
    public static List<TopicPoint> ReadBatch(ReadOnlySpan<byte> value)
    {
        var reader = new AvroPointReader(SkipWireHeader(value));
        var tenant = reader.ReadString();
        reader.SkipOptionalString(); // bucket
        reader.SkipOptionalString(); // requestId
        reader.ReadLong(); // receivedAt
        var points = new List<TopicPoint>();
        for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())
        {
            for (var i = 0; i < count; i++)
            {
                var measurement = reader.ReadString();
                var tags = reader.ReadStringMap();
                var fields = reader.ReadFieldMap();
                points.Add(new TopicPoint(tenant, measurement, tags, fields, reader.ReadLong()));
            }
        }

        return points;
    }

    /// <summary>Decodes a <c>MetricPoint</c> record value (wire format), as the late-data topic carries.</summary>
    public static TopicPoint ReadPoint(ReadOnlySpan<byte> value)
    {
        var reader = new AvroPointReader(SkipWireHeader(value));
        var tenant = reader.ReadString();
        var measurement = reader.ReadString();
        var tags = reader.ReadStringMap();
        var fields = reader.ReadFieldMap();
        return new TopicPoint(tenant, measurement, tags, fields, reader.ReadLong());
    }

    private static ReadOnlySpan<byte> SkipWireHeader(ReadOnlySpan<byte> value)
    {
        if (value.Length < 5 || value[0] != 0)
        {
            throw new FormatException("not the Confluent wire format (magic byte 0 + 4-byte schema id)");
        }

        _ = BinaryPrimitives.ReadInt32BigEndian(value[1..5]);
        return value[5..];
    }

    private long ReadLong()
    {
        ulong raw = 0;
        var shift = 0;
        while (true)
        {
            var b = _data[_position++];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }

            shift += 7;
            if (shift > 63)
            {
                throw new FormatException("varint longer than 10 bytes");
            }
        }

        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private string ReadString()
    {
        var length = checked((int)ReadLong());
        var text = Encoding.UTF8.GetString(_data.Slice(_position, length));
        _position += length;
        return text;
    }

    private void SkipOptionalString()
    {
        if (ReadLong() == 1)
        {
            ReadString();
        }
    }

    // A negative block count is followed by the block's size in bytes (Avro spec); the items follow either way.
    private long ReadBlockCount()
    {
        var count = ReadLong();
        if (count < 0)
        {
            ReadLong();
            count = -count;
        }

        return count;
    }

    private Dictionary<string, string> ReadStringMap()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var count = ReadBlockCount(); count != 0; count = ReadBlockCount())
        {
            for (var i = 0; i < count; i++)
            {
                var key = ReadString();
                map[key] = ReadString();
            }
        }

        return map;
    }

    // Field values: union [double, long, string, boolean].
    private Dictionary<string, double> ReadFieldMap()
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var count = ReadBlockCount(); count != 0; count = ReadBlockCount())
        {
            for (var i = 0; i < count; i++)
            {
                var key = ReadString();
                switch (ReadLong())
                {
                    case 0:
                        map[key] = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
                        _position += 8;
                        break;
                    case 1:
                        map[key] = ReadLong();
                        break;
                    case 2:
                        ReadString();
                        break;
                    case 3:
                        _position++;
                        break;
                    default:
                        throw new FormatException("field value union branch out of range");
                }
            }
        }

        return map;
    }
}
