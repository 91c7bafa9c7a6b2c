using MetricStream.Avro.Binary;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Reading;

/// <summary>Skips a value of one writer schema (a writer-only field). Array and map blocks that carry their byte size are skipped in one step.</summary>
internal abstract class SkipNode
{
    public abstract void Skip(ref AvroBinaryReader reader);

    public static SkipNode Compile(AvroSchema writer, Dictionary<AvroSchema, SkipNode> cache)
    {
        if (cache.TryGetValue(writer, out var existing))
        {
            return existing;
        }

        switch (writer)
        {
            case RecordSchema r:
                var record = new RecordSkip();
                cache[r] = record;
                record.Fields = [.. r.Fields.Select(f => Compile(f.Schema, cache))];
                return record;
            case ArraySchema a:
                return cache[a] = new BlockSkip(null, Compile(a.Items, cache));
            case MapSchema m:
                return cache[m] = new BlockSkip(new PrimitiveSkip(AvroType.String, 0), Compile(m.Values, cache));
            case UnionSchema u:
                return cache[u] = new UnionSkip([.. u.Branches.Select(b => Compile(b, cache))]);
            case FixedSchema f:
                return cache[f] = new PrimitiveSkip(AvroType.Fixed, f.Size);
            default:
                return cache[writer] = new PrimitiveSkip(writer.Type, 0);
        }
    }

    private sealed class PrimitiveSkip(AvroType type, int size) : SkipNode
    {
        public override void Skip(ref AvroBinaryReader reader)
        {
            switch (type)
            {
                case AvroType.Null:
                    break;
                case AvroType.Boolean:
                    reader.ReadBoolean();
                    break;
                case AvroType.Int or AvroType.Enum:
                    reader.ReadInt();
                    break;
                case AvroType.Long:
                    reader.ReadLong();
                    break;
                case AvroType.Float:
                    reader.Skip(4);
                    break;
                case AvroType.Double:
                    reader.Skip(8);
                    break;
                case AvroType.Fixed:
                    reader.Skip(size);
                    break;
                default:
                    reader.ReadBytes();
                    break;
            }
        }
    }

    private sealed class RecordSkip : SkipNode
    {
        public SkipNode[] Fields { get; set; } = [];

        public override void Skip(ref AvroBinaryReader reader)
        {
            foreach (var field in Fields)
            {
                field.Skip(ref reader);
            }
        }
    }

    private sealed class BlockSkip(SkipNode? key, SkipNode item) : SkipNode
    {
        public override void Skip(ref AvroBinaryReader reader)
        {
            for (var count = reader.ReadBlockHeader(out var size); count > 0; count = reader.ReadBlockHeader(out size))
            {
                if (size >= 0)
                {
                    reader.Skip(size);
                    continue;
                }

                for (long i = 0; i < count; i++)
                {
                    key?.Skip(ref reader);
                    item.Skip(ref reader);
                }
            }
        }
    }

    private sealed class UnionSkip(SkipNode[] branches) : SkipNode
    {
        public override void Skip(ref AvroBinaryReader reader) => branches[reader.ReadUnionIndex(branches.Length)].Skip(ref reader);
    }
}
