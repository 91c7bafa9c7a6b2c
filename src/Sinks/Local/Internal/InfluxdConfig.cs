using System.Globalization;
using System.Text;

namespace MetricStream.Sinks.Local.Internal;

/// <summary>Renders the TOML config file a local influxd runs with.</summary>
internal static class InfluxdConfig
{
    /// <summary>
    /// The config: state under <paramref name="dataDirectory"/>, HTTP and RPC on loopback only, no usage
    /// reporting, no self-monitoring database, no per-request access log and a quiet log level.
    /// </summary>
    public static string Render(string dataDirectory, int httpPort, int rpcPort, string logLevel)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("reporting-disabled = true");
        text.AppendLine(invariant, $"bind-address = \"127.0.0.1:{rpcPort}\"");
        text.AppendLine();
        text.AppendLine("[meta]");
        text.AppendLine(invariant, $"  dir = {Quote(Path.Combine(dataDirectory, "meta"))}");
        text.AppendLine("  logging-enabled = false");
        text.AppendLine();
        text.AppendLine("[data]");
        text.AppendLine(invariant, $"  dir = {Quote(Path.Combine(dataDirectory, "data"))}");
        text.AppendLine(invariant, $"  wal-dir = {Quote(Path.Combine(dataDirectory, "wal"))}");
        text.AppendLine("  query-log-enabled = false");
        text.AppendLine();
        text.AppendLine("[monitor]");
        text.AppendLine("  store-enabled = false");
        text.AppendLine();
        text.AppendLine("[http]");
        text.AppendLine("  enabled = true");
        text.AppendLine(invariant, $"  bind-address = \"127.0.0.1:{httpPort}\"");
        text.AppendLine("  log-enabled = false");
        text.AppendLine("  pprof-enabled = false");
        text.AppendLine();
        text.AppendLine("[logging]");
        text.AppendLine(invariant, $"  level = {Quote(logLevel)}");
        text.AppendLine("  suppress-logo = true");
        return text.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
