using MetricStream.Avro.Binary;
using MetricStream.Avro.Resolution;

namespace MetricStream.Avro.Internal.Reading;

/// <summary>
/// One node of a compiled read plan: decodes data of one writer schema into the generic value of one
/// reader schema. Plans are built once per (writer, reader) pair; reading walks no schema and looks
/// nothing up by name.
/// </summary>
internal abstract class ReadNode
{
    public abstract object? Read(ref AvroBinaryReader reader);
}

/// <summary>A part of the writer schema the reader cannot resolve; an error only when data reaches it (spec: "an error is signalled").</summary>
internal sealed class ErrorReadNode(string message) : ReadNode
{
    public override object? Read(ref AvroBinaryReader reader) => throw new AvroResolutionException(message);
}

/// <summary>A writer union: reads the branch index the writer wrote and resolves that branch.</summary>
internal sealed class WriterUnionReadNode(ReadNode[] branches) : ReadNode
{
    public override object? Read(ref AvroBinaryReader reader) => branches[reader.ReadUnionIndex(branches.Length)].Read(ref reader);
}
