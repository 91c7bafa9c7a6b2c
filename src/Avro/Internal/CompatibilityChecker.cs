using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Walks a reader and a writer schema together and collects every incompatibility with its location
/// (e.g. <c>field 'tags' of record 'ns.Point' > map values</c>). Record pairs already under check are
/// assumed compatible, which terminates recursive types (a recursive pair is compatible unless some
/// non-recursive part is not, and that part is reported where it occurs).
/// </summary>
internal sealed class CompatibilityChecker
{
    private readonly List<string> _messages = [];
    private readonly HashSet<(AvroSchema Reader, AvroSchema Writer)> _inProgress = [];
    private readonly List<string> _path = [];

    public List<string> Check(AvroSchema reader, AvroSchema writer)
    {
        Visit(reader, writer);
        return _messages;
    }

    private void Visit(AvroSchema reader, AvroSchema writer)
    {
        if (writer is UnionSchema writerUnion)
        {
            for (var i = 0; i < writerUnion.Branches.Count; i++)
            {
                Nested($"writer union branch {i}", reader, writerUnion.Branches[i]);
            }

            return;
        }

        if (reader is UnionSchema readerUnion)
        {
            var branch = UnionBranchSelector.Select(readerUnion, writer);
            if (branch < 0)
            {
                Report($"no branch of the reader union matches writer type {writer.Describe()}");
            }
            else
            {
                Nested($"reader union branch {branch}", readerUnion.Branches[branch], writer);
            }

            return;
        }

        if (reader.Type != writer.Type)
        {
            if (!UnionBranchSelector.IsPromotion(writer.Type, reader.Type))
            {
                Report($"reader type {reader.Describe()} cannot read writer type {writer.Describe()}");
            }

            return;
        }

        switch (reader)
        {
            case RecordSchema r:
                VisitRecord(r, (RecordSchema)writer);
                break;
            case EnumSchema e:
                VisitEnum(e, (EnumSchema)writer);
                break;
            case FixedSchema f:
                var wf = (FixedSchema)writer;
                if (!f.MatchesName(wf))
                {
                    Report($"reader {f.Describe()} and writer {wf.Describe()} have different names");
                }
                else if (f.Size != wf.Size)
                {
                    Report($"reader {f.Describe()} has size {f.Size} but writer {wf.Describe()} has size {wf.Size}");
                }

                break;
            case ArraySchema a:
                Nested("array items", a.Items, ((ArraySchema)writer).Items);
                break;
            case MapSchema m:
                Nested("map values", m.Values, ((MapSchema)writer).Values);
                break;
        }
    }

    private void VisitRecord(RecordSchema reader, RecordSchema writer)
    {
        if (!reader.MatchesName(writer))
        {
            Report($"reader {reader.Describe()} and writer {writer.Describe()} have different names (and no matching reader alias)");
            return;
        }

        if (!_inProgress.Add((reader, writer)))
        {
            return;
        }

        foreach (var field in reader.Fields)
        {
            var writerField = FieldMatcher.Find(writer, field);
            if (writerField is not null)
            {
                Nested($"field '{field.Name}' of {reader.Describe()}", field.Schema, writerField.Schema);
            }
            else if (!field.HasDefault)
            {
                Report($"reader field '{field.Name}' of {reader.Describe()} has no default and is missing from the writer");
            }
        }

        _inProgress.Remove((reader, writer));
    }

    private void VisitEnum(EnumSchema reader, EnumSchema writer)
    {
        if (!reader.MatchesName(writer))
        {
            Report($"reader {reader.Describe()} and writer {writer.Describe()} have different names");
            return;
        }

        if (reader.Default is not null)
        {
            return;
        }

        foreach (var symbol in writer.Symbols)
        {
            if (reader.IndexOf(symbol) < 0)
            {
                Report($"writer symbol '{symbol}' of {writer.Describe()} is not a symbol of reader {reader.Describe()}, which has no default");
            }
        }
    }

    private void Nested(string segment, AvroSchema reader, AvroSchema writer)
    {
        _path.Add(segment);
        Visit(reader, writer);
        _path.RemoveAt(_path.Count - 1);
    }

    private void Report(string problem) =>
        _messages.Add(_path.Count == 0 ? problem : $"{problem} (at {string.Join(" > ", _path)})");
}
