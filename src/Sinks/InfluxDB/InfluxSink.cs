using System.Collections.Concurrent;
using MetricStream.Avro.Records;
using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.InfluxDB.Internal;
using MetricStream.Sinks.LineProtocol;
using MetricStream.Sinks.Resilience;
using MetricStream.Sinks.Resilience.Internal;
using MetricStream.Sinks.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Sinks.InfluxDB;

/// <summary>
/// Writes raw points and window aggregates to InfluxDB (V1 or V2 API) as line protocol. <c>Write</c> formats
/// the record at once (the caller may reuse it on return), routes it to a target by the configured strategy,
/// appends it to that (destination, target)'s batch, and returns a task that completes when InfluxDB answered
/// 2xx for the batch, or the line was dead-lettered after a 400 (at-least-once: commit input offsets only
/// after it completes). A batch is sent at <see cref="InfluxSinkOptions.BatchMaxLines"/> lines,
/// <see cref="InfluxSinkOptions.BatchMaxBytes"/> bytes or <see cref="InfluxSinkOptions.BatchLinger"/> after its
/// first line, whichever comes first. The task faults only when the sink is disposed before the batch was
/// stored, or a dead letter could not be published.
/// </summary>
/// <remarks>
/// Thread-safe: <c>Write</c> may be called from many threads. Each (destination, target) slot's open batch
/// must always be accessed under that slot's lock; sealed batches belong to the sender.
/// </remarks>
public sealed partial class InfluxSink : IAsyncDisposable
{
    private readonly InfluxSinkOptions _options;
    private readonly Dictionary<string, int> _destinations = new(StringComparer.Ordinal);
    private readonly string[] _destinationNames;
    private readonly InfluxTargetState[] _targets;
    private readonly IInfluxRoutingStrategy _strategy;
    private readonly IInfluxDeadLetterPublisher? _deadLetters;
    private readonly InfluxHttp _http;
    private readonly BatchSender _sender;
    private readonly Slot[] _slots;
    private readonly ConcurrentDictionary<Batch, Task> _sending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private long _accepted;
    private long _pending;
    private long _unwritable;

    /// <summary>Creates a sink; call <see cref="StartAsync"/> before writing.</summary>
    /// <param name="options">The configuration (validated here).</param>
    /// <param name="deadLetters">Where rejected lines go; null to only count and log them.</param>
    /// <param name="routing">The strategy registry; default <see cref="InfluxRoutingRegistry.Default"/>.</param>
    /// <param name="logger">A logger; default none.</param>
    /// <exception cref="ArgumentException">Invalid options or an unknown routing strategy.</exception>
    public InfluxSink(InfluxSinkOptions options, IInfluxDeadLetterPublisher? deadLetters = null, InfluxRoutingRegistry? routing = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _deadLetters = deadLetters;
        _logger = logger ?? NullLogger.Instance;
        _strategy = (routing ?? InfluxRoutingRegistry.Default).Create(options.RoutingStrategy);
        _destinationNames = [.. options.Destinations.Keys];
        for (var i = 0; i < _destinationNames.Length; i++)
        {
            _destinations[_destinationNames[i]] = i;
        }

        var breakers = options.Targets.Select(_ => new CircuitBreaker(options.BreakerFailureThreshold, options.BreakerOpenDuration, options.TimeProvider)).ToArray();
        _targets = [.. options.Targets.Select((t, i) => new InfluxTargetState(i, t, () => ToInflux(breakers[i].State)))];
        _http = new InfluxHttp(options, _destinationNames);
        _sender = new BatchSender(options, _http, _destinationNames, _targets, breakers, _strategy, deadLetters, _logger);
        _slots = [.. Enumerable.Range(0, _destinationNames.Length * _targets.Length).Select(i => new Slot(i / _targets.Length, i % _targets.Length))];
    }

    /// <summary>The targets' live state, in <see cref="InfluxSinkOptions.Targets"/> order.</summary>
    public IReadOnlyList<InfluxTargetState> Targets => _targets;

    /// <summary>The destination names this sink knows.</summary>
    public IReadOnlyCollection<string> Destinations => _destinationNames;

    /// <summary>
    /// V1: provisions databases and retention policies on every target (a target that is down is provisioned
    /// before its first write instead; this does not fail for it). V2: nothing to do.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < _targets.Length; i++)
        {
            await _sender.ProvisionAsync(i, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a raw point to <paramref name="destination"/> for <paramref name="tenant"/>; see the class remarks.</summary>
    /// <exception cref="ArgumentException">Unknown destination.</exception>
    public Task Write(MetricPoint point, string destination, string tenant, InfluxRecordSource source = default)
    {
        ArgumentNullException.ThrowIfNull(point);
        var slot = Route(destination, tenant);
        lock (slot)
        {
            var batch = slot.Current ??= Open(slot);
            var error = InfluxLineWriter.TryWrite(batch.Buffer, point, tenant);
            return error is null ? Added(slot, batch, tenant, source) : Unwritable(error, destination, tenant, source);
        }
    }

    /// <summary>Writes a window aggregate to <paramref name="destination"/> for <paramref name="tenant"/>; see the class remarks.</summary>
    /// <exception cref="ArgumentException">Unknown destination.</exception>
    public Task Write(WindowAggregate aggregate, string destination, string tenant, InfluxRecordSource source = default)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        var slot = Route(destination, tenant);
        lock (slot)
        {
            var batch = slot.Current ??= Open(slot);
            var error = InfluxLineWriter.TryWrite(batch.Buffer, aggregate, tenant);
            return error is null ? Added(slot, batch, tenant, source) : Unwritable(error, destination, tenant, source);
        }
    }

    /// <summary>Sends every open batch now and waits until all sent batches completed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        foreach (var slot in _slots)
        {
            Batch? batch;
            lock (slot)
            {
                batch = slot.Take();
            }

            if (batch is not null)
            {
                Dispatch(batch);
            }
        }

        await Task.WhenAll(_sending.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The counters now.</summary>
    public InfluxSinkSnapshot Snapshot() => new(
        _options.RoutingStrategy,
        [.. _targets.Select(t => t.Snapshot())],
        Interlocked.Read(ref _accepted),
        Interlocked.Read(ref _pending),
        _sender.DeadLettered,
        Interlocked.Read(ref _unwritable))
    {
        RouteDecisions = [.. _targets.SelectMany(t => RouteReasons.All.Select(r => new InfluxRouteDecisionCount(_options.RoutingStrategy, t.Name, r, t.RoutedFor(r))))],
    };

    /// <summary>Flushes for up to <see cref="InfluxSinkOptions.ShutdownTimeout"/>, then stops: unsent batches' tasks fault.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var deadline = new CancellationTokenSource(_options.ShutdownTimeout, _options.TimeProvider))
        {
            try
            {
                await FlushAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("InfluxDB sink stopped with {Lines} lines not yet stored", Interlocked.Read(ref _pending));
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_sending.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Unsent batches fail their writers' tasks with this; the sink itself stops cleanly.
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private static InfluxCircuitState ToInflux(CircuitState state) => state switch
    {
        CircuitState.Open => InfluxCircuitState.Open,
        CircuitState.HalfOpen => InfluxCircuitState.HalfOpen,
        _ => InfluxCircuitState.Closed,
    };
}
