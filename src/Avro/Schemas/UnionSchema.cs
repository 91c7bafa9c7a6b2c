namespace MetricStream.Avro.Schemas;

/// <summary>
/// A union: a value of one of the <see cref="Branches"/>, encoded as the branch index then the value.
/// A union never directly contains another union, and holds at most one branch of each unnamed type
/// (named types may repeat with different full names).
/// </summary>
public sealed class UnionSchema : AvroSchema
{
    internal UnionSchema(IReadOnlyList<AvroSchema> branches)
        : base(AvroType.Union, null)
    {
        Branches = branches;
    }

    /// <summary>The branches in declaration order; a branch's index is its encoding.</summary>
    public IReadOnlyList<AvroSchema> Branches { get; }

    /// <summary>
    /// For the common optional pattern <c>["null", T]</c> or <c>[T, "null"]</c>: the index of the null
    /// branch, or -1 when the union has no null branch.
    /// </summary>
    public int NullIndex
    {
        get
        {
            for (var i = 0; i < Branches.Count; i++)
            {
                if (Branches[i].Type == AvroType.Null)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
