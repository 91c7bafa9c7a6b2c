namespace MetricStream.SchemaRegistry.Rest;

/// <summary>Content types of the Confluent Schema Registry REST API.</summary>
public static class RegistryMediaTypes
{
    /// <summary>The API's own type, <c>application/vnd.schemaregistry.v1+json</c>: sent by clients and returned by the server.</summary>
    public const string V1Json = "application/vnd.schemaregistry.v1+json";

    /// <summary>The unversioned type, <c>application/vnd.schemaregistry+json</c>, accepted as a request body type.</summary>
    public const string Json = "application/vnd.schemaregistry+json";

    /// <summary>Plain <c>application/json</c>, accepted as a request body type.</summary>
    public const string PlainJson = "application/json";
}
