using System.Globalization;
using System.Text.Json;
using MetricStream.Edge.Admission;
using MetricStream.Edge.Tenants;
using Microsoft.AspNetCore.Http;

namespace MetricStream.Edge.Http.Internal;

/// <summary>
/// <c>GET|PUT|DELETE /admin/tenants/{tenant}/policies</c> with an admin key. GET answers
/// <c>{ "tenant", "default": bool, "policies": { name: settings } }</c>; PUT takes <c>{ "policies": { ... } }</c>
/// and replaces the tenant's whole policy set (400 listing every problem, nothing changed, when invalid);
/// DELETE returns the tenant to the defaults.
/// </summary>
internal sealed class AdminHandler(EdgeRuntime runtime)
{
    private const long MaxBody = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleCoreAsync(context).ConfigureAwait(false);
        }
        finally
        {
            runtime.Metrics.Requests.Add(1, "/admin/tenants/{tenant}/policies", context.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        var key = ApiKeyReader.Read(context.Request, influxV1: false);
        if (key is null || !runtime.Keys.TryAuthenticate(key, out var identity))
        {
            context.Response.Headers.WWWAuthenticate = "Token";
            await Responses.ErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", key is null ? "missing API key" : "invalid API key").ConfigureAwait(false);
            return;
        }

        if (identity!.Role != KeyRole.Admin)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status403Forbidden, "forbidden", "an admin key is required").ConfigureAwait(false);
            return;
        }

        var tenant = context.Request.RouteValues["tenant"] as string;
        if (!KeyStore.IsValidTenant(tenant))
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "invalid tenant name").ConfigureAwait(false);
            return;
        }

        switch (context.Request.Method)
        {
            case "GET":
                await WritePoliciesAsync(context, tenant!, runtime.Policies.Get(tenant!)).ConfigureAwait(false);
                break;
            case "PUT":
                await PutAsync(context, tenant!).ConfigureAwait(false);
                break;
            default:
                runtime.Policies.Reset(tenant!);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }

    private async Task PutAsync(HttpContext context, string tenant)
    {
        JsonDocument document;
        try
        {
            using var body = await BodyReader.ReadAsync(context.Request.Body, context.Request.ContentLength, MaxBody, context.RequestAborted).ConfigureAwait(false);
            document = JsonDocument.Parse(body.Memory);
        }
        catch (BodyTooLargeException ex)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "request too large", ex.Message).ConfigureAwait(false);
            return;
        }
        catch (JsonException ex)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "invalid JSON: " + ex.Message).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("policies", out var policies))
            {
                await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "expected { \"policies\": { \"<name>\": { settings } } }").ConfigureAwait(false);
                return;
            }

            try
            {
                await WritePoliciesAsync(context, tenant, runtime.Policies.Set(tenant, policies)).ConfigureAwait(false);
            }
            catch (PolicyValidationException ex)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await Responses.WriteJsonAsync(context, writer =>
                {
                    writer.WriteString("code", "invalid");
                    writer.WriteString("message", ex.Message);
                    writer.WriteStartArray("problems");
                    foreach (var problem in ex.Problems)
                    {
                        writer.WriteStringValue(problem);
                    }

                    writer.WriteEndArray();
                }).ConfigureAwait(false);
            }
        }
    }

    private static Task WritePoliciesAsync(HttpContext context, string tenant, TenantPolicies policies)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        var json = AdmissionPolicyRegistry.ToJson(policies.Settings);
        return Responses.WriteJsonAsync(context, writer =>
        {
            writer.WriteString("tenant", tenant);
            writer.WriteBoolean("default", policies.IsDefault);
            writer.WritePropertyName("policies");
            json.WriteTo(writer);
        });
    }
}
