namespace MetricStream.Processing.Outputs;

/// <summary>Names of external sink providers known to topology files and the DSL.</summary>
public static class ExternalSinks
{
    /// <summary>
    /// The InfluxDB provider: a sink with <c>influxdb: &lt;destination&gt;</c> in a topology file (or
    /// <c>TopologyBuilder.InfluxDbSink</c>) writes through the provider registered under this name.
    /// </summary>
    public const string InfluxDb = "influxdb";

    /// <summary>
    /// The webhook provider: a sink with <c>webhook: &lt;name&gt;</c> fed by an alert processor POSTs its alert
    /// transitions as JSON to the webhook the host configures under that name (<c>Alerts:Webhooks:&lt;name&gt;</c>).
    /// </summary>
    public const string Webhook = "webhook";

    /// <summary>Every provider name a sink may use, i.e. the sink keys a topology file accepts besides <c>topic</c>.</summary>
    public static IReadOnlyList<string> Providers { get; } = [InfluxDb, Webhook];

    /// <summary>The name under which the test driver captures a sink's output, e.g. <c>influxdb:raw</c>.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="destination">The destination.</param>
    /// <returns><c>provider:destination</c>.</returns>
    public static string OutputName(string provider, string destination) => $"{provider}:{destination}";

    /// <summary>True when <paramref name="destination"/> is a valid destination name: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</summary>
    /// <param name="destination">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidDestination(string destination) =>
        !string.IsNullOrEmpty(destination) && destination.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
