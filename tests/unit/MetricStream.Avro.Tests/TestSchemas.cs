namespace MetricStream.Avro.Tests;

internal static class TestSchemas
{
    public const string RecursivePoint = """
        {"type":"record","name":"MetricPoint","namespace":"metricstream","doc":"d","fields":[
          {"name":"value","type":{"type":"long","logicalType":"timestamp-micros"},"doc":"x","default":0},
          {"name":"tags","type":{"type":"map","values":"string"}},
          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
          {"name":"f","type":{"type":"fixed","name":"F","namespace":"other","size":16}},
          {"name":"next","type":["null","MetricPoint"]}]}
        """;
}
