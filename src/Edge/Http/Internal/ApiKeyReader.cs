using System.Text;
using Microsoft.AspNetCore.Http;

namespace MetricStream.Edge.Http.Internal;

/// <summary>
/// Finds the API key of a request: <c>Authorization: Token K</c> or <c>Bearer K</c> everywhere; on the
/// InfluxDB 1.x endpoint also <c>Authorization: Basic</c> (the password is the key; the user name is
/// ignored) and the <c>p</c> query parameter (with any <c>u</c>), as 1.x clients send credentials.
/// </summary>
internal static class ApiKeyReader
{
    public static string? Read(HttpRequest request, bool influxV1)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            var space = header.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                var scheme = header.AsSpan(0, space);
                var value = header.AsSpan(space + 1).Trim();
                if (scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                {
                    return value.ToString();
                }

                if (influxV1 && scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
                {
                    return BasicPassword(value);
                }
            }

            return null;
        }

        if (influxV1 && request.Query.TryGetValue("p", out var password) && password.Count == 1)
        {
            return password[0];
        }

        return null;
    }

    private static string? BasicPassword(ReadOnlySpan<char> encoded)
    {
        if (encoded.Length > 2048)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[1536];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return null;
        }

        var decoded = Encoding.UTF8.GetString(bytes[..length]);
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : decoded[(colon + 1)..];
    }
}
