using System.Globalization;
using System.Text.Json;
using MetricStream.Edge.Ingest;
using Microsoft.AspNetCore.Http;

namespace MetricStream.Edge.Http.Internal;

/// <summary>
/// The edge's error bodies, shaped like InfluxDB 2.x's: <c>{ "code": "...", "message": "..." }</c>, and for
/// a request with invalid items also <c>accepted</c>, <c>rejected</c> and <c>errors</c> (the first ones).
/// </summary>
internal static class Responses
{
    public static Task ErrorAsync(HttpContext context, int status, string code, string message, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, writer =>
        {
            writer.WriteString("code", code);
            writer.WriteString("message", message);
        });
    }

    public static Task InvalidAsync(HttpContext context, int accepted, int rejected, IReadOnlyList<IngestError> errors)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return WriteJsonAsync(context, writer =>
        {
            writer.WriteString("code", "invalid");
            writer.WriteString("message", errors.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{rejected} of {accepted + rejected} items rejected; first: line {errors[0].Line}: {errors[0].Reason}")
                : string.Create(CultureInfo.InvariantCulture, $"{rejected} items rejected"));
            writer.WriteNumber("accepted", accepted);
            writer.WriteNumber("rejected", rejected);
            writer.WriteStartArray("errors");
            foreach (var error in errors)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", error.Line);
                writer.WriteString("reason", error.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>Whole seconds, rounded up, at least 1 (the header has no fractions).</summary>
    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    public static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
