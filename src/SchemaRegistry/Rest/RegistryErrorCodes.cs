namespace MetricStream.SchemaRegistry.Rest;

/// <summary>
/// Confluent Schema Registry's <c>error_code</c> values, carried in error bodies
/// <c>{"error_code": N, "message": "..."}</c>. The first three digits are the HTTP status.
/// </summary>
public static class RegistryErrorCodes
{
    /// <summary>404: the subject does not exist (or has only deleted versions).</summary>
    public const int SubjectNotFound = 40401;

    /// <summary>404: the subject has no such version.</summary>
    public const int VersionNotFound = 40402;

    /// <summary>404: no schema with that id, or the schema is not registered under the subject.</summary>
    public const int SchemaNotFound = 40403;

    /// <summary>404: the subject has no subject-level compatibility configured.</summary>
    public const int SubjectConfigNotFound = 40408;

    /// <summary>409: the schema is incompatible with the earlier versions under the configured level.</summary>
    public const int IncompatibleSchema = 409;

    /// <summary>422: the schema is not a valid Avro schema, or its type is not supported.</summary>
    public const int InvalidSchema = 42201;

    /// <summary>422: the version is not a positive integer or <c>latest</c>.</summary>
    public const int InvalidVersion = 42202;

    /// <summary>422: the compatibility level is not one of NONE, BACKWARD(_TRANSITIVE), FORWARD(_TRANSITIVE), FULL(_TRANSITIVE).</summary>
    public const int InvalidCompatibilityLevel = 42203;

    /// <summary>400: the request body is not the JSON the endpoint expects.</summary>
    public const int BadRequest = 400;

    /// <summary>500: the backing store (the <c>_schemas</c> topic) failed.</summary>
    public const int StoreError = 50001;

    /// <summary>500: an operation timed out.</summary>
    public const int OperationTimeout = 50002;
}
