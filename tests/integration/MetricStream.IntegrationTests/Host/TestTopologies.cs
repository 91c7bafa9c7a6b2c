namespace MetricStream.IntegrationTests.Host;

/// <summary>Small topology files the host tests write into a temporary topologies directory.</summary>
internal static class TestTopologies
{
    /// <summary>Raw points from <c>metrics.points</c> straight to the InfluxDB destination <c>raw</c>.</summary>
    public const string RawToInflux = """
        topology: raw-to-influx
        processors:
          - name: points
            type: source
            topic: metrics.points
            schema: point-batch
          - name: raw-influx
            type: sink
            from: points
            influxdb: raw
        """;
}
