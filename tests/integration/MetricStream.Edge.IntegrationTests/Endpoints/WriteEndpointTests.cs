using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.Edge.Producing;
using MetricStream.Edge.Tests.Support;
using MetricStream.SchemaRegistry.Serdes;

namespace MetricStream.Edge.IntegrationTests.Endpoints;

/// <summary>Each endpoint end to end over real HTTP: the points are read back from Kafka and decoded.</summary>
[Collection(EdgeCollection.Name)]
public sealed class WriteEndpointTests(EdgeFixture fixture)
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    [Fact]
    public async Task InfluxV2Write_ValidLines_204AndPointsInKafkaWithTenantFromKey()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var ts = Now;
        var body = $"cpu,host=a,region=eu usage=0.5,count=3i,ok=true,state=\"run\" {ts}\nmem,host=a used=1024u {ts + 1}\n";

        var response = await edge.PostAsync("/api/v2/write?org=o&bucket=telegraf&precision=ns", body);

        response.Status.Should().Be(204, response.Body);
        var records = edge.ReadAll();
        records.Should().OnlyContain(r => r.SchemaId == edge.Server.SchemaId);
        var points = edge.ReadAllPoints();
        points.Select(p => Points.Describe(p)).Should().BeEquivalentTo(
            $"cpu host=a,region=eu | usage=0.5 count=3i ok=true state=\"run\" | {ts}",
            $"mem host=a | used=1024i | {ts + 1}");
        points.Should().OnlyContain(p => p.Tenant == "acme" && p.Bucket == "telegraf");
    }

    [Fact]
    public async Task InfluxV2Write_PrecisionSeconds_ScalesTimestamps()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        (await edge.PostAsync("/api/v2/write?bucket=b&precision=s", $"m v=1 {seconds}")).Status.Should().Be(204);

        edge.ReadAllPoints().Single().TimestampNanos.Should().Be(seconds * 1_000_000_000);
    }

    [Fact]
    public async Task InfluxV1Write_BasicAuthAndQueryCredentials_AreAcceptedWithDbAndRp()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var basic = await edge.PostAsync("/write?db=telegraf&rp=autogen", Encoding.UTF8.GetBytes("basic v=1"), key: null, configure: r =>
            r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + EdgeHarness.GlobexKey))));
        var query = await edge.PostAsync($"/write?db=telegraf&u=x&p={EdgeHarness.AcmeKey}&precision=ms", Encoding.UTF8.GetBytes($"query v=1 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}"), key: null);

        basic.Status.Should().Be(204, basic.Body);
        query.Status.Should().Be(204, query.Body);
        var points = edge.ReadAllPoints().ToDictionary(p => p.Measurement);
        points["basic"].Tenant.Should().Be("globex");
        points["basic"].Bucket.Should().Be("telegraf/autogen");
        points["query"].Tenant.Should().Be("acme");
        points["query"].Bucket.Should().Be("telegraf");
    }

    [Fact]
    public async Task RemoteWrite_SnappyProtobuf_SamplesBecomePoints()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = RemoteWriteEncoder.Snappy(RemoteWriteEncoder.WriteRequest(
            new TestSeries([("__name__", "up"), ("job", "node"), ("instance", "a:9100")], [(1, ms), (0, ms + 15_000 - 60_000)]),
            new TestSeries([("__name__", "http_requests_total"), ("code", "200")], [(12.5, ms)])));

        var response = await edge.PostAsync("/api/v1/write", body, contentType: "application/x-protobuf", contentEncoding: "snappy",
            configure: r => r.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0"));

        response.Status.Should().Be(204, response.Body);
        var points = edge.ReadAllPoints();
        points.Select(p => Points.Describe(p)).Should().BeEquivalentTo(
            $"up instance=a:9100,job=node | value=1 | {ms * 1_000_000}",
            $"up instance=a:9100,job=node | value=0 | {(ms - 45_000) * 1_000_000}",
            $"http_requests_total code=200 | value=12.5 | {ms * 1_000_000}");
        points.Should().OnlyContain(p => p.Tenant == "acme" && p.Bucket == null);
    }

    [Fact]
    public async Task JsonWrite_Batch_PointsInKafka()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var now = DateTimeOffset.UtcNow;
        var body = $$"""
            { "metrics": [
              { "name": "temp", "value": 21.5, "tags": { "room": "a" }, "timestamp": "{{now:yyyy-MM-ddTHH:mm:ss.fffffffZ}}" },
              { "name": "door", "fields": { "open": true, "by": "x" }, "timestamp": {{now.ToUnixTimeMilliseconds()}} } ] }
            """;

        var response = await edge.PostAsync("/api/v1/metrics", body, contentType: "application/json");

        response.Status.Should().Be(204, response.Body);
        edge.ReadAllPoints().Select(p => Points.Describe(p)).Should().BeEquivalentTo(
            $"temp room=a | value=21.5 | {(now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100}",
            $"door  | open=true by=\"x\" | {now.ToUnixTimeMilliseconds() * 1_000_000}");
    }

    [Fact]
    public async Task Write_SomeInvalidLines_400WithCountsFirstErrorsAndOnlyValidPointsInKafka()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var body = "good,n=1 v=1\nbad line\ngood,n=2 v=2\ncpu v=\"unterminated\ncpu,time=1 v=1\ngood,n=3 v=3\n";

        var response = await edge.PostAsync("/api/v2/write?bucket=b", body);

        response.Status.Should().Be(400);
        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        root.GetProperty("code").GetString().Should().Be("invalid");
        root.GetProperty("accepted").GetInt32().Should().Be(3);
        root.GetProperty("rejected").GetInt32().Should().Be(3);
        root.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("reason").GetString()))
            .Should().Equal((2, "field 'line' has no value"), (4, "unterminated string value of field 'v'"), (5, "tag key 'time' is reserved"));
        edge.ReadAllPoints().Select(p => p.Tags[0].Value).Should().BeEquivalentTo("1", "2", "3");
    }

    [Fact]
    public async Task Write_ManyInvalidLines_ListsOnlyTheFirstTenErrors()
    {
        await using var edge = await fixture.StartEdgeAsync();

        var response = await edge.PostAsync("/api/v2/write", string.Join('\n', Enumerable.Repeat("nope", 50)));

        response.Status.Should().Be(400);
        using var json = JsonDocument.Parse(response.Body);
        json.RootElement.GetProperty("accepted").GetInt32().Should().Be(0);
        json.RootElement.GetProperty("rejected").GetInt32().Should().Be(50);
        json.RootElement.GetProperty("errors").GetArrayLength().Should().Be(10);
        edge.ReadAll().Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    public async Task Write_EmptyBody_204AndNothingProduced(string body)
    {
        await using var edge = await fixture.StartEdgeAsync();

        (await edge.PostAsync("/api/v2/write", body)).Status.Should().Be(204);

        edge.ReadAll().Should().BeEmpty();
    }

    [Fact]
    public async Task Write_TenantTagInPayload_DoesNotChangeTheTenant()
    {
        await using var edge = await fixture.StartEdgeAsync();

        var lp = await edge.PostAsync("/api/v2/write", "spoof,tenant=globex v=1", key: EdgeHarness.AcmeKey);
        var json = await edge.PostAsync("/api/v1/metrics", """{"metrics":[{"name":"spoof2","value":1,"tags":{"tenant":"globex"},"tenant":"globex"}]}""", key: EdgeHarness.AcmeKey);

        lp.Status.Should().Be(204);
        json.Status.Should().Be(204);
        var records = edge.ReadAll();
        records.Should().OnlyContain(r => r.Batch.Tenant == "acme");
        edge.ReadAllPoints().Should().OnlyContain(p => p.Tenant == "acme" && p.Tags.Single().Key == "tenant" && p.Tags.Single().Value == "globex");
    }

    [Fact]
    public async Task Write_GzipBody_IsDecompressed()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var lines = string.Join('\n', Enumerable.Range(0, 1_000).Select(i => $"gz,host=h{i % 10} v={i}i"));

        var response = await edge.PostAsync("/api/v2/write", Gzip(Encoding.UTF8.GetBytes(lines)), contentEncoding: "gzip");

        response.Status.Should().Be(204, response.Body);
        edge.ReadAllPoints().Should().HaveCount(1_000);
    }

    [Fact]
    public async Task Write_GzipBomb_413WithoutInflatingAndNothingProduced()
    {
        await using var edge = await fixture.StartEdgeAsync(o => o with { Limits = o.Limits with { MaxDecompressedBytes = 1024 * 1024 } });
        var bomb = GzipRepeated("m v=1\n"u8.ToArray(), 200 * 1024 * 1024);

        var response = await edge.PostAsync("/api/v2/write", bomb, contentEncoding: "gzip");

        response.Status.Should().Be(413);
        response.Body.Should().Contain("decompressed request body exceeds the limit of 1048576 bytes");
        edge.ReadAll().Should().BeEmpty();
    }

    [Fact]
    public async Task Write_BodyOverLimit_413()
    {
        await using var edge = await fixture.StartEdgeAsync(o => o with { Limits = o.Limits with { MaxBodyBytes = 1_000 } });

        var response = await edge.PostAsync("/api/v2/write", new string('#', 5_000));

        response.Status.Should().Be(413);
    }

    [Theory]
    [InlineData("/api/v2/write", null, "br")]
    [InlineData("/api/v1/metrics", "text/plain", null)]
    [InlineData("/api/v1/write", "application/json", "snappy")]
    [InlineData("/api/v1/write", "application/x-protobuf", "gzip")]
    public async Task Write_UnsupportedContent_415(string path, string? type, string? encoding)
    {
        await using var edge = await fixture.StartEdgeAsync();

        (await edge.PostAsync(path, "m v=1"u8.ToArray(), contentType: type, contentEncoding: encoding)).Status.Should().Be(415);
    }

    [Fact]
    public async Task Write_PointsOfManySeries_LandOnTheirMurmur2PartitionKeyedByASeriesKey()
    {
        await using var edge = await fixture.StartEdgeAsync(partitions: 6);
        var body = string.Join('\n', Enumerable.Range(0, 300).Select(i => $"cpu,host=h{i % 30} v={i}i"));

        (await edge.PostAsync("/api/v2/write", body)).Status.Should().Be(204);

        var records = edge.ReadAll();
        records.Select(r => r.Partition).Distinct().Should().HaveCountGreaterThan(3, "30 series spread over 6 partitions");
        records.Should().HaveCount(records.Select(r => r.Partition).Distinct().Count(), "one record per partition per request");
        foreach (var record in records)
        {
            Murmur2.Partition(record.Key, 6).Should().Be(record.Partition);
            for (var i = 0; i < record.Batch.Count; i++)
            {
                var key = Encoding.UTF8.GetBytes($"acme\0cpu\0host\0{record.Batch[i].Tags[0].Value}\0");
                Murmur2.Partition(key, 6).Should().Be(record.Partition);
            }
        }

        var values = records.SelectMany(r => Enumerable.Range(0, r.Batch.Count).Select(i => r.Batch[i]))
            .GroupBy(p => p.Tags[0].Value);
        values.Should().OnlyContain(g => g.Select(p => p.Fields[0].Value.AsLong).SequenceEqual(g.Select(p => p.Fields[0].Value.AsLong).Order()));
    }

    [Fact]
    public async Task Write_Records_DecodeWithTheGenericDeserializerAndRegistrySchema()
    {
        await using var edge = await fixture.StartEdgeAsync();
        (await edge.PostAsync("/api/v2/write?bucket=b", "g,k=v f=1.5,i=2i,s=\"x\",b=true")).Status.Should().Be(204);

        var record = edge.ReadAll().Single();
        var value = ToWire(record);
        var generic = (GenericRecord)(await new ConfluentAvroDeserializer(fixture.RegistryClient).DeserializeAsync(value))!;

        generic.Schema.FullName.Should().Be("metricstream.PointBatch");
        generic["tenant"].Should().Be("acme");
        generic["bucket"].Should().Be("b");
        var point = (GenericRecord)((IList<object?>)generic["points"]!).Single()!;
        point["measurement"].Should().Be("g");
        ((IDictionary<string, object?>)point["fields"]!).Should().BeEquivalentTo(new Dictionary<string, object?> { ["f"] = 1.5, ["i"] = 2L, ["s"] = "x", ["b"] = true });
        (await fixture.RegistryClient.GetLatestAsync(edge.Topic + "-value")).Id.Should().Be(edge.Server.SchemaId);
    }

    private byte[] ToWire(EdgeRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        MetricStream.SchemaRegistry.WireFormat.ConfluentWireFormat.WriteHeader(buffer, record.SchemaId);
        PointBatchCodec.Write(buffer, record.Batch);
        return buffer.WrittenSpan.ToArray();
    }

    internal static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    internal static byte[] GzipRepeated(byte[] unit, int size)
    {
        var chunk = new byte[1024 * 1024 / unit.Length * unit.Length];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = unit[i % unit.Length];
        }

        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var written = 0; written < size; written += chunk.Length)
            {
                gzip.Write(chunk);
            }
        }

        return output.ToArray();
    }
}
