using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Chooses the branch of a reader union that reads a (non-union) writer schema, as the Java
/// implementation does: first a branch of the same type (named types: same full name, then same
/// unqualified name or a reader alias), then the first branch the writer's type promotes to. Preferring
/// the exact type keeps an int an int when the reader union is <c>["double","int"]</c>.
/// </summary>
internal static class UnionBranchSelector
{
    public static int Select(UnionSchema reader, AvroSchema writer)
    {
        for (var i = 0; i < reader.Branches.Count; i++)
        {
            var b = reader.Branches[i];
            if (b.Type == writer.Type && (b is not NamedSchema named || named.FullName == ((NamedSchema)writer).FullName))
            {
                return i;
            }
        }

        for (var i = 0; i < reader.Branches.Count; i++)
        {
            if (reader.Branches[i] is NamedSchema named && named.Type == writer.Type && named.MatchesName((NamedSchema)writer))
            {
                return i;
            }
        }

        for (var i = 0; i < reader.Branches.Count; i++)
        {
            if (IsPromotion(writer.Type, reader.Branches[i].Type))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when a writer primitive of type <paramref name="writer"/> may be read as <paramref name="reader"/> (a different type).</summary>
    public static bool IsPromotion(AvroType writer, AvroType reader) => (writer, reader) switch
    {
        (AvroType.Int, AvroType.Long or AvroType.Float or AvroType.Double) => true,
        (AvroType.Long, AvroType.Float or AvroType.Double) => true,
        (AvroType.Float, AvroType.Double) => true,
        (AvroType.String, AvroType.Bytes) => true,
        (AvroType.Bytes, AvroType.String) => true,
        _ => false,
    };
}
