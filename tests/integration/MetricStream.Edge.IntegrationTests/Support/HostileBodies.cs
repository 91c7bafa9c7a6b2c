using System.IO.Compression;
using System.Text;
using MetricStream.Edge.Tests.Support;

namespace MetricStream.Edge.IntegrationTests.Support;

/// <summary>A hostile request: where it goes, with what, and which statuses are acceptable.</summary>
public sealed record HostileRequest(string Kind, string Path, byte[] Body, string? Key, string? ContentType, string? ContentEncoding, string? Authorization = null);

/// <summary>
/// Generates malformed and hostile write requests from a seed: mutated and broken line protocol (broken
/// escapes, unbalanced quotes, control characters, invalid UTF-8, huge lines), hostile JSON, corrupt snappy and
/// protobuf, corrupt gzip and gzip bombs, wrong content types and encodings, bad credentials, oversized bodies,
/// bad precisions, and tenant spoofing. Every body contains at least one invalid item, so no request can be
/// answered 2xx.
/// </summary>
public sealed class HostileBodies(int seed, int maxBodyBytes, int maxLineBytes)
{
    private static readonly string[] BrokenLines =
    [
        "cpu", "cpu,", "cpu,host", "cpu,host=", "cpu,=x v=1", ",x=1 v=1", "cpu v", "cpu v=", "cpu =1", "cpu v=1,", "cpu v=\"open",
        "cpu v=\"a\"b", "cpu v=abc", "cpu v=1.2.3", "cpu v=NaN", "cpu v=1e999", "cpu v=99999999999999999999i", "cpu v=-1u",
        "cpu v=18446744073709551616u", "cpu v=1 notatime", "cpu v=1 1 2", "cpu\\ v=1", "cpu,a=b=c v=1", "cpu,time=1 v=1",
        "cpu time=1", "cpu,a=1,a=2 v=1", "c\u0001pu v=1", "cpu,t=a\u007f v=1", "cpu v=1 99999999999999999999", "cpu v=tru", "cpu v=+1",
        "\\ v=1", "cpu\\", "cpu,k\\=v", "cpu v=1 -9223372036854775809",
    ];

    private static readonly string Specials = ",= \"\\\n#\t\r\u0000\u007f\u00e9\u6771\ud83d\ude00'{}[]";
    private static readonly byte[] GzipBomb = MakeBomb();
    private readonly Random _random = new(seed);

    public HostileRequest Next()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 45 => LineProtocol(),
            < 52 => InvalidUtf8(),
            < 62 => Json(),
            < 72 => RemoteWrite(),
            < 77 => BadAuth(),
            < 82 => WrongContent(),
            < 86 => Oversize(),
            < 89 => HugeLine(),
            < 93 => Gzip(),
            < 95 => BadPrecision(),
            _ => Spoof(),
        };
    }

    private HostileRequest LineProtocol()
    {
        var lines = new List<string>();
        for (var i = _random.Next(1, 8); i > 0; i--)
        {
            lines.Add(Mutate(ValidLine()));
        }

        lines.Insert(_random.Next(lines.Count + 1), Pick(BrokenLines));
        var separator = _random.Next(4) == 0 ? "\r\n" : "\n";
        var path = _random.Next(2) == 0 ? "/api/v2/write?bucket=b" : "/write?db=d&rp=r";
        return new("lp", path, Encoding.UTF8.GetBytes(string.Join(separator, lines)), Key(), Pick([null, "text/plain", "application/octet-stream", "text/plain; charset=utf-8"]), null);
    }

    private HostileRequest InvalidUtf8()
    {
        var good = Encoding.UTF8.GetBytes(ValidLine() + "\n");
        byte[][] bad = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xC0, 0xAF], [0xE2, 0x82]];
        var line = Encoding.UTF8.GetBytes("m,t=").Concat(Pick(bad)).Concat(Encoding.UTF8.GetBytes(" v=1\n")).ToArray();
        return new("utf8", "/api/v2/write", good.Concat(line).ToArray(), Key(), null, null);
    }

    private HostileRequest Json()
    {
        string[] bodies =
        [
            """{"metrics":[{"name":"ok","value":1},{"name":5}]}""",
            """{"metrics":[{"name":"x","value":null}]}""",
            """{"metrics":[{"name":"x","fields":{}}]}""",
            """{"metrics":[{"value":1}]}""",
            """{"metrics":""" + new string('[', 500) + new string(']', 500) + "}",
            """{"metrics":[{"name":"x","value":1e999}]}""",
            """{"metrics":[{"name":"x","value":1,"timestamp":"never"}]}""",
            """{"metrics":[{"name":"x","value":1,"tags":{"a":1}}]}""",
            """{"metrics":[{"name":"x","value":1,"tags":{"tenant":"globex"}},{"name":"\u0000"}]}""",
            """{"metrics":[{"name":"x","value":1}""",
            "[]", "null", "\"metrics\"", "{", "{}", """{"metrics":{}}""",
            """{"metrics":[{"name":"x","value":1,"timestamp":99999999999999999999999}]}""",
        ];
        var body = Pick(bodies);
        if (_random.Next(3) == 0)
        {
            // A mutation can repair a broken metric, so a known-bad metric comes first.
            body = """{"metrics":[{"name":5},""" + Mutate("""{"name":"x","value":1,"tags":{"k":"v"},"timestamp":"2024-05-01T00:00:00Z"}""") + "]}";
        }

        return new("json", "/api/v1/metrics", Encoding.UTF8.GetBytes(body), Key(), Pick([null, "application/json"]), null);
    }

    private HostileRequest RemoteWrite()
    {
        byte[] body;
        var kind = _random.Next(4);
        var valid = RemoteWriteEncoder.WriteRequest(
            new TestSeries([("__name__", "ok_metric"), ("k", "v")], [(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]),
            new TestSeries([("job", "no-name")], [(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]));
        switch (kind)
        {
            case 0:
                body = new byte[_random.Next(0, 200)];
                _random.NextBytes(body);
                break;
            case 1:
                var protobuf = new byte[_random.Next(1, 300)];
                _random.NextBytes(protobuf);
                body = RemoteWriteEncoder.Snappy(protobuf);
                break;
            case 2:
                var corrupted = RemoteWriteEncoder.Snappy(valid);
                corrupted[_random.Next(corrupted.Length)] ^= (byte)_random.Next(1, 256);
                body = corrupted;
                break;
            default:
                // Valid snappy, valid protobuf, but one series without __name__: partial acceptance.
                body = RemoteWriteEncoder.Snappy(valid);
                break;
        }

        if (body.Length == 0)
        {
            body = [0x80];
        }

        return new("remote_write", "/api/v1/write", body, Key(), "application/x-protobuf", "snappy");
    }

    private HostileRequest BadAuth()
    {
        var body = Encoding.UTF8.GetBytes(ValidLine());
        return _random.Next(5) switch
        {
            0 => new("auth", "/api/v2/write", body, null, null, null),
            1 => new("auth", "/api/v2/write", body, "msk_" + new string('x', _random.Next(0, 60)), null, null),
            2 => new("auth", "/write", body, null, null, null, "Basic " + Pick(["!!!", Convert.ToBase64String("nocolon"u8.ToArray()), Convert.ToBase64String("u:wrong"u8.ToArray())])),
            3 => new("auth", "/api/v2/write", body, null, null, null, Pick(["Token", "Bearer ", "Digest abc", "Token " + new string('k', 5_000)])),
            _ => new("auth", "/write?u=a&p=msk_wrong", body, null, null, null),
        };
    }

    private HostileRequest WrongContent()
    {
        var body = Encoding.UTF8.GetBytes(ValidLine());
        return _random.Next(4) switch
        {
            0 => new("content", "/api/v2/write", body, Key(), null, Pick(["br", "deflate", "compress", "snappy"])),
            1 => new("content", "/api/v1/metrics", body, Key(), Pick(["text/plain", "application/xml", "multipart/form-data"]), null),
            2 => new("content", "/api/v1/write", body, Key(), "application/json", "snappy"),
            _ => new("content", "/api/v1/write", body, Key(), "application/x-protobuf", "gzip"),
        };
    }

    private HostileRequest Oversize() =>
        new("oversize", "/api/v2/write", Encoding.UTF8.GetBytes(new string('#', maxBodyBytes + _random.Next(1, 10_000))), Key(), null, null);

    private HostileRequest HugeLine() =>
        new("huge-line", "/api/v2/write", Encoding.UTF8.GetBytes("m s=\"" + new string('x', maxLineBytes + _random.Next(1, 5_000)) + "\"\nok v=1"), Key(), null, null);

    private HostileRequest Gzip()
    {
        return _random.Next(4) switch
        {
            0 => new("gzip", "/api/v2/write", GzipBomb, Key(), null, "gzip"),
            1 => new("gzip", "/api/v2/write", Encoding.UTF8.GetBytes(ValidLine()), Key(), null, "gzip"),
            2 => new("gzip", "/api/v2/write", Compress(Encoding.UTF8.GetBytes(ValidLine() + "\n" + Pick(BrokenLines)))[..^4], Key(), null, "gzip"),
            _ => new("gzip", "/api/v2/write", Compress(Encoding.UTF8.GetBytes(ValidLine() + "\n" + Pick(BrokenLines))), Key(), null, "gzip"),
        };
    }

    private HostileRequest BadPrecision() =>
        new("precision", "/api/v2/write?precision=" + Pick(["m", "h", "n", "seconds", "1", "%00"]), Encoding.UTF8.GetBytes(ValidLine()), Key(), null, null);

    private HostileRequest Spoof()
    {
        var body = $"spoof,tenant=globex v=1\nspoof,tenant={Pick(["acme", "ops", "root"])},x=y v=2\n{Pick(BrokenLines)}";
        return new("spoof", "/api/v2/write", Encoding.UTF8.GetBytes(body), Key(), null, null);
    }

    private string? Key() => Pick([EdgeHarness.AcmeKey, EdgeHarness.GlobexKey]);

    private string ValidLine()
    {
        var text = new StringBuilder(Name());
        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            text.Append(',').Append(Name()).Append(i).Append('=').Append(Name());
        }

        text.Append(' ').Append(Name()).Append('=').Append(Pick(["1", "-2.5", "3i", "4u", "true", "F", "\"s\\\"q\""]));
        return text.ToString();
    }

    private string Name()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz_0123456789";
        var text = new StringBuilder();
        for (var i = _random.Next(1, 8); i > 0; i--)
        {
            text.Append(Alphabet[_random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private string Mutate(string text)
    {
        var chars = new StringBuilder(text);
        for (var i = _random.Next(0, 4); i > 0 && chars.Length > 0; i--)
        {
            var at = _random.Next(chars.Length);
            switch (_random.Next(4))
            {
                case 0:
                    chars.Remove(at, 1);
                    break;
                case 1:
                    chars.Insert(at, Specials[_random.Next(Specials.Length)]);
                    break;
                case 2:
                    chars.Length = at;
                    break;
                default:
                    chars.Insert(at, '\\');
                    break;
            }
        }

        return chars.ToString();
    }

    private T Pick<T>(T[] options) => options[_random.Next(options.Length)];

    private static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] MakeBomb()
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("bomb v=1\n", 100_000)));
            for (var written = 0L; written < 1024L * 1024 * 1024; written += chunk.Length)
            {
                gzip.Write(chunk);
            }
        }

        return output.ToArray();
    }
}
