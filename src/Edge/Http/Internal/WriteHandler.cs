using System.Globalization;
using MetricStream.Edge.Admission;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.Json;
using MetricStream.Edge.Producing;
using MetricStream.Edge.RemoteWrite;
using Microsoft.AspNetCore.Http;

namespace MetricStream.Edge.Http.Internal;

/// <summary>
/// One write request, start to end: drain check, API key, content checks, body limits, decompression,
/// parsing and validation into per-partition batches, admission, produce, and the answer:
/// 204 when every item was accepted (or the body was empty), 400 with the first errors when some items were
/// invalid (the valid ones are in Kafka), 401, 413, 415, 429 + Retry-After, 503 + Retry-After.
/// </summary>
internal sealed class WriteHandler(EdgeRuntime runtime)
{
    public async Task HandleAsync(HttpContext context, WriteFormat format)
    {
        runtime.Enter();
        var started = runtime.Time.GetTimestamp();
        try
        {
            await HandleCoreAsync(context, format).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (BadHttpRequestException ex)
        {
            // Malformed framing or a body that stalled: the client's fault.
            if (!context.Response.HasStarted)
            {
                await Responses.ErrorAsync(context, ex.StatusCode, "invalid", ex.Message).ConfigureAwait(false);
            }
        }
        finally
        {
            runtime.Exit();
            runtime.Metrics.WriteDuration.Observe(runtime.Time.GetElapsedTime(started).TotalSeconds);
            runtime.Metrics.Requests.Add(1, Endpoint(format), context.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Endpoint(WriteFormat format) => format switch
    {
        WriteFormat.InfluxV2 => "/api/v2/write",
        WriteFormat.InfluxV1 => "/write",
        WriteFormat.RemoteWrite => "/api/v1/write",
        _ => "/api/v1/metrics",
    };

    private async Task HandleCoreAsync(HttpContext context, WriteFormat format)
    {
        var request = context.Request;
        var options = runtime.Options;
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
        if (runtime.Draining)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "the edge is shutting down", options.UnavailableRetryAfter).ConfigureAwait(false);
            return;
        }

        var key = ApiKeyReader.Read(request, format == WriteFormat.InfluxV1);
        if (key is null)
        {
            await Unauthorized(context, "missing API key: send 'Authorization: Token <key>'").ConfigureAwait(false);
            return;
        }

        if (!runtime.Keys.TryAuthenticate(key, out var identity))
        {
            await Unauthorized(context, "invalid API key").ConfigureAwait(false);
            return;
        }

        var tenant = identity!.Tenant;

        // Whatever is logged from here on (parsing, admission, produce) carries the tenant (JSON logs show scopes).
        using var scope = runtime.Logger.BeginScope(new KeyValuePair<string, object>[] { new("tenant", tenant), new("endpoint", Endpoint(format)) });
        if (CheckContent(request, format) is { } unsupported)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported media type", unsupported).ConfigureAwait(false);
            return;
        }

        if (!TryPrecision(request, format, out var precision))
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", $"invalid precision '{request.Query["precision"]}'").ConfigureAwait(false);
            return;
        }

        if (runtime.Breaker.IsOpen && runtime.Spool is null)
        {
            await Unavailable(context, "Kafka is unavailable").ConfigureAwait(false);
            return;
        }

        var policies = runtime.Policies.Get(tenant);
        var maxBody = Math.Min(options.Limits.MaxBodyBytes, policies.BodyLimit ?? long.MaxValue);
        var maxDecompressed = Math.Min(options.Limits.MaxDecompressedBytes, policies.BodyLimit ?? long.MaxValue);
        var receivedAt = runtime.Time.GetUtcNow();
        PooledBuffer? raw = null;
        PooledBuffer? decompressed = null;
        try
        {
            raw = await BodyReader.ReadAsync(request.Body, request.ContentLength, maxBody, context.RequestAborted).ConfigureAwait(false);
            if (raw.Length == 0)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            decompressed = Decompress(request, format, raw, maxDecompressed);
            var body = decompressed ?? raw;
            if (body.Length == 0)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            await IngestAsync(context, format, tenant, policies, body, precision, receivedAt).ConfigureAwait(false);
        }
        catch (BodyTooLargeException ex)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "request too large", ex.Message).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "the body could not be decompressed: " + ex.Message).ConfigureAwait(false);
        }
        finally
        {
            decompressed?.Dispose();
            raw?.Dispose();
        }
    }

    private async Task IngestAsync(HttpContext context, WriteFormat format, string tenant, TenantPolicies policies, PooledBuffer body, TimestampPrecision precision, DateTimeOffset receivedAt)
    {
        var sink = runtime.RentSink();
        try
        {
            sink.Reset(tenant, Bucket(context.Request, format), context.TraceIdentifier, receivedAt, runtime.Partitions.Count);
            var now = Precision.ToUnixNanoseconds(receivedAt);
            switch (format)
            {
                case WriteFormat.RemoteWrite:
                    RemoteWriteDecoder.Decode(body.Span, sink);
                    break;
                case WriteFormat.Json:
                    JsonBatchParser.Parse(body.Span, precision, now, sink);
                    break;
                default:
                    runtime.LineProtocol.Parse(body.Span, precision, now, sink);
                    break;
            }

            await FinishAsync(context, tenant, policies, sink).ConfigureAwait(false);
        }
        finally
        {
            runtime.ReturnSink(sink);
        }
    }

    private async Task FinishAsync(HttpContext context, string tenant, TenantPolicies policies, PartitionedPointSink sink)
    {
        var metrics = runtime.Metrics;
        if (sink.Rejected > 0)
        {
            metrics.PointsRejected.Add(sink.Rejected, tenant);
        }

        if (sink.Accepted == 0)
        {
            if (sink.Rejected > 0)
            {
                await Responses.InvalidAsync(context, 0, sink.Rejected, sink.Errors).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }

            return;
        }

        var decision = policies.Admit(new AdmissionRequest(tenant, sink.Accepted, sink.SeriesHashes));
        if (!decision.Admitted)
        {
            metrics.PointsThrottled.Add(sink.Accepted, tenant);
            await Responses.ErrorAsync(context, StatusCodes.Status429TooManyRequests, "too many requests", decision.Reason ?? "throttled", decision.RetryAfter).ConfigureAwait(false);
            return;
        }

        var outcome = await RequestDelivery.DeliverAsync(runtime, sink, context.RequestAborted).ConfigureAwait(false);
        switch (outcome)
        {
            case ProduceOutcome.Acknowledged or ProduceOutcome.Spooled:
                metrics.PointsAccepted.Add(sink.Accepted, tenant);
                if (sink.Rejected > 0)
                {
                    await Responses.InvalidAsync(context, sink.Accepted, sink.Rejected, sink.Errors).ConfigureAwait(false);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                }

                break;
            case ProduceOutcome.Backpressure:
                await Unavailable(context, "Kafka is accepting records more slowly than they arrive (producer queue full)").ConfigureAwait(false);
                break;
            case ProduceOutcome.Unavailable or ProduceOutcome.NotSent:
                await Unavailable(context, "Kafka is unavailable").ConfigureAwait(false);
                break;
            case ProduceOutcome.SpoolFull:
                await Unavailable(context, "Kafka is unavailable and the spool is full").ConfigureAwait(false);
                break;
            default:
                await Unavailable(context, "Kafka did not acknowledge the points").ConfigureAwait(false);
                break;
        }
    }

    private Task Unavailable(HttpContext context, string message) =>
        Responses.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "unavailable", message, runtime.Breaker.RetryAfter(runtime.Options.UnavailableRetryAfter));

    private static Task Unauthorized(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Token";
        return Responses.ErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", message);
    }

    /// <summary>Checks Content-Encoding and Content-Type; returns why the request is unsupported, or null.</summary>
    private static string? CheckContent(HttpRequest request, WriteFormat format)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        var type = request.ContentType;
        if (format == WriteFormat.RemoteWrite)
        {
            if (encoding.Length > 0 && !encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase))
            {
                return $"remote_write bodies must be snappy-compressed (Content-Encoding: snappy), not '{encoding}'";
            }

            return type is null || MediaType(type).Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase)
                ? null
                : $"remote_write bodies are application/x-protobuf, not '{type}'";
        }

        if (encoding.Length > 0 && !IsGzip(encoding) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return $"unsupported Content-Encoding '{encoding}' (use gzip or none)";
        }

        if (format == WriteFormat.Json && type is not null && !MediaType(type).Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return $"the JSON endpoint takes application/json, not '{type}'";
        }

        return null;
    }

    private static ReadOnlySpan<char> MediaType(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
    }

    private static bool IsGzip(string encoding) =>
        encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);

    private static PooledBuffer? Decompress(HttpRequest request, WriteFormat format, PooledBuffer raw, long maxDecompressed)
    {
        if (format == WriteFormat.RemoteWrite)
        {
            return BodyReader.Unsnappy(raw.Span, maxDecompressed);
        }

        return IsGzip(request.Headers.ContentEncoding.ToString()) ? BodyReader.Gunzip(raw.Memory, maxDecompressed) : null;
    }

    private static bool TryPrecision(HttpRequest request, WriteFormat format, out TimestampPrecision precision)
    {
        var text = request.Query["precision"].ToString();
        return format switch
        {
            WriteFormat.InfluxV1 => Precision.TryParse(text, v1: true, TimestampPrecision.Nanoseconds, out precision),
            WriteFormat.Json => Precision.TryParse(text, v1: false, TimestampPrecision.Milliseconds, out precision),
            _ => Precision.TryParse(text, v1: false, TimestampPrecision.Nanoseconds, out precision),
        };
    }

    private static string? Bucket(HttpRequest request, WriteFormat format)
    {
        switch (format)
        {
            case WriteFormat.InfluxV2:
                var bucket = request.Query["bucket"].ToString();
                return bucket.Length > 0 ? bucket : null;
            case WriteFormat.InfluxV1:
                var db = request.Query["db"].ToString();
                var rp = request.Query["rp"].ToString();
                return db.Length == 0 ? null : rp.Length == 0 ? db : db + "/" + rp;
            default:
                return null;
        }
    }
}
