namespace MetricStream.Testing;

/// <summary>
/// Servers the integration suites use instead of starting their own, given by environment variables (set by
/// <c>make test-compose</c> for docker-compose.yml's real Kafka, Schema Registry and InfluxDB 2, and by
/// <c>deploy/test-external.sh</c> for servers it starts by hand):
/// <list type="bullet">
/// <item><c>METRICSTREAM_TEST_BOOTSTRAP</c>: Kafka bootstrap servers (<see cref="EmbeddedKafkaFixture"/> uses them; its
/// <see cref="EmbeddedKafkaFixture.Cluster"/>, for fault injection, is then unavailable).</item>
/// <item><c>METRICSTREAM_TEST_REGISTRY</c>: a Confluent-compatible schema registry URL.</item>
/// <item><c>METRICSTREAM_TEST_INFLUXDB_URL</c>, <c>METRICSTREAM_TEST_INFLUXDB_API</c> (<c>v1</c>, the default, or
/// <c>v2</c>), <c>METRICSTREAM_TEST_INFLUXDB_TOKEN</c> and <c>METRICSTREAM_TEST_INFLUXDB_ORG</c> (v2).
/// <see cref="Influx.InfluxdFixture"/> uses a v1 server (its tests make databases with InfluxQL) and starts
/// its own influxd for a v2 one.</item>
/// </list>
/// Unset or empty variables mean "start your own".
/// </summary>
public static class ExternalServers
{
    /// <summary>The variable naming Kafka's bootstrap servers.</summary>
    public const string BootstrapVariable = "METRICSTREAM_TEST_BOOTSTRAP";

    /// <summary>The variable naming the schema registry.</summary>
    public const string RegistryVariable = "METRICSTREAM_TEST_REGISTRY";

    /// <summary>The variable naming InfluxDB's base URL.</summary>
    public const string InfluxUrlVariable = "METRICSTREAM_TEST_INFLUXDB_URL";

    /// <summary>The variable naming InfluxDB's write API (v1 or v2).</summary>
    public const string InfluxApiVariable = "METRICSTREAM_TEST_INFLUXDB_API";

    /// <summary>External Kafka bootstrap servers, or null.</summary>
    public static string? Bootstrap => Read(BootstrapVariable);

    /// <summary>External schema registry, or null.</summary>
    public static Uri? Registry => Read(RegistryVariable) is { } url ? new Uri(url) : null;

    /// <summary>External InfluxDB, or null.</summary>
    /// <exception cref="InvalidOperationException">The InfluxDB variables are inconsistent (the message says which).</exception>
    public static ExternalInflux? Influx
    {
        get
        {
            if (Read(InfluxUrlVariable) is not { } url)
            {
                return null;
            }

            var api = Read(InfluxApiVariable) ?? "v1";
            var token = Read("METRICSTREAM_TEST_INFLUXDB_TOKEN");
            var org = Read("METRICSTREAM_TEST_INFLUXDB_ORG");
            return api switch
            {
                "v1" => new ExternalInflux(new Uri(url), api, token, org),
                "v2" when token is not null && org is not null => new ExternalInflux(new Uri(url), api, token, org),
                "v2" => throw new InvalidOperationException("METRICSTREAM_TEST_INFLUXDB_API=v2 needs METRICSTREAM_TEST_INFLUXDB_TOKEN and METRICSTREAM_TEST_INFLUXDB_ORG"),
                _ => throw new InvalidOperationException($"{InfluxApiVariable} must be v1 or v2 (got '{api}')"),
            };
        }
    }

    private static string? Read(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : null;
}

/// <summary>An InfluxDB the tests did not start.</summary>
/// <param name="Url">Base URL.</param>
/// <param name="Api"><c>v1</c> or <c>v2</c>.</param>
/// <param name="Token">API token (v2).</param>
/// <param name="Organization">Organisation (v2).</param>
public sealed record ExternalInflux(Uri Url, string Api, string? Token, string? Organization);
