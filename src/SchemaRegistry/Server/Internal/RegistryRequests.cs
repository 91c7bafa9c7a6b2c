using System.Text.Json;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.Rest.Internal;
using Microsoft.AspNetCore.Http;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>
/// Reads request bodies. Accepted content types: <c>application/vnd.schemaregistry.v1+json</c>,
/// <c>application/vnd.schemaregistry+json</c>, <c>application/json</c> (any <c>+json</c> type), or none.
/// </summary>
internal static class RegistryRequests
{
    /// <summary>Largest body read: schemas are small; this only stops abuse.</summary>
    private const long MaxBodyBytes = 4 * 1024 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is { Length: > 0 } type && !IsJson(type))
        {
            throw new RegistryErrorException(
                System.Net.HttpStatusCode.UnsupportedMediaType,
                415,
                $"Content type '{type}' is not supported; send {RegistryMediaTypes.V1Json} or {RegistryMediaTypes.PlainJson}");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw RegistryErrors.BadRequest($"Request body of {request.ContentLength} bytes is larger than {MaxBodyBytes}");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, RestJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw RegistryErrors.BadRequest("The request body is empty or null; expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw RegistryErrors.BadRequest($"The request body is not valid JSON for this endpoint: {ex.Message}", ex);
        }
    }

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';', 2)[0].Trim();
        return media.Equals(RegistryMediaTypes.PlainJson, StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
