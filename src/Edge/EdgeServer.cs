using MetricStream.Avro.Records;
using MetricStream.Edge.Admission;
using MetricStream.Edge.Http.Internal;
using MetricStream.Edge.LineProtocol;
using MetricStream.Edge.Metrics;
using MetricStream.Observability.Metrics;
using MetricStream.Observability.Runtime;
using MetricStream.Edge.Producing;
using MetricStream.Edge.Producing.Internal;
using MetricStream.Edge.Spool;
using MetricStream.Edge.Spool.Internal;
using MetricStream.Edge.Validation;
using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Edge;

/// <summary>
/// The edge ingester on Kestrel: InfluxDB-compatible <c>POST /api/v2/write</c> and <c>POST /write</c>,
/// Prometheus <c>POST /api/v1/write</c>, the JSON <c>POST /api/v1/metrics</c>, <c>GET /healthz</c>,
/// <c>GET /readyz</c>, <c>GET /metrics</c> and <c>GET|PUT|DELETE /admin/tenants/{tenant}/policies</c>, plus the
/// InfluxDB client handshakes <c>/ping</c>, <c>/health</c> and <c>/query</c> (<c>CREATE DATABASE</c> only, a no-op).
/// Valid points are produced to <see cref="EdgeOptions.Topic"/> as one <c>PointBatch</c> record per target
/// partition, and a request is answered 2xx (or 400 for partly invalid bodies) only after Kafka acknowledged
/// every record of it.
/// </summary>
/// <remarks>
/// Start-up creates the topic when missing, learns its partition count and registers
/// <c>point-batch.avsc</c> under <c>&lt;topic&gt;-value</c>; the returned server is listening and ready.
/// <see cref="StopAsync"/> drains: new writes get 503, in-flight requests finish (up to
/// <see cref="EdgeOptions.ShutdownTimeout"/>), the producer is flushed, then everything is closed.
/// </remarks>
public sealed class EdgeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EdgeRuntime _runtime;
    private readonly DurableProducer _producer;
    private readonly ILogger _logger;
    private readonly SpoolReplayer? _replayer;
    private int _stopped;

    private EdgeServer(WebApplication app, EdgeRuntime runtime, DurableProducer producer, SpoolReplayer? replayer, Uri url, int schemaId, ILogger logger)
    {
        _app = app;
        _replayer = replayer;
        _runtime = runtime;
        _producer = producer;
        _logger = logger;
        Url = url;
        SchemaId = schemaId;
    }

    /// <summary>The address the edge listens on, with the actual port, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Registry id of the value schema the edge writes with.</summary>
    public int SchemaId { get; }

    /// <summary>Partitions of the output topic, as last read.</summary>
    public int PartitionCount => _runtime.Partitions.Count;

    /// <summary>The edge's metrics (also served at <c>/metrics</c>).</summary>
    public EdgeMetrics Metrics => _runtime.Metrics;

    /// <summary>Every tenant's admission policies (also served at <c>/admin/tenants/{tenant}/policies</c>).</summary>
    public TenantPolicyStore Policies => _runtime.Policies;

    /// <summary>The durable spool (<see cref="EdgeOptions.SpoolDirectory"/>), or null.</summary>
    public SpoolLog? Spool => _runtime.Spool;

    /// <summary>True when writes can be accepted: not draining and Kafka reachable (the circuit breaker is closed).</summary>
    public bool IsReady => !_runtime.Draining && !_runtime.Breaker.IsOpen;

    /// <summary>Starts the edge: topic, schema, producer, then Kestrel. Returns once it listens.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="SchemaRegistryException">The schema could not be registered.</exception>
    /// <exception cref="OperationCanceledException">Kafka did not answer within <see cref="EdgeOptions.StartupTimeout"/>.</exception>
    public static async Task<EdgeServer> StartAsync(EdgeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Limits.Validate();
        if (options.Registry is null && options.RegistryUrl is null)
        {
            throw new ArgumentException("EdgeOptions needs RegistryUrl or Registry", nameof(options));
        }

        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("MetricStream.Edge");
        var time = options.TimeProvider ?? TimeProvider.System;
        var producerSettings = (options.Producer ?? new ProducerSettings { BootstrapServers = options.BootstrapServers, ClientId = "metricstream-edge", Linger = TimeSpan.FromMilliseconds(1) })
            with { BootstrapServers = options.BootstrapServers };
        var producer = new DurableProducer(producerSettings, time, loggers.CreateLogger("MetricStream.Edge.Producer"));
        TopicPartitionCount? partitions = null;
        KafkaCircuitBreaker? breaker = null;
        WebApplication? app = null;
        SpoolLog? spool = null;
        SpoolReplayer? replayer = null;
        try
        {
            spool = options.SpoolDirectory is { Length: > 0 } directory
                ? SpoolLog.Open(directory, options.SpoolMaxBytes, loggers.CreateLogger("MetricStream.Edge.Spool"))
                : null;
            partitions = new TopicPartitionCount(options.BootstrapServers, options.Topic, logger);
            var spec = new TopicSpec(options.Topic, options.TopicPartitions, options.TopicReplicationFactor);
            await partitions.InitializeAsync(spec, options.TopicProvisioner ?? new AdminTopicProvisioner(options.BootstrapServers), time, options.StartupTimeout, cancellationToken)
                .ConfigureAwait(false);
            await ProducerWarmUp.ConnectAsync(producer, options.Topic, options.StartupTimeout, cancellationToken).ConfigureAwait(false);
            var schemaId = await RegisterSchemaAsync(options, cancellationToken).ConfigureAwait(false);
            breaker = new KafkaCircuitBreaker(producer.Availability, time, options.BreakDuration, logger);
            var metrics = new EdgeMetrics(ProcessMetrics.AddTo(new MetricsRegistry()));
            var runtime = new EdgeRuntime
            {
                Options = options,
                Keys = options.Keys,
                Policies = new TenantPolicyStore(options.PolicyRegistry ?? AdmissionPolicyRegistry.CreateDefault(), options.DefaultPolicies, time, options.PoliciesFile),
                Validator = new PointValidator(options.Limits),
                LineProtocol = new LineProtocolParser(options.Limits.MaxLineBytes),
                Producer = new PointBatchProducer(producer, options.Topic, schemaId, breaker, Probe(options, partitions, time, logger), time, options.AckTimeout, options.StallTimeout, metrics, logger),
                Breaker = breaker,
                Partitions = partitions,
                Metrics = metrics,
                Spool = spool,
                SpoolMetrics = spool is null ? null : new SpoolMetrics(metrics.Registry, spool),
                Time = time,
                Logger = logger,
            };
            RegisterGauges(runtime, producer);
            if (spool is not null)
            {
                replayer = new SpoolReplayer(spool, producer, options.Topic, breaker, runtime.SpoolMetrics!, time, loggers.CreateLogger("MetricStream.Edge.Spool"));
                replayer.Start();
            }

            app = Build(options, runtime, loggers);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var url = new Uri(app.Urls.First());
            logger.LogInformation(
                "Edge listening on {Url}: topic {Topic} ({Partitions} partitions), schema id {SchemaId}, {Keys} API keys",
                url, options.Topic, partitions.Count, schemaId, options.Keys.Count);
            return new EdgeServer(app, runtime, producer, replayer, url, schemaId, logger);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            if (replayer is not null)
            {
                await replayer.DisposeAsync().ConfigureAwait(false);
            }

            spool?.Dispose();
            breaker?.Dispose();
            partitions?.Dispose();
            producer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Drains and stops: readiness turns false and new writes are answered 503 at once; requests in flight
    /// finish (up to <see cref="EdgeOptions.ShutdownTimeout"/>); the producer is flushed; then Kestrel and the
    /// Kafka clients are closed. Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait for in-flight requests early.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _runtime.StartDraining();
        _logger.LogInformation("Edge draining: {Inflight} requests in flight", _runtime.Inflight);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_runtime.Options.ShutdownTimeout);
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        if (_replayer is not null)
        {
            // What is left in the spool stays on disk and is replayed by the next start.
            await _replayer.DisposeAsync().ConfigureAwait(false);
        }

        var left = _producer.Flush(TimeSpan.FromSeconds(10));
        _runtime.Spool?.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
        _runtime.Partitions.Dispose();
        _runtime.Breaker.Dispose();
        _producer.Dispose();
        _logger.LogInformation("Edge stopped ({Left} records unflushed)", left);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static async Task<int> RegisterSchemaAsync(EdgeOptions options, CancellationToken cancellationToken)
    {
        var subject = SubjectNames.ForValue(options.Topic);
        var schema = ProductSchemas.Json("point-batch.avsc");
        if (options.Registry is { } registry)
        {
            return await registry.RegisterAsync(subject, schema, cancellationToken).ConfigureAwait(false);
        }

        using var client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = options.RegistryUrl! }, options.TimeProvider);
        return await client.RegisterAsync(subject, schema, cancellationToken).ConfigureAwait(false);
    }

    private static IBrokerProbe Probe(EdgeOptions options, TopicPartitionCount partitions, TimeProvider time, ILogger logger)
    {
        if (options.BrokerProbe is { } probe)
        {
            return probe;
        }

        var bootstrap = TcpBrokerProbe.Parse(options.BootstrapServers).ToList();
        return new TcpBrokerProbe(() => bootstrap.Union(partitions.Brokers).ToList(), time, logger);
    }

    private static void RegisterGauges(EdgeRuntime runtime, DurableProducer producer)
    {
        var registry = runtime.Metrics.Registry;
        registry.Gauge("edge_kafka_available", "1 while the producer can reach a broker, else 0.", () => producer.Availability.IsAvailable ? 1 : 0);
        registry.Gauge("edge_circuit_open", "1 while the Kafka circuit breaker is open (writes answered 503), else 0.", () => runtime.Breaker.IsOpen ? 1 : 0);
        registry.Gauge("edge_inflight_requests", "Write requests being handled.", () => runtime.Inflight);
        registry.Gauge("edge_producer_queue_full_waits", "Times a record found the producer queue full and waited.", () => producer.QueueFullWaits);
        registry.Gauge("edge_topic_partitions", "Partitions of the output topic.", () => runtime.Partitions.Count);
    }

    private static WebApplication Build(EdgeOptions options, EdgeRuntime runtime, ILoggerFactory loggers)
    {
        // The empty builder reads no appsettings.json, environment or command line: the host's own
        // configuration must not re-bind the edge's port.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EdgeServer).Assembly.GetName().Name,
        });
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Body limits are the edge's own (413 with a reason, per tenant); Kestrel's would answer first.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        builder.WebHost.UseShutdownTimeout(options.ShutdownTimeout);
        builder.WebHost.UseUrls($"{options.ListenUrl.Scheme}://{options.ListenUrl.Authority}");
        var app = builder.Build();
        var writes = new WriteHandler(runtime);
        var admin = new AdminHandler(runtime);
        var status = new StatusHandler(runtime);
        var influx = new InfluxCompatHandler(runtime);
        app.MapPost("/api/v2/write", context => writes.HandleAsync(context, WriteFormat.InfluxV2));
        app.MapPost("/write", context => writes.HandleAsync(context, WriteFormat.InfluxV1));
        app.MapPost("/api/v1/write", context => writes.HandleAsync(context, WriteFormat.RemoteWrite));
        app.MapPost("/api/v1/metrics", context => writes.HandleAsync(context, WriteFormat.Json));
        app.MapGet("/healthz", status.HealthAsync);
        app.MapGet("/readyz", status.ReadyAsync);
        app.MapGet("/metrics", status.MetricsAsync);
        app.MapMethods("/ping", ["GET", "HEAD"], influx.PingAsync);
        app.MapGet("/health", influx.HealthAsync);
        app.MapMethods("/query", ["GET", "POST"], influx.QueryAsync);
        app.MapMethods("/admin/tenants/{tenant}/policies", ["GET", "PUT", "DELETE"], admin.HandleAsync);
        app.MapFallback(context =>
        {
            runtime.Metrics.Requests.Add(1, "other", "404");
            return Responses.ErrorAsync(context, StatusCodes.Status404NotFound, "not found", $"{context.Request.Method} {context.Request.Path} is not an edge endpoint");
        });
        return app;
    }
}
