using System.Text.Json;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Reading;

/// <summary>
/// Reads a record in the writer's field order: each writer field is either read into its reader
/// position (matched by name or reader alias when the plan was built) or skipped; reader fields the
/// writer lacks then get their defaults.
/// </summary>
internal sealed class RecordReadNode(RecordSchema reader) : ReadNode
{
    private Step[] _steps = [];
    private (int Position, AvroSchema Schema, JsonElement Default)[] _defaults = [];

    public void Initialize(Step[] steps, (int Position, AvroSchema Schema, JsonElement Default)[] defaults)
    {
        _steps = steps;
        _defaults = defaults;
    }

    public override object? Read(ref AvroBinaryReader r)
    {
        var record = new GenericRecord(reader);
        foreach (var step in _steps)
        {
            if (step.Node is not null)
            {
                record[step.Position] = step.Node.Read(ref r);
            }
            else
            {
                step.Skip!.Skip(ref r);
            }
        }

        foreach (var (position, schema, json) in _defaults)
        {
            record[position] = DefaultValues.ToGeneric(schema, json);
        }

        return record;
    }

    /// <summary>One writer field: read into <see cref="Position"/> with <see cref="Node"/>, or skipped with <see cref="Skip"/>.</summary>
    internal readonly record struct Step(int Position, ReadNode? Node, SkipNode? Skip);
}
