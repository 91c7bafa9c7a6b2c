using System.Text;
using System.Text.Json;
using MetricStream.Avro.Internal;

namespace MetricStream.Avro.Schemas;

/// <summary>
/// An Avro schema (specification 1.11). Obtain one with <see cref="Parse(string)"/>; the subclasses are
/// <see cref="PrimitiveSchema"/>, <see cref="RecordSchema"/>, <see cref="EnumSchema"/>,
/// <see cref="ArraySchema"/>, <see cref="MapSchema"/>, <see cref="UnionSchema"/> and <see cref="FixedSchema"/>.
/// Schemas are immutable once parsed and safe to share between threads. A named type referenced by
/// name (including recursively, from inside itself) is the same object as its definition.
/// </summary>
public abstract class AvroSchema
{
    private string? _canonicalForm;
    private long? _fingerprint;

    private protected AvroSchema(AvroType type, IReadOnlyDictionary<string, JsonElement>? properties)
    {
        Type = type;
        Properties = properties ?? EmptyProperties;
    }

    /// <summary>The Avro type of this schema.</summary>
    public AvroType Type { get; }

    /// <summary>
    /// The valid logical type annotating this schema, or <see langword="null"/> when there is none or the
    /// annotation is invalid for the underlying type (then it is ignored, as the specification requires).
    /// </summary>
    public LogicalType? LogicalType { get; private protected set; }

    /// <summary>
    /// Attributes the specification does not define for this schema (custom properties, and the
    /// <c>logicalType</c>/<c>precision</c>/<c>scale</c> of an ignored logical type), as parsed.
    /// They are kept by <see cref="ToJson"/> and dropped by <see cref="ToCanonicalForm"/>.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Properties { get; }

    internal static IReadOnlyDictionary<string, JsonElement> EmptyProperties { get; } = new Dictionary<string, JsonElement>();

    /// <summary>
    /// Parses a schema from its JSON form: a primitive type name (<c>"int"</c>), an object, or an array
    /// (a union). Names are validated, named types may be referenced after their definition (also
    /// recursively), defaults are checked against their field types, and logical types are recognised.
    /// </summary>
    /// <param name="json">The schema JSON.</param>
    /// <returns>The parsed schema.</returns>
    /// <exception cref="AvroSchemaException">The JSON is malformed or not a valid schema; the message names the problem and where.</exception>
    public static AvroSchema Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SchemaParser.Parse(json);
    }

    /// <summary>
    /// The Parsing Canonical Form of the specification: full names, only the attributes that affect
    /// parsing (<c>type</c>, <c>name</c>, <c>fields</c>, <c>symbols</c>, <c>items</c>, <c>values</c>,
    /// <c>size</c>) in that order, primitives as bare strings, no whitespace. Two schemas with the same
    /// canonical form read and write the same bytes. Computed once and cached.
    /// </summary>
    /// <returns>The canonical form.</returns>
    public string ToCanonicalForm() => _canonicalForm ??= CanonicalFormWriter.Write(this);

    /// <summary>
    /// The 64-bit Rabin fingerprint (CRC-64-AVRO) of the UTF-8 bytes of <see cref="ToCanonicalForm"/>,
    /// as the specification defines it; the little-endian bytes of this value are the fingerprint used
    /// by single-object encoding. Computed once and cached.
    /// </summary>
    /// <returns>The fingerprint.</returns>
    public long Fingerprint64() => _fingerprint ??= Crc64Avro.Compute(Encoding.UTF8.GetBytes(ToCanonicalForm()));

    /// <summary>
    /// The full JSON form of this schema: everything <see cref="Parse(string)"/> keeps (docs, defaults,
    /// aliases, orders, logical types, custom properties). Named types are written in full at their
    /// first occurrence and by full name afterwards. Parsing the result gives an equivalent schema;
    /// use it, not <see cref="ToCanonicalForm"/>, to register schemas.
    /// </summary>
    /// <returns>Compact JSON.</returns>
    public string ToJson() => SchemaJsonWriter.Write(this);

    /// <summary>Returns <see cref="ToJson"/>.</summary>
    /// <returns>The full JSON form.</returns>
    public override string ToString() => ToJson();

    /// <summary>A short description for messages, e.g. <c>int</c>, <c>record 'ns.X'</c>, <c>array</c>.</summary>
    internal virtual string Describe() => Type switch
    {
        AvroType.Array => "array",
        AvroType.Map => "map",
        AvroType.Union => "union",
        _ => TypeName(Type),
    };

    /// <summary>The specification's name of a type, e.g. <c>boolean</c>.</summary>
    internal static string TypeName(AvroType type) => type switch
    {
        AvroType.Null => "null",
        AvroType.Boolean => "boolean",
        AvroType.Int => "int",
        AvroType.Long => "long",
        AvroType.Float => "float",
        AvroType.Double => "double",
        AvroType.Bytes => "bytes",
        AvroType.String => "string",
        AvroType.Record => "record",
        AvroType.Enum => "enum",
        AvroType.Array => "array",
        AvroType.Map => "map",
        AvroType.Union => "union",
        AvroType.Fixed => "fixed",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
