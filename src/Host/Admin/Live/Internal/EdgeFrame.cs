namespace MetricStream.Host.Admin.Live.Internal;

/// <summary>
/// The edge part of a live frame, read from the edge's Prometheus registry text:
/// <c>{"tenants":[{"tenant","accepted","rejected","throttled","acceptedTotal","rejectedTotal","throttledTotal"}],
/// "pointsPerSecond","throttledPerSecond","status429PerSecond","status429Total","produceLatencyMs","circuitOpen"}</c>;
/// rates are per second since the previous frame, <c>produceLatencyMs</c> the mean over that interval (null when
/// nothing was produced).
/// </summary>
internal static class EdgeFrame
{
    /// <summary>Builds the edge part from <paramref name="metricsText"/>.</summary>
    /// <param name="metricsText">The edge registry's exposition text.</param>
    /// <param name="rates">The connection's rate tracker.</param>
    /// <returns>The object to serialise.</returns>
    public static Dictionary<string, object?> Build(string metricsText, RateTracker rates)
    {
        var samples = PrometheusText.Parse(metricsText);
        double Sum(string name, Func<Sample, bool>? where = null) => samples.Where(s => s.Name == name && (where is null || where(s))).Sum(s => s.Value);

        var tenants = samples.Where(s => s.Name.StartsWith("edge_points_", StringComparison.Ordinal) && s.Labels.ContainsKey("tenant"))
            .Select(s => s.Label("tenant")).Distinct().Order(StringComparer.Ordinal)
            .Select(tenant =>
            {
                double Total(string name) => Sum(name, s => s.Label("tenant") == tenant);
                var accepted = Total("edge_points_accepted_total");
                var rejected = Total("edge_points_rejected_total");
                var throttled = Total("edge_points_throttled_total");
                return new Dictionary<string, object?>
                {
                    ["tenant"] = tenant,
                    ["accepted"] = rates.Rate("accepted/" + tenant, accepted),
                    ["rejected"] = rates.Rate("rejected/" + tenant, rejected),
                    ["throttled"] = rates.Rate("throttled/" + tenant, throttled),
                    ["acceptedTotal"] = accepted,
                    ["rejectedTotal"] = rejected,
                    ["throttledTotal"] = throttled,
                };
            }).ToList();
        var status429 = Sum("edge_http_requests_total", s => s.Label("status") == "429");
        var produceSeconds = rates.Delta("produce_sum", Sum("edge_produce_duration_seconds_sum"));
        var produceCount = rates.Delta("produce_count", Sum("edge_produce_duration_seconds_count"));
        return new()
        {
            ["tenants"] = tenants,
            ["pointsPerSecond"] = tenants.Sum(t => (double)t["accepted"]!),
            ["throttledPerSecond"] = tenants.Sum(t => (double)t["throttled"]!),
            ["status429PerSecond"] = rates.Rate("429", status429),
            ["status429Total"] = status429,
            ["produceLatencyMs"] = produceCount > 0 ? Math.Round(produceSeconds / produceCount * 1000, 3) : null,
            ["circuitOpen"] = Sum("edge_circuit_open") > 0,
        };
    }
}
