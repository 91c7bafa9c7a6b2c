using System.Collections;
using MetricStream.Avro.Binary;

namespace MetricStream.Avro.Internal.Writing;

/// <summary>Writes an array as one block (any <see cref="IEnumerable"/> other than a string, bytes or a map).</summary>
internal sealed class ArrayWriteNode(WriteNode items) : WriteNode
{
    public override string Expected => "a list";

    public override int Match(object? value) => value is IEnumerable and not (string or byte[] or IDictionary) ? Exact : None;

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        if (value is not IEnumerable enumerable || value is string or byte[] or IDictionary)
        {
            throw Mismatch(value);
        }

        var collection = value as ICollection ?? enumerable.Cast<object?>().ToList();
        writer.WriteBlockHeader(collection.Count);
        var i = 0;
        try
        {
            foreach (var item in collection)
            {
                items.Write(ref writer, item);
                i++;
            }
        }
        catch (DatumPathException e)
        {
            throw e.Prepend($"array item {i}");
        }

        writer.WriteBlocksEnd();
    }
}

/// <summary>Writes a map as one block from an <see cref="IDictionary"/> with string keys, or key/value pairs.</summary>
internal sealed class MapWriteNode(WriteNode values) : WriteNode
{
    public override string Expected => "a dictionary with string keys";

    public override int Match(object? value) => value is IDictionary or IEnumerable<KeyValuePair<string, object?>> ? Exact : None;

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        var entries = new List<KeyValuePair<object, object?>>();
        if (value is IDictionary dictionary)
        {
            var e = dictionary.GetEnumerator();
            while (e.MoveNext())
            {
                entries.Add(new(e.Key, e.Value));
            }
        }
        else if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            entries.AddRange(pairs.Select(p => new KeyValuePair<object, object?>(p.Key, p.Value)));
        }
        else
        {
            throw Mismatch(value);
        }

        writer.WriteBlockHeader(entries.Count);
        foreach (var (key, item) in entries)
        {
            var k = key as string ?? throw new DatumPathException($"map keys must be strings, got {DatumPathException.Describe(key)}");
            writer.WriteString(k);
            try
            {
                values.Write(ref writer, item);
            }
            catch (DatumPathException e)
            {
                throw e.Prepend($"map value '{k}'");
            }
        }

        writer.WriteBlocksEnd();
    }
}

/// <summary>Writes a union with the branch that fits the value best (exact type first, then the first convertible one).</summary>
internal sealed class UnionWriteNode(WriteNode[] branches) : WriteNode
{
    public override string Expected => $"a value of one of [{string.Join(", ", branches.Select(b => b.Expected))}]";

    public override int Match(object? value) => branches.Max(b => b.Match(value));

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        var best = -1;
        var bestScore = None;
        for (var i = 0; i < branches.Length && bestScore < Exact; i++)
        {
            var score = branches[i].Match(value);
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        if (best < 0)
        {
            throw Mismatch(value);
        }

        writer.WriteUnionIndex(best);
        branches[best].Write(ref writer, value);
    }
}
