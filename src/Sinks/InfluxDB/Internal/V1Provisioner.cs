using System.Globalization;

namespace MetricStream.Sinks.InfluxDB.Internal;

/// <summary>
/// Creates the databases and retention policies of every destination on a V1 target: <c>CREATE DATABASE</c>
/// (a no-op when it exists), then <c>CREATE RETENTION POLICY</c>, or <c>ALTER</c> to the configured duration
/// when it exists. Idempotent; run on start and again when the server says a database is missing.
/// </summary>
internal static class V1Provisioner
{
    public static async Task<string?> ProvisionAsync(InfluxHttp http, int target, IReadOnlyDictionary<string, InfluxDestinationOptions> destinations, CancellationToken cancellationToken)
    {
        foreach (var database in destinations.Values.Select(d => d.Database).Distinct(StringComparer.Ordinal))
        {
            var error = await http.QueryAsync(target, $"CREATE DATABASE {Identifier(database)}", cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return $"CREATE DATABASE {database}: {error}";
            }
        }

        foreach (var (name, destination) in destinations)
        {
            var policy = Identifier(destination.RetentionPolicyFor(name));
            var on = Identifier(destination.Database);
            var duration = Duration(destination.RetentionFor(name));
            var error = await http.QueryAsync(target, $"CREATE RETENTION POLICY {policy} ON {on} DURATION {duration} REPLICATION 1", cancellationToken).ConfigureAwait(false);
            if (error is not null && error.Contains("already exists", StringComparison.OrdinalIgnoreCase))
            {
                error = await http.QueryAsync(target, $"ALTER RETENTION POLICY {policy} ON {on} DURATION {duration}", cancellationToken).ConfigureAwait(false);
            }

            if (error is not null)
            {
                return $"retention policy {name}: {error}";
            }
        }

        return null;
    }

    /// <summary>A double-quoted InfluxQL identifier.</summary>
    public static string Identifier(string name) =>
        "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>An InfluxQL duration in whole hours (at least 1h; InfluxDB's minimum policy duration).</summary>
    public static string Duration(TimeSpan duration) =>
        Math.Max(1, (long)Math.Ceiling(duration.TotalHours)).ToString(CultureInfo.InvariantCulture) + "h";
}
