using System.Globalization;
using System.Net;
using MetricStream.SchemaRegistry.Compatibility;
using MetricStream.SchemaRegistry.Rest;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>The registry's error answers, with Confluent's codes and wording where Confluent has one.</summary>
internal static class RegistryErrors
{
    public static RegistryErrorException SubjectNotFound(string subject) =>
        new(HttpStatusCode.NotFound, RegistryErrorCodes.SubjectNotFound, $"Subject '{subject}' not found.");

    public static RegistryErrorException VersionNotFound(string subject, int version) =>
        new(HttpStatusCode.NotFound, RegistryErrorCodes.VersionNotFound, Invariant($"Version {version} not found under subject '{subject}'."));

    public static RegistryErrorException SchemaNotFound(int id) =>
        new(HttpStatusCode.NotFound, RegistryErrorCodes.SchemaNotFound, Invariant($"Schema {id} not found"));

    public static RegistryErrorException SchemaNotFound(string what) =>
        new(HttpStatusCode.NotFound, RegistryErrorCodes.SchemaNotFound, what);

    public static RegistryErrorException SubjectConfigNotFound(string subject) =>
        new(HttpStatusCode.NotFound, RegistryErrorCodes.SubjectConfigNotFound, $"Subject '{subject}' does not have subject-level compatibility configured");

    public static RegistryErrorException InvalidSchema(string message, Exception? cause = null) =>
        new(HttpStatusCode.UnprocessableEntity, RegistryErrorCodes.InvalidSchema, message, cause);

    public static RegistryErrorException InvalidVersion(string text) =>
        new(
            HttpStatusCode.UnprocessableEntity,
            RegistryErrorCodes.InvalidVersion,
            $"The specified version '{text}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    public static RegistryErrorException InvalidCompatibilityLevel(string? text) =>
        new(
            HttpStatusCode.UnprocessableEntity,
            RegistryErrorCodes.InvalidCompatibilityLevel,
            $"Invalid compatibility level '{text}'. Valid values are {string.Join(", ", CompatibilityLevels.AllNames)}");

    public static RegistryErrorException Incompatible(string subject, IReadOnlyList<string> messages) =>
        new(
            HttpStatusCode.Conflict,
            RegistryErrorCodes.IncompatibleSchema,
            $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{string.Join("; ", messages)}]");

    public static RegistryErrorException BadRequest(string message, Exception? cause = null) =>
        new(HttpStatusCode.BadRequest, RegistryErrorCodes.BadRequest, message, cause);

    public static RegistryErrorException HardDeleteUnsupported() =>
        new(
            HttpStatusCode.BadRequest,
            RegistryErrorCodes.BadRequest,
            "Hard deletes (permanent=true) are not supported by this registry: deletes are soft, and a schema id stays resolvable for records already written");

    public static RegistryErrorException StoreError(string message, Exception cause) =>
        new(HttpStatusCode.InternalServerError, RegistryErrorCodes.StoreError, message, cause);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
