using MetricStream.Observability.Metrics;
using MetricStream.Observability.Otlp.Internal;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MetricStream.Observability.Otlp;

/// <summary>
/// Optional export of the same figures <c>/metrics</c> serves to an OpenTelemetry collector over OTLP. Counters
/// become cumulative OTLP sums and gauges OTLP gauges, with the same names and labels (as attributes);
/// histograms are sent as their <c>_sum</c> and <c>_count</c> sums (their buckets stay on <c>/metrics</c>).
/// Families are learnt from a first read at start (every family is written even before it has samples).
/// </summary>
public static class OtlpMetricsExport
{
    /// <summary>Starts exporting what <paramref name="collect"/> writes every <see cref="OtlpExportOptions.Interval"/>.</summary>
    /// <param name="options">Collector and interval.</param>
    /// <param name="collect">Writes the metrics (e.g. <see cref="MetricsRegistry.WriteTo"/>); called on the exporter's thread.</param>
    /// <returns>Dispose to flush and stop.</returns>
    /// <exception cref="ArgumentException">The protocol is neither <c>http/protobuf</c> nor <c>grpc</c>.</exception>
    public static IDisposable Start(OtlpExportOptions options, Action<MetricsWriter> collect)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(collect);
        var protocol = options.Protocol switch
        {
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            _ => throw new ArgumentException($"Otlp:Protocol must be http/protobuf or grpc (got '{options.Protocol}')", nameof(options)),
        };
        var endpoint = protocol == OtlpExportProtocol.HttpProtobuf && options.Endpoint.AbsolutePath is "/" or ""
            ? new Uri(options.Endpoint, "/v1/metrics")
            : options.Endpoint;
        var bridge = new RegistryMeterBridge(collect, options.Interval / 2);
        try
        {
            var provider = Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(resource => resource.AddService(options.ServiceName))
                .AddMeter(RegistryMeterBridge.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = endpoint;
                    exporter.Protocol = protocol;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Interval.TotalMilliseconds;
                    reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                })
                .Build();
            return new Export(provider, bridge);
        }
        catch
        {
            bridge.Dispose();
            throw;
        }
    }

    private sealed class Export(MeterProvider provider, RegistryMeterBridge bridge) : IDisposable
    {
        public void Dispose()
        {
            provider.Dispose(); // flushes a last export
            bridge.Dispose();
        }
    }
}
