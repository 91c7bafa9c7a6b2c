using System.Text.Json;
using MetricStream.Edge.Tenants;
using Microsoft.AspNetCore.Http;

namespace MetricStream.Host.Admin;

/// <summary>
/// The admin key rule of every admin endpoint: <c>Authorization: Token K</c> (or <c>Bearer K</c>) where K is a key
/// of <see cref="KeyRole.Admin"/> in the key store. Refusals are the edge's JSON error shape:
/// 401 <c>{"code":"unauthorized","message":"missing API key"}</c> (with <c>WWW-Authenticate: Token</c>) or 403
/// <c>{"code":"forbidden","message":"an admin key is required"}</c>.
/// </summary>
/// <param name="keys">The API keys (the same file the edge reads).</param>
internal sealed class AdminKeyCheck(KeyStore keys)
{
    /// <summary>Returns the caller's identity when it presents an admin key; otherwise writes the refusal and returns null.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The admin identity, or null when the response has been written.</returns>
    public async Task<ApiKeyIdentity?> RequireAdminAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = Read(context.Request);
        if (key is null || !keys.TryAuthenticate(key, out var identity))
        {
            context.Response.Headers.WWWAuthenticate = "Token";
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", key is null ? "missing API key" : "invalid API key").ConfigureAwait(false);
            return null;
        }

        if (identity!.Role != KeyRole.Admin)
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, "forbidden", "an admin key is required").ConfigureAwait(false);
            return null;
        }

        return identity;
    }

    /// <summary>Writes <c>{"code","message"}</c> with <paramref name="status"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">HTTP status.</param>
    /// <param name="code">Short machine-readable code.</param>
    /// <param name="message">What is wrong, for people.</param>
    /// <returns>Completes when written.</returns>
    public static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["code"] = code, ["message"] = message }), context.RequestAborted);
    }

    private static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var scheme = header.AsSpan(0, space);
        return scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? header[(space + 1)..].Trim()
            : null;
    }
}
