using System.Text.Json;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Resolution;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Reading;

/// <summary>
/// Builds the read plan of a (writer, reader) schema pair by the specification's resolution rules.
/// Incompatibilities throw <see cref="AvroResolutionException"/> while building, except inside a writer
/// union branch, which becomes an <see cref="ErrorReadNode"/> (an error only if data takes that branch),
/// and enum symbols without a reader counterpart, which fail when read. Record pairs are cached so
/// recursive schemas compile to cyclic plans.
/// </summary>
internal sealed class ReadPlanCompiler
{
    private readonly Dictionary<(AvroSchema, AvroSchema), ReadNode> _records = [];
    private readonly Dictionary<AvroSchema, SkipNode> _skips = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _path = [];

    public static ReadNode Compile(AvroSchema writer, AvroSchema reader) => new ReadPlanCompiler().Node(writer, reader);

    private ReadNode Node(AvroSchema writer, AvroSchema reader)
    {
        if (writer is UnionSchema writerUnion)
        {
            var branches = new ReadNode[writerUnion.Branches.Count];
            var failures = 0;
            for (var i = 0; i < branches.Length; i++)
            {
                try
                {
                    branches[i] = Nested($"writer union branch {i}", writerUnion.Branches[i], reader);
                }
                catch (AvroResolutionException e)
                {
                    branches[i] = new ErrorReadNode(e.Message);
                    failures++;
                }
            }

            return failures == branches.Length && branches.Length > 0
                ? throw Fail($"no branch of the writer union can be read as reader type {reader.Describe()}")
                : new WriterUnionReadNode(branches);
        }

        if (reader is UnionSchema readerUnion)
        {
            var branch = UnionBranchSelector.Select(readerUnion, writer);
            return branch >= 0
                ? Node(writer, readerUnion.Branches[branch])
                : throw Fail($"no branch of the reader union matches writer type {writer.Describe()}");
        }

        if (writer.Type != reader.Type)
        {
            return UnionBranchSelector.IsPromotion(writer.Type, reader.Type)
                ? new PrimitiveReadNode(writer.Type, reader.Type, reader.LogicalType)
                : throw Fail($"reader type {reader.Describe()} cannot read writer type {writer.Describe()}");
        }

        return reader switch
        {
            RecordSchema r => Record((RecordSchema)writer, r),
            EnumSchema e => Enum((EnumSchema)writer, e),
            FixedSchema f => Fixed((FixedSchema)writer, f),
            ArraySchema a => new ArrayReadNode(Nested("array items", ((ArraySchema)writer).Items, a.Items)),
            MapSchema m => new MapReadNode(Nested("map values", ((MapSchema)writer).Values, m.Values)),
            _ => new PrimitiveReadNode(writer.Type, reader.Type, reader.LogicalType),
        };
    }

    private ReadNode Record(RecordSchema writer, RecordSchema reader)
    {
        if (!reader.MatchesName(writer))
        {
            throw Fail($"reader {reader.Describe()} and writer {writer.Describe()} have different names (and no matching reader alias)");
        }

        if (_records.TryGetValue((writer, reader), out var existing))
        {
            return existing;
        }

        var node = new RecordReadNode(reader);
        _records[(writer, reader)] = node;
        var readerFieldOf = new RecordField?[writer.Fields.Count];
        var defaults = new List<(int, AvroSchema, JsonElement)>();
        foreach (var field in reader.Fields)
        {
            if (FieldMatcher.Find(writer, field) is { } writerField)
            {
                readerFieldOf[writerField.Position] = field;
            }
            else if (field.DefaultValue is { } json)
            {
                defaults.Add((field.Position, field.Schema, json));
            }
            else
            {
                throw Fail($"reader field '{field.Name}' of {reader.Describe()} has no default and is missing from the writer");
            }
        }

        var steps = new RecordReadNode.Step[writer.Fields.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            var wf = writer.Fields[i];
            steps[i] = readerFieldOf[i] is { } rf
                ? new RecordReadNode.Step(rf.Position, Nested($"field '{rf.Name}' of {reader.Describe()}", wf.Schema, rf.Schema), null)
                : new RecordReadNode.Step(-1, null, SkipNode.Compile(wf.Schema, _skips));
        }

        node.Initialize(steps, [.. defaults]);
        return node;
    }

    private EnumReadNode Enum(EnumSchema writer, EnumSchema reader)
    {
        if (!reader.MatchesName(writer))
        {
            throw Fail($"reader {reader.Describe()} and writer {writer.Describe()} have different names");
        }

        var fallback = reader.Default is null ? null : new GenericEnum(reader, reader.Default);
        var table = writer.Symbols.Select(s => reader.IndexOf(s) >= 0 ? new GenericEnum(reader, s) : fallback).ToArray();
        return new EnumReadNode(writer, table, reader.Describe());
    }

    private FixedReadNode Fixed(FixedSchema writer, FixedSchema reader) =>
        !reader.MatchesName(writer) ? throw Fail($"reader {reader.Describe()} and writer {writer.Describe()} have different names")
        : reader.Size != writer.Size ? throw Fail($"reader {reader.Describe()} has size {reader.Size} but writer {writer.Describe()} has size {writer.Size}")
        : new FixedReadNode(reader);

    private ReadNode Nested(string segment, AvroSchema writer, AvroSchema reader)
    {
        _path.Add(segment);
        try
        {
            return Node(writer, reader);
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private AvroResolutionException Fail(string problem) =>
        new(_path.Count == 0 ? problem : $"{problem} (at {string.Join(" > ", _path)})");
}
