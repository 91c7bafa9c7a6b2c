using System.Collections;
using System.Globalization;
using System.Text;
using MetricStream.Avro.Generic;

namespace MetricStream.Avro.Internal;

/// <summary>Deep equality and a diagnostic rendering of generic values (records, lists, maps, byte arrays).</summary>
internal static class GenericEquality
{
    public static bool SequenceEquals(object?[] a, object?[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!DeepEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool DeepEquals(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (byte[] x, byte[] y):
                return x.AsSpan().SequenceEqual(y);
            case (string x, string y):
                return x == y;
            case (IDictionary x, IDictionary y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (DictionaryEntry e in x)
                {
                    if (!y.Contains(e.Key) || !DeepEquals(e.Value, y[e.Key]))
                    {
                        return false;
                    }
                }

                return true;
            case (IList x, IList y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!DeepEquals(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return a.Equals(b);
        }
    }

    public static string Render(object? value)
    {
        var sb = new StringBuilder();
        Render(sb, value, 0);
        return sb.ToString();
    }

    private static void Render(StringBuilder sb, object? value, int depth)
    {
        if (depth > 32)
        {
            sb.Append("...");
            return;
        }

        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                sb.Append('"').Append(s).Append('"');
                break;
            case byte[] bytes:
                sb.Append("0x").Append(Convert.ToHexStringLower(bytes));
                break;
            case GenericRecord r:
                sb.Append('{');
                for (var i = 0; i < r.Schema.Fields.Count; i++)
                {
                    sb.Append(i == 0 ? "\"" : ", \"").Append(r.Schema.Fields[i].Name).Append("\": ");
                    Render(sb, r[i], depth + 1);
                }

                sb.Append('}');
                break;
            case IDictionary map:
                sb.Append('{');
                var first = true;
                foreach (DictionaryEntry e in map)
                {
                    sb.Append(first ? "\"" : ", \"").Append(e.Key).Append("\": ");
                    Render(sb, e.Value, depth + 1);
                    first = false;
                }

                sb.Append('}');
                break;
            case IList list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ", ");
                    Render(sb, list[i], depth + 1);
                }

                sb.Append(']');
                break;
            case IFormattable f:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(value);
                break;
        }
    }
}
