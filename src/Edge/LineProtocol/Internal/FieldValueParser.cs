using System.Globalization;
using MetricStream.Avro.Records;

namespace MetricStream.Edge.LineProtocol.Internal;

/// <summary>Line protocol's unquoted field values and integer timestamps, parsed from UTF-8 without allocating.</summary>
internal static class FieldValueParser
{
    private static readonly double[] PowersOf10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Parses an unquoted field value; returns null on success, else what kind of value was invalid.</summary>
    public static string? ParseScalar(ReadOnlySpan<byte> token, out FieldValue value)
    {
        value = default;
        var numeric = token.Length > 1 && (char.IsAsciiDigit((char)token[0]) || token[0] == (byte)'-');
        switch (numeric ? token[^1] : (byte)0)
        {
            case (byte)'i':
                if (!IsInteger(token[..^1], allowMinus: true))
                {
                    return "invalid integer";
                }

                if (!TryParseInt64(token[..^1], out var l))
                {
                    return "integer out of range";
                }

                value = FieldValue.Of(l);
                return null;
            case (byte)'u':
                if (!IsInteger(token[..^1], allowMinus: false))
                {
                    return "invalid unsigned integer";
                }

                if (!TryParseUInt64(token[..^1], out var u))
                {
                    return "unsigned integer out of range";
                }

                if (u > long.MaxValue)
                {
                    return "unsigned integer above 9223372036854775807 (not representable in the point model)";
                }

                value = FieldValue.Of((long)u);
                return null;
        }

        if (TryParseBoolean(token, out var flag))
        {
            value = FieldValue.Of(flag);
            return null;
        }

        if (!IsFloat(token))
        {
            return "invalid field value";
        }

        if (TryParseShortDecimal(token, out var quick))
        {
            value = FieldValue.Of(quick);
            return null;
        }

        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            return "float out of range";
        }

        value = FieldValue.Of(d);
        return null;
    }

    /// <summary>
    /// Exact fast path for plain decimals (<c>-?digits[.digits]</c>, at most 15 significant digits): the
    /// mantissa and the power of ten are both exact doubles, so one division is correctly rounded and gives
    /// the same double as a full parse (Clinger's fast path). Anything else returns false.
    /// </summary>
    private static bool TryParseShortDecimal(ReadOnlySpan<byte> t, out double value)
    {
        value = 0;
        var negative = t[0] == (byte)'-';
        var i = negative ? 1 : 0;
        long mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; i < t.Length; i++)
        {
            var b = t[i];
            if (b == (byte)'.')
            {
                if (scale >= 0)
                {
                    return false;
                }

                scale = 0;
                continue;
            }

            var d = (uint)(b - '0');
            if (d > 9 || ++digits > 15)
            {
                return false;
            }

            mantissa = (mantissa * 10) + d;
            if (scale >= 0)
            {
                scale++;
            }
        }

        if (digits == 0 || (negative && mantissa == 0))
        {
            // "-0" must keep its sign bit; let the full parser handle it.
            return false;
        }

        value = scale > 0 ? mantissa / PowersOf10[scale] : mantissa;
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static bool TryParseBoolean(ReadOnlySpan<byte> token, out bool value)
    {
        if (token.SequenceEqual("t"u8) || token.SequenceEqual("T"u8) || token.SequenceEqual("true"u8)
            || token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8))
        {
            value = true;
            return true;
        }

        value = false;
        return token.SequenceEqual("f"u8) || token.SequenceEqual("F"u8) || token.SequenceEqual("false"u8)
            || token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8);
    }

    /// <summary>Float grammar: <c>-?(digits(.digits*)?|.digits)([eE][+-]?digits)?</c>.</summary>
    private static bool IsFloat(ReadOnlySpan<byte> t)
    {
        var i = 0;
        if (i < t.Length && t[i] == (byte)'-')
        {
            i++;
        }

        var digits = 0;
        while (i < t.Length && char.IsAsciiDigit((char)t[i]))
        {
            i++;
            digits++;
        }

        if (i < t.Length && t[i] == (byte)'.')
        {
            i++;
            while (i < t.Length && char.IsAsciiDigit((char)t[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < t.Length && t[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < t.Length && t[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < t.Length && char.IsAsciiDigit((char)t[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == t.Length;
    }

    private static bool IsInteger(ReadOnlySpan<byte> t, bool allowMinus)
    {
        if (allowMinus && !t.IsEmpty && t[0] == (byte)'-')
        {
            t = t[1..];
        }

        return !t.IsEmpty && !t.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    /// <summary>Parses <c>-?[0-9]+</c> into a long; false when malformed or out of range.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> t, out long value)
    {
        value = 0;
        var negative = !t.IsEmpty && t[0] == (byte)'-';
        if (!TryParseUInt64(negative ? t[1..] : t, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(0 - magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    private static bool TryParseUInt64(ReadOnlySpan<byte> t, out ulong value)
    {
        value = 0;
        if (t.IsEmpty)
        {
            return false;
        }

        foreach (var b in t)
        {
            var digit = (uint)(b - '0');
            if (digit > 9 || value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
