using MetricStream.Sinks.InfluxDB;

namespace MetricStream.Host.Admin.Live.Internal;

/// <summary>
/// The InfluxDB sink part of a live frame, from the sink's <see cref="InfluxSinkSnapshot"/>:
/// <c>{"linesPerSecond","requestsPerSecond","retriesPerSecond","failuresPerSecond","latencyMs","linesPending","deadLettered",
/// "targets":[{"name","circuit","linesPerSecond","latencyMs","retries","failures","inFlight"}]}</c>; latencies are the
/// mean over the last interval (null when no request completed in it); circuit is closed, open or half-open.
/// </summary>
internal static class SinkFrame
{
    /// <summary>Builds the sink part from <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The sink's figures now.</param>
    /// <param name="rates">The connection's rate tracker.</param>
    /// <returns>The object to serialise.</returns>
    public static Dictionary<string, object?> Build(InfluxSinkSnapshot snapshot, RateTracker rates)
    {
        var targets = snapshot.Targets.Select(t =>
        {
            var seconds = rates.Delta("sink_latency_sum/" + t.Name, t.LatencyTotal.TotalSeconds);
            var count = rates.Delta("sink_latency_count/" + t.Name, t.Requests);
            return new Dictionary<string, object?>
            {
                ["name"] = t.Name,
                ["circuit"] = t.Circuit switch { InfluxCircuitState.Open => "open", InfluxCircuitState.HalfOpen => "half-open", _ => "closed" },
                ["linesPerSecond"] = rates.Rate("sink_lines/" + t.Name, t.LinesWritten),
                ["latencyMs"] = count > 0 ? Math.Round(seconds / count * 1000, 3) : null,
                ["retries"] = t.Retries,
                ["failures"] = t.FailedRequests,
                ["inFlight"] = t.InFlight,
            };
        }).ToList();
        var allSeconds = rates.Delta("sink_latency_sum", snapshot.Targets.Sum(t => t.LatencyTotal.TotalSeconds));
        var allCount = rates.Delta("sink_latency_count", snapshot.Targets.Sum(t => t.Requests));
        return new()
        {
            ["linesPerSecond"] = rates.Rate("sink_lines", snapshot.Targets.Sum(t => t.LinesWritten)),
            ["requestsPerSecond"] = rates.Rate("sink_requests", snapshot.Targets.Sum(t => t.Requests)),
            ["retriesPerSecond"] = rates.Rate("sink_retries", snapshot.Targets.Sum(t => t.Retries)),
            ["failuresPerSecond"] = rates.Rate("sink_failures", snapshot.Targets.Sum(t => t.FailedRequests)),
            ["latencyMs"] = allCount > 0 ? Math.Round(allSeconds / allCount * 1000, 3) : null,
            ["linesPending"] = snapshot.LinesPending,
            ["deadLettered"] = snapshot.DeadLettered,
            ["targets"] = targets,
        };
    }
}
