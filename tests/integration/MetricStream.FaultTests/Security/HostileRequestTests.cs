using System.Net.Http.Headers;
using System.Text;
using MetricStream.Testing;

namespace MetricStream.FaultTests.Security;

/// <summary>Oversized and malformed requests get a 4xx from the real edge process, which keeps serving.</summary>
[Collection(SecurityCollection.Name)]
public sealed class HostileRequestTests(SecurePipeline secure)
{
    public static TheoryData<string, string, string?, string, int> Malformed => new()
    {
        { "api/v2/write?bucket=b&precision=ns", "cpu,host=a value=", null, "text/plain", 400 },
        { "api/v2/write?bucket=b&precision=ns", "cpu,host=a,host=b value=1", null, "text/plain", 400 },
        { "api/v2/write?bucket=b&precision=fortnight", "cpu value=1", null, "text/plain", 400 },
        { "api/v2/write?bucket=b&precision=ns", "not gzip at all", "gzip", "text/plain", 400 },
        { "api/v2/write?bucket=b&precision=ns", "cpu value=1", "br", "text/plain", 415 },
        { "api/v1/metrics", "{\"metrics\":[{\"name\":", null, "application/json", 400 },
        { "api/v1/metrics", "[1,2,3]", null, "application/json", 400 },
        { "api/v1/write", "\u0001\u0002 not snappy", "snappy", "application/x-protobuf", 400 },
        { "write?db=d", "cpu value=\"open", null, "text/plain", 400 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedRequest_4xxAndEdgeKeepsServing(string path, string body, string? encoding, string contentType, int status)
    {
        var content = new StringContent(body, Encoding.UTF8, contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        (await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(secure.Pipeline.EdgeUrl, path), secure.AlphaKey, content)).Status.Should().Be(status);
        await EdgeStillServesAsync();
    }

    [Fact]
    public async Task OversizedBody_413AndEdgeKeepsServing()
    {
        var line = Encoding.UTF8.GetBytes("cpu,host=big value=1\n");
        var body = new byte[11 * 1024 * 1024];
        for (var i = 0; i + line.Length <= body.Length; i += line.Length)
        {
            line.CopyTo(body, i);
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        int status;
        try
        {
            status = (await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(secure.Pipeline.EdgeUrl, "api/v2/write?bucket=b"), secure.AlphaKey, content)).Status;
        }
        catch (HttpRequestException)
        {
            status = 413; // the edge may answer 413 and close the connection before the client finished sending
        }

        status.Should().Be(413);
        await EdgeStillServesAsync();
    }

    private async Task EdgeStillServesAsync()
    {
        var health = await Poll.ResultAsync(() => SecurePipeline.SendAsync(HttpMethod.Get, new Uri(secure.Pipeline.EdgeUrl, "healthz"), null), "the edge's /healthz");
        health.Status.Should().Be(200);
        (await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(secure.Pipeline.EdgeUrl, "api/v2/write?bucket=b&precision=s"), secure.AlphaKey, new StringContent("cpu,host=ok value=1"))).Status.Should().Be(204);
        secure.Pipeline.AllRoles.Should().OnlyContain(r => !r.HasExited, "no role crashed");
    }
}
