using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Writing;

/// <summary>Compiles a schema into a tree of <see cref="WriteNode"/>s; a recursive record becomes a cycle in the tree.</summary>
internal sealed class WritePlanCompiler
{
    private readonly Dictionary<NamedSchema, WriteNode> _named = new(ReferenceEqualityComparer.Instance);

    public static WriteNode Compile(AvroSchema schema) => new WritePlanCompiler().Node(schema);

    private WriteNode Node(AvroSchema schema)
    {
        if (schema is NamedSchema named && _named.TryGetValue(named, out var existing))
        {
            return existing;
        }

        switch (schema)
        {
            case RecordSchema r:
                var record = new RecordWriteNode(r);
                _named[r] = record;
                record.Initialize([.. r.Fields.Select(f => Node(f.Schema))]);
                return record;
            case EnumSchema e:
                return _named[e] = new EnumWriteNode(e);
            case FixedSchema f:
                var fixedNode = new FixedWriteNode(f);
                return _named[f] = f.LogicalType is { } fl ? new LogicalWriteNode(fl, fixedNode, f.Size) : fixedNode;
            case ArraySchema a:
                return new ArrayWriteNode(Node(a.Items));
            case MapSchema m:
                return new MapWriteNode(Node(m.Values));
            case UnionSchema u:
                return new UnionWriteNode([.. u.Branches.Select(Node)]);
            default:
                var primitive = new PrimitiveWriteNode(schema.Type);
                return schema.LogicalType is { } logical ? new LogicalWriteNode(logical, primitive, -1) : primitive;
        }
    }
}
