using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MetricStream.Host.Admin;
using MetricStream.Host.Admin.Metrics;
using MetricStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.IntegrationTests.Observability;

/// <summary><c>Otlp:Endpoint</c>: off by default; when set, the process's metrics go to the collector.</summary>
public sealed class OtlpSettingsTests
{
    private static readonly AdminContext Context = new()
    {
        BootstrapServers = "127.0.0.1:1",
        RegistryUrl = new Uri("http://127.0.0.1:1"),
        Logs = NullLoggerFactory.Instance,
    };

    [Fact]
    public void StartExport_NoEndpoint_ExportsNothing()
    {
        using var export = OtlpSettings.StartExport(Configuration([]), Context, "metricstream-test");

        export.Should().BeNull();
    }

    [Fact]
    public void StartExport_EndpointNotAUrl_ThrowsNamingTheKey()
    {
        var start = () => OtlpSettings.StartExport(Configuration(new() { ["Otlp:Endpoint"] = "collector:4318" }), Context, "metricstream-test");

        start.Should().Throw<ArgumentException>().WithMessage("Otlp:Endpoint*");
    }

    [Fact]
    public async Task StartExport_WithEndpoint_SendsTheProcessFiguresWithTheServiceName()
    {
        var port = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var bodies = new ConcurrentQueue<byte[]>();
        _ = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                var context = await collector.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                bodies.Enqueue(body.ToArray());
                context.Response.Close();
            }
        });

        using (OtlpSettings.StartExport(
            Configuration(new() { ["Otlp:Endpoint"] = $"http://127.0.0.1:{port}", ["Otlp:Interval"] = "00:00:00.200" }), Context, "metricstream-process"))
        {
            await Poll.UntilAsync(() => bodies.Any(b => Has(b, "process_resident_memory_bytes")), "an export with the process figures");
        }

        collector.Stop();
        bodies.Should().Contain(b => Has(b, "process_resident_memory_bytes") && Has(b, "metricstream-process") && Has(b, "dotnet_gc_collections_total"));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static bool Has(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
