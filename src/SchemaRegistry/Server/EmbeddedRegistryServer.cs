using System.Net;
using MetricStream.Observability.Metrics;
using MetricStream.SchemaRegistry.Server.Internal;
using MetricStream.SchemaRegistry.Storage.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.SchemaRegistry.Server;

/// <summary>
/// A Confluent-compatible schema registry (Avro only) on Kestrel, durable in a Kafka topic like Confluent's:
/// every registration and config change is written to <see cref="RegistryServerOptions.SchemasTopic"/> and
/// acknowledged to the caller only after Kafka acknowledged it. <see cref="StartAsync"/> reads the topic from
/// the beginning to its end and rebuilds the same subjects, versions and ids, then writes a no-op marker (proving
/// the topic is writable) before it listens, so a restarted registry answers as before and allocates new ids
/// above the highest one seen.
/// </summary>
/// <remarks>
/// Single writer: run one registry process per topic. Endpoints: <c>POST /subjects/{s}/versions</c>,
/// <c>POST /subjects/{s}</c>, <c>GET /schemas/ids/{id}[/schema|/versions]</c>, <c>GET /schemas/types</c>,
/// <c>GET /subjects</c>, <c>GET /subjects/{s}/versions[/{v|latest}[/schema]]</c>,
/// <c>DELETE /subjects/{s}[/versions/{v}]</c> (soft deletes), <c>GET|PUT /config[/{s}]</c>,
/// <c>DELETE /config/{s}</c>, <c>POST /compatibility/subjects/{s}/versions[/{v|latest}]</c>,
/// <c>GET /healthz</c> and <c>GET /metrics</c> (Prometheus text: requests and latency per route, process figures). Errors use Confluent's body and codes (40401, 40402, 40403, 409, 42201, 42202, 42203, 50001).
/// Not supported: schema references, JSON Schema and Protobuf, hard deletes, modes, contexts.
/// </remarks>
public sealed class EmbeddedRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly KafkaSchemaLog _log;
    private readonly SchemaRegistryService _registry;
    private bool _disposed;

    private EmbeddedRegistryServer(WebApplication app, KafkaSchemaLog log, SchemaRegistryService registry, Uri url, MetricsRegistry metrics)
    {
        _app = app;
        Metrics = metrics;
        _log = log;
        _registry = registry;
        Url = url;
    }

    /// <summary>The address the registry listens on, with the actual port (e.g. <c>http://127.0.0.1:8081/</c>).</summary>
    public Uri Url { get; }

    /// <summary>The registry's metrics (served at <c>GET /metrics</c>): <c>metricstream_registry_http_*</c> and the process figures.</summary>
    public MetricsRegistry Metrics { get; }

    /// <summary>
    /// Checks the topic (creating it through the provisioner if one is given), reads it to its end, then starts
    /// listening. The returned server is ready: every earlier registration is visible.
    /// </summary>
    /// <exception cref="InvalidOperationException">The topic is missing (and no provisioner was given), has more than one partition, or cannot be written.</exception>
    /// <exception cref="TimeoutException">The topic's end was not reached within <see cref="RegistryServerOptions.StartupTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">A record of the topic cannot be read (startup refuses rather than risk reusing an id).</exception>
    /// <exception cref="IOException">The listen address is in use.</exception>
    public static async Task<EmbeddedRegistryServer> StartAsync(RegistryServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ListenUrl.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"The registry listens on http only; got {options.ListenUrl}", nameof(options));
        }

        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("MetricStream.SchemaRegistry");
        var time = options.TimeProvider ?? TimeProvider.System;
        await SchemaTopic.EnsureAsync(
            options.BootstrapServers, options.SchemasTopic, options.TopicProvisioner, options.ReplicationFactor, options.StartupTimeout, cancellationToken).ConfigureAwait(false);
        var log = new KafkaSchemaLog(options.BootstrapServers, options.SchemasTopic, time, options.StartupTimeout, options.WriteTimeout, logger);
        var registry = new SchemaRegistryService(log, logger);
        WebApplication? app = null;
        try
        {
            // The marker's first write costs librdkafka about a second of metadata discovery: overlap it with the read.
            var marker = MarkStartedAsync(registry, options, cancellationToken);
            _ = marker.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            await registry.LoadAsync(cancellationToken).ConfigureAwait(false);
            await marker.ConfigureAwait(false);
            var metrics = new RegistryMetrics(time);
            app = Build(options, loggerFactory, logger, registry, metrics);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var url = new Uri(app.Urls.First());
            logger.LogInformation("Schema registry listening on {Url}, log topic '{Topic}' on {Bootstrap}", url, options.SchemasTopic, options.BootstrapServers);
            return new EmbeddedRegistryServer(app, log, registry, url, metrics.Registry);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            registry.Dispose();
            log.Dispose();
            throw;
        }
    }

    /// <summary>Stops listening (in-flight requests finish first), then closes the Kafka clients.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _registry.Dispose();
        _log.Dispose();
    }

    private static async Task MarkStartedAsync(SchemaRegistryService registry, RegistryServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await registry.MarkStartedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The schema registry cannot write to its topic '{options.SchemasTopic}' on {options.BootstrapServers}: {ex.Message}", ex);
        }
    }

    private static WebApplication Build(RegistryServerOptions options, ILoggerFactory loggerFactory, ILogger logger, SchemaRegistryService registry, RegistryMetrics metrics)
    {
        // The empty builder reads no appsettings.json, environment or command line: the host's own
        // configuration must not re-bind the registry's port.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmbeddedRegistryServer).Assembly.GetName().Name,
        });
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));

        // One line per request (and the generic host's banner) is noise; warnings and errors still come through.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls(ListenAddress(options.ListenUrl));
        var app = builder.Build();
        var errors = new RegistryErrorHandling(logger);
        app.Use(metrics.InvokeAsync); // outside the error handling, so it counts the status codes errors become
        app.Use(errors.InvokeAsync);
        RegistryEndpoints.Map(app, registry);
        app.MapGet("/metrics", metrics.WriteAsync);
        app.MapFallback(context => RegistryErrorHandling.WriteAsync(
            context, HttpStatusCode.NotFound, StatusCodes.Status404NotFound, $"HTTP 404 Not Found: {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    private static string ListenAddress(Uri url) => $"{url.Scheme}://{url.Authority}";
}
