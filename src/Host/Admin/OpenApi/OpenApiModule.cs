using MetricStream.Host.Admin.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.Host.Admin.OpenApi;

/// <summary><c>GET /openapi.json</c>: the OpenAPI 3.0 document of every admin endpoint (<see cref="OpenApiDocument"/>). Public.</summary>
internal sealed class OpenApiModule : IAdminModule
{
    private readonly string _document = OpenApiDocument.Build(StatusModule.Version).ToJsonString();

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/openapi.json", http =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            return http.Response.WriteAsync(_document, http.RequestAborted);
        });
    }
}
