using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MetricStream.Edge.Http.Internal;

/// <summary>
/// The few non-write InfluxDB endpoints that unmodified clients call before writing: <c>GET|HEAD /ping</c>
/// (1.x clients and the <c>influx</c> CLI check it on connect: 204 with <c>X-Influxdb-Version</c>),
/// <c>GET /health</c> (2.x clients) and <c>/query</c>, where only <c>CREATE DATABASE</c> is answered, with
/// success and no effect (databases are point attributes here, not storage); any other query is refused
/// with 400, because the edge stores nothing it could answer from.
/// </summary>
internal sealed partial class InfluxCompatHandler(EdgeRuntime runtime)
{
    /// <summary>The version reported to clients: the 1.x write API the edge implements.</summary>
    public const string ReportedVersion = "1.8.10";

    public Task PingAsync(HttpContext context)
    {
        context.Response.Headers["X-Influxdb-Version"] = ReportedVersion;
        context.Response.Headers["X-Influxdb-Build"] = "OSS";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        Count("/ping", StatusCodes.Status204NoContent);
        return Task.CompletedTask;
    }

    public Task HealthAsync(HttpContext context)
    {
        var ready = !runtime.Draining && !runtime.Breaker.IsOpen;
        var status = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.StatusCode = status;
        Count("/health", status);
        return Responses.WriteJsonAsync(context, writer =>
        {
            writer.WriteString("name", "metricstream-edge");
            writer.WriteString("message", ready ? "ready for writes" : "not ready");
            writer.WriteString("status", ready ? "pass" : "fail");
            writer.WriteString("version", ReportedVersion);
        });
    }

    public async Task QueryAsync(HttpContext context)
    {
        var status = await QueryCoreAsync(context).ConfigureAwait(false);
        Count("/query", status);
    }

    private async Task<int> QueryCoreAsync(HttpContext context)
    {
        var request = context.Request;
        var key = ApiKeyReader.Read(request, influxV1: true);
        if (key is null || !runtime.Keys.TryAuthenticate(key, out _))
        {
            return await InfluxErrorAsync(context, StatusCodes.Status401Unauthorized, key is null ? "unable to parse authentication credentials" : "authorization failed").ConfigureAwait(false);
        }

        string query = request.Query["q"].ToString();
        if (query.Length == 0 && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            query = form["q"].ToString();
        }

        if (!CreateDatabase().IsMatch(query))
        {
            return await InfluxErrorAsync(context, StatusCodes.Status400BadRequest, "the MetricStream edge accepts writes only; only CREATE DATABASE is answered (as a no-op)").ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        await Responses.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartArray("results");
            writer.WriteStartObject();
            writer.WriteNumber("statement_id", 0);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }).ConfigureAwait(false);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> InfluxErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        await Responses.WriteJsonAsync(context, writer => writer.WriteString("error", message)).ConfigureAwait(false);
        return status;
    }

    private void Count(string endpoint, int status) =>
        runtime.Metrics.Requests.Add(1, endpoint, status.ToString(CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^\s*CREATE\s+DATABASE\s+(""[^""]+""|[A-Za-z0-9_.\-]+)(\s+WITH\b[^;]*)?\s*;?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CreateDatabase();
}
