using System.Globalization;
using System.Text;
using MetricStream.Avro.Records;

namespace MetricStream.Edge.IntegrationTests.Support;

/// <summary>Readable descriptions of points for assertions.</summary>
internal static class Points
{
    public static string Describe(MetricPoint p)
    {
        var text = new StringBuilder(p.Measurement);
        text.Append(' ').AppendJoin(',', p.Tags.Select(t => $"{t.Key}={t.Value}"));
        text.Append(" | ").AppendJoin(' ', p.Fields.Select(f => $"{f.Name}={Value(f.Value)}"));
        text.Append(" | ").Append(p.TimestampNanos.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private static string Value(FieldValue v) => v.Kind switch
    {
        FieldValueKind.Double => v.AsDouble.ToString("R", CultureInfo.InvariantCulture),
        FieldValueKind.Long => v.AsLong.ToString(CultureInfo.InvariantCulture) + "i",
        FieldValueKind.Boolean => v.AsBoolean ? "true" : "false",
        _ => "\"" + v.AsString + "\"",
    };
}
