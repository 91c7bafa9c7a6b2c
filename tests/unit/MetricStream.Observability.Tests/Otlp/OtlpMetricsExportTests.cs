using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MetricStream.Observability.Metrics;
using MetricStream.Observability.Otlp;
using MetricStream.Testing;

namespace MetricStream.Observability.Tests.Otlp;

public sealed class OtlpMetricsExportTests
{
    [Fact]
    public async Task Start_HttpProtobuf_PostsTheRegistrysFamiliesAndLabelsToV1Metrics()
    {
        var port = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                var context = await collector.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        var registry = new MetricsRegistry();
        registry.Counter("edge_points_accepted_total", "Points.", "tenant").Add(42, "acme");
        registry.Gauge("queue_depth", "Depth.", () => 3);
        registry.Histogram("latency_seconds", "Latency.", 0.1).Observe(0.05);

        using (OtlpMetricsExport.Start(
            new OtlpExportOptions { Endpoint = new Uri($"http://127.0.0.1:{port}"), Interval = TimeSpan.FromMilliseconds(200), ServiceName = "metricstream-test" },
            registry.WriteTo))
        {
            await Poll.UntilAsync(() => received.Any(r => Contains(r.Body, "edge_points_accepted_total")), "an OTLP export with the counter");
        }

        collector.Stop();
        var export = received.First(r => Contains(r.Body, "edge_points_accepted_total"));
        export.Path.Should().Be("/v1/metrics");
        export.ContentType.Should().Be("application/x-protobuf");
        foreach (var text in new[] { "acme", "tenant", "queue_depth", "latency_seconds_sum", "latency_seconds_count", "metricstream-test" })
        {
            Contains(export.Body, text).Should().BeTrue($"the export carries '{text}'");
        }
    }

    [Fact]
    public void Start_UnknownProtocol_Throws()
    {
        var start = () => OtlpMetricsExport.Start(new OtlpExportOptions { Endpoint = new Uri("http://127.0.0.1:1"), Protocol = "thrift" }, _ => { });

        start.Should().Throw<ArgumentException>().WithMessage("*http/protobuf or grpc*");
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
