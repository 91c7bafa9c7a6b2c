using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Writing;

/// <summary>
/// Writes a record's fields in schema order. A <see cref="GenericRecord"/> of this very schema is
/// written by position; a record of another schema object, or an <c>IDictionary&lt;string, object?&gt;</c>,
/// by field name, missing fields taking the field's default.
/// </summary>
internal sealed class RecordWriteNode(RecordSchema schema) : WriteNode
{
    private WriteNode[] _fields = [];

    public override string Expected => $"a GenericRecord of {schema.Describe()}";

    public void Initialize(WriteNode[] fields) => _fields = fields;

    public override int Match(object? value) => value switch
    {
        GenericRecord r when r.Schema.FullName == schema.FullName => Exact,
        IDictionary<string, object?> => Convertible,
        _ => None,
    };

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        var fields = schema.Fields;
        var i = 0;
        try
        {
            if (value is GenericRecord record && ReferenceEquals(record.Schema, schema))
            {
                for (; i < _fields.Length; i++)
                {
                    _fields[i].Write(ref writer, record[i]);
                }

                return;
            }

            if (value is not (GenericRecord or IDictionary<string, object?>))
            {
                throw Mismatch(value);
            }

            for (; i < _fields.Length; i++)
            {
                _fields[i].Write(ref writer, ValueByName(value, fields[i]));
            }
        }
        catch (DatumPathException e) when (i < fields.Count)
        {
            throw e.Prepend($"field '{fields[i].Name}' of {schema.Describe()}");
        }
    }

    private static object? ValueByName(object value, RecordField field)
    {
        var found = value is GenericRecord r ? r.TryGetValue(field.Name, out var v) : ((IDictionary<string, object?>)value).TryGetValue(field.Name, out v);
        if (found)
        {
            return v;
        }

        return field.DefaultValue is { } json
            ? DefaultValues.ToGeneric(field.Schema, json)
            : throw new DatumPathException("the value has no such field and the field has no default");
    }
}
