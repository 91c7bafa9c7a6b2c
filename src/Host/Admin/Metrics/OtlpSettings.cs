using MetricStream.Observability.Otlp;
using Microsoft.Extensions.Configuration;

namespace MetricStream.Host.Admin.Metrics;

/// <summary>
/// Configuration section <c>Otlp</c>: optional export of the process's metrics (what the admin listener's
/// <c>/metrics</c> serves) to an OpenTelemetry collector. Off unless <see cref="Endpoint"/> is set, e.g.
/// <c>METRICSTREAM__OTLP__ENDPOINT=http://collector:4318</c>.
/// </summary>
internal sealed class OtlpSettings
{
    public const string Section = "Otlp";

    /// <summary>The collector (see <see cref="OtlpExportOptions.Endpoint"/>); no export when unset.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string Protocol { get; set; } = "http/protobuf";

    /// <summary>Export interval. Default 15 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Starts the export of <paramref name="context"/>'s metrics when <c>Otlp:Endpoint</c> is set.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="context">The roles in this process.</param>
    /// <param name="serviceName">The OTLP <c>service.name</c>, e.g. <c>metricstream-process</c>.</param>
    /// <returns>The export (dispose it at shutdown), or null when not configured.</returns>
    /// <exception cref="ArgumentException">The endpoint or protocol is unusable (message for the user).</exception>
    public static IDisposable? StartExport(IConfiguration configuration, AdminContext context, string serviceName)
    {
        var settings = configuration.GetSection(Section).Get<OtlpSettings>() ?? new OtlpSettings();
        if (string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Otlp:Endpoint must be an absolute URL such as http://collector:4318 (got '{settings.Endpoint}')");
        }

        var module = new MetricsModule(context);
        return OtlpMetricsExport.Start(
            new OtlpExportOptions { Endpoint = endpoint, Protocol = settings.Protocol, Interval = settings.Interval, ServiceName = serviceName },
            module.WriteTo);
    }
}
