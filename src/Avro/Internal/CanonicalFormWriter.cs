using System.Text;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Writes the Parsing Canonical Form: [PRIMITIVES] bare primitive names, [FULLNAMES] full names,
/// [STRIP] only type/name/fields/symbols/items/values/size, [ORDER] name, type, fields, symbols, items,
/// values, size, [STRINGS]/[INTEGERS]/[WHITESPACE] minimal literals and no whitespace. A named type is
/// written in full at its first occurrence and as its full name afterwards. Names and symbols are
/// validated by the parser to <c>[A-Za-z0-9_.]</c>, so no string needs escaping.
/// </summary>
internal sealed class CanonicalFormWriter
{
    private readonly StringBuilder _sb = new();
    private readonly HashSet<NamedSchema> _written = new(ReferenceEqualityComparer.Instance);

    public static string Write(AvroSchema schema)
    {
        var writer = new CanonicalFormWriter();
        writer.WriteSchema(schema);
        return writer._sb.ToString();
    }

    private void WriteSchema(AvroSchema schema)
    {
        switch (schema)
        {
            case PrimitiveSchema p:
                Quoted(AvroSchema.TypeName(p.Type));
                break;
            case NamedSchema named when !_written.Add(named):
                Quoted(named.FullName);
                break;
            case RecordSchema r:
                Header(r, r.IsError ? "error" : "record");
                _sb.Append(",\"fields\":[");
                for (var i = 0; i < r.Fields.Count; i++)
                {
                    _sb.Append(i == 0 ? "{\"name\":" : ",{\"name\":");
                    Quoted(r.Fields[i].Name);
                    _sb.Append(",\"type\":");
                    WriteSchema(r.Fields[i].Schema);
                    _sb.Append('}');
                }

                _sb.Append("]}");
                break;
            case EnumSchema e:
                Header(e, "enum");
                _sb.Append(",\"symbols\":[");
                for (var i = 0; i < e.Symbols.Count; i++)
                {
                    if (i > 0)
                    {
                        _sb.Append(',');
                    }

                    Quoted(e.Symbols[i]);
                }

                _sb.Append("]}");
                break;
            case FixedSchema f:
                Header(f, "fixed");
                _sb.Append(",\"size\":").Append(f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('}');
                break;
            case ArraySchema a:
                _sb.Append("{\"type\":\"array\",\"items\":");
                WriteSchema(a.Items);
                _sb.Append('}');
                break;
            case MapSchema m:
                _sb.Append("{\"type\":\"map\",\"values\":");
                WriteSchema(m.Values);
                _sb.Append('}');
                break;
            case UnionSchema u:
                _sb.Append('[');
                for (var i = 0; i < u.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        _sb.Append(',');
                    }

                    WriteSchema(u.Branches[i]);
                }

                _sb.Append(']');
                break;
        }
    }

    private void Header(NamedSchema schema, string type)
    {
        _sb.Append("{\"name\":");
        Quoted(schema.FullName);
        _sb.Append(",\"type\":");
        Quoted(type);
    }

    private void Quoted(string s) => _sb.Append('"').Append(s).Append('"');
}
