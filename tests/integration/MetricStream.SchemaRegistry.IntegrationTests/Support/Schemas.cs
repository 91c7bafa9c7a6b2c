namespace MetricStream.SchemaRegistry.IntegrationTests.Support;

/// <summary>Test schemas: a metric point in three versions.</summary>
internal static class Schemas
{
    public const string PointV1 = """
        {"type":"record","name":"Point","namespace":"metricstream.test","fields":[
          {"name":"host","type":"string"},
          {"name":"value","type":"double"}]}
        """;

    /// <summary>V1 plus an optional field with a default: backward compatible.</summary>
    public const string PointV2 = """
        {"type":"record","name":"Point","namespace":"metricstream.test","fields":[
          {"name":"host","type":"string"},
          {"name":"value","type":"double"},
          {"name":"region","type":"string","default":"eu-west"}]}
        """;

    /// <summary>V1 plus a required field: not backward compatible.</summary>
    public const string PointRequiredRegion = """
        {"type":"record","name":"Point","namespace":"metricstream.test","fields":[
          {"name":"host","type":"string"},
          {"name":"value","type":"double"},
          {"name":"region","type":"string"}]}
        """;

    /// <summary>A unique subject name for one test.</summary>
    public static string Subject(string prefix) => $"{prefix}-{Guid.NewGuid():N}-value";
}
