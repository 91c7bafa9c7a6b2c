using System.Text.Json.Serialization;

namespace MetricStream.SchemaRegistry.Rest.Internal;

// The JSON bodies of the Confluent REST API, shared by the client and the server. Property names are the API's.

/// <summary>Body of register, lookup and compatibility requests.</summary>
internal sealed record SchemaRequest(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType = null,
    [property: JsonPropertyName("references")] IReadOnlyList<SchemaReference>? References = null);

/// <summary>A reference to another registered schema (accepted in requests; only an empty list is supported).</summary>
internal sealed record SchemaReference(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("version")] int? Version);

/// <summary><c>{"id": N}</c>: the answer to a registration.</summary>
internal sealed record IdResponse([property: JsonPropertyName("id")] int Id);

/// <summary>A schema as registered under a subject.</summary>
internal sealed record SubjectSchemaResponse(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("schema")] string Schema);

/// <summary><c>{"schema": "..."}</c>: the answer to GET /schemas/ids/{id}.</summary>
internal sealed record SchemaByIdResponse([property: JsonPropertyName("schema")] string Schema);

/// <summary>The answer to a compatibility check; <c>messages</c> only when asked for with <c>verbose=true</c>.</summary>
internal sealed record CompatibilityResponse(
    [property: JsonPropertyName("is_compatible")] bool IsCompatible,
    [property: JsonPropertyName("messages")] IReadOnlyList<string>? Messages = null);

/// <summary>Body of PUT /config, and its answer: <c>{"compatibility": "FULL"}</c>.</summary>
internal sealed record ConfigUpdate([property: JsonPropertyName("compatibility")] string? Compatibility);

/// <summary>The answer to GET /config: <c>{"compatibilityLevel": "BACKWARD"}</c>.</summary>
internal sealed record ConfigResponse([property: JsonPropertyName("compatibilityLevel")] string CompatibilityLevel);

/// <summary>Confluent's error body.</summary>
internal sealed record ErrorResponse(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string? Message);
