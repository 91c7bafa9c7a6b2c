using System.Globalization;
using MetricStream.SchemaRegistry.Compatibility;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.Rest.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>The Confluent-compatible REST endpoints, mapped onto a <see cref="SchemaRegistryService"/>.</summary>
internal static class RegistryEndpoints
{
    private static readonly string[] SchemaTypes = ["AVRO"];

    public static void Map(IEndpointRouteBuilder app, SchemaRegistryService registry)
    {
        app.MapGet("/", () => Ok(new Dictionary<string, string>()));
        app.MapGet("/healthz", () => registry.IsReady
            ? Ok(new { status = "ready", schemas = registry.SchemaCount })
            : Results.Json(new { status = "loading" }, RestJson.Options, RegistryMediaTypes.V1Json, StatusCodes.Status503ServiceUnavailable));

        app.MapGet("/schemas/types", () => Ok(SchemaTypes));
        app.MapGet("/schemas/ids/{id}", (string id) => Ok(new SchemaByIdResponse(registry.GetSchema(SchemaId(id)).Text)));
        app.MapGet("/schemas/ids/{id}/schema", (string id) => Raw(registry.GetSchema(SchemaId(id)).Text));
        app.MapGet("/schemas/ids/{id}/versions", (string id) =>
            Ok(registry.UsesOf(SchemaId(id)).Select(v => new { subject = v.Subject, version = v.Version })));

        app.MapGet("/subjects", () => Ok(registry.Subjects()));
        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request, CancellationToken ct) =>
        {
            var body = await RegistryRequests.ReadAsync<SchemaRequest>(request, ct);
            return Ok(new IdResponse(await registry.RegisterAsync(Subject(subject), body, ct)));
        });
        app.MapPost("/subjects/{subject}", async (string subject, HttpRequest request, CancellationToken ct) =>
        {
            var body = await RegistryRequests.ReadAsync<SchemaRequest>(request, ct);
            var found = registry.Lookup(Subject(subject), body);
            return Ok(new SubjectSchemaResponse(found.Subject, found.Version, found.Id, found.Schema));
        });
        app.MapGet("/subjects/{subject}/versions", (string subject) => Ok(registry.Versions(Subject(subject))));
        app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version) =>
        {
            var found = registry.GetVersion(Subject(subject), version);
            return Ok(new SubjectSchemaResponse(found.Subject, found.Version, found.Id, found.Schema));
        });
        app.MapGet("/subjects/{subject}/versions/{version}/schema", (string subject, string version) =>
            Raw(registry.GetVersion(Subject(subject), version).Schema));
        app.MapDelete("/subjects/{subject}", async (string subject, bool? permanent, CancellationToken ct) =>
            Ok(await registry.DeleteSubjectAsync(Subject(subject), permanent == true, ct)));
        app.MapDelete("/subjects/{subject}/versions/{version}", async (string subject, string version, bool? permanent, CancellationToken ct) =>
            Ok(await registry.DeleteVersionAsync(Subject(subject), version, permanent == true, ct)));

        app.MapGet("/config", () => Ok(new ConfigResponse(CompatibilityLevels.ToName(registry.GetLevel(null, false)))));
        app.MapGet("/config/{subject}", (string subject, bool? defaultToGlobal) =>
            Ok(new ConfigResponse(CompatibilityLevels.ToName(registry.GetLevel(Subject(subject), defaultToGlobal ?? false)))));
        app.MapPut("/config", (HttpRequest request, CancellationToken ct) => SetLevelAsync(registry, null, request, ct));
        app.MapPut("/config/{subject}", (string subject, HttpRequest request, CancellationToken ct) => SetLevelAsync(registry, subject, request, ct));
        app.MapDelete("/config/{subject}", async (string subject, CancellationToken ct) =>
            Ok(new ConfigResponse(CompatibilityLevels.ToName(await registry.DeleteSubjectLevelAsync(Subject(subject), ct)))));

        app.MapPost("/compatibility/subjects/{subject}/versions/{version}", (string subject, string version, bool? verbose, HttpRequest request, CancellationToken ct) =>
            CheckAsync(registry, subject, version, verbose, request, ct));
        app.MapPost("/compatibility/subjects/{subject}/versions", (string subject, bool? verbose, HttpRequest request, CancellationToken ct) =>
            CheckAsync(registry, subject, null, verbose, request, ct));
    }

    private static async Task<IResult> SetLevelAsync(SchemaRegistryService registry, string? subject, HttpRequest request, CancellationToken ct)
    {
        var body = await RegistryRequests.ReadAsync<ConfigUpdate>(request, ct);
        var level = await registry.SetLevelAsync(subject is null ? null : Subject(subject), body.Compatibility, ct);
        return Ok(new ConfigUpdate(CompatibilityLevels.ToName(level)));
    }

    private static async Task<IResult> CheckAsync(SchemaRegistryService registry, string subject, string? version, bool? verbose, HttpRequest request, CancellationToken ct)
    {
        var body = await RegistryRequests.ReadAsync<SchemaRequest>(request, ct);
        var result = registry.CheckCompatibility(Subject(subject), version, body);

        // Confluent lists the reasons only when asked (verbose=true); an incompatible answer is still 200.
        return Ok(new CompatibilityResponse(result.IsCompatible, verbose == true ? result.Messages : null));
    }

    // Kestrel decodes a path except "%2F", so a subject containing '/' arrives with it still escaped.
    private static string Subject(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static int SchemaId(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw RegistryErrors.SchemaNotFound($"Schema {text} not found");

    private static IResult Ok<T>(T body) => Results.Json(body, RestJson.Options, RegistryMediaTypes.V1Json);

    private static IResult Raw(string schemaJson) => Results.Text(schemaJson, RegistryMediaTypes.V1Json);
}
