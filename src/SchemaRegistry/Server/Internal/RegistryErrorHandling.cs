using System.Net;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.Rest.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>Turns failures into Confluent's error body <c>{"error_code": N, "message": "..."}</c>.</summary>
internal sealed partial class RegistryErrorHandling(ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (RegistryErrorException ex) when (!context.Response.HasStarted)
        {
            if (ex.Status >= HttpStatusCode.InternalServerError)
            {
                LogServerError(ex, context.Request.Method, context.Request.Path);
            }

            await WriteAsync(context, ex.Status, ex.ErrorCode, ex.Message);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, (HttpStatusCode)ex.StatusCode, ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogServerError(ex, context.Request.Method, context.Request.Path);
            await WriteAsync(context, HttpStatusCode.InternalServerError, RegistryErrorCodes.StoreError, $"Internal error: {ex.Message}");
        }
    }

    /// <summary>Writes an error answer.</summary>
    public static Task WriteAsync(HttpContext context, HttpStatusCode status, int errorCode, string message)
    {
        context.Response.StatusCode = (int)status;
        return Results.Json(new ErrorResponse(errorCode, message), RestJson.Options, RegistryMediaTypes.V1Json, (int)status).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogServerError(Exception exception, string method, string path);
}
