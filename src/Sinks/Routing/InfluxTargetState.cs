using MetricStream.Sinks.InfluxDB;

namespace MetricStream.Sinks.Routing;

/// <summary>
/// The live state of one InfluxDB target, as routing strategies and metrics see it: availability (its
/// circuit breaker), load (requests in flight, latency) and counters. Read from any thread; values are
/// updated by the sink as requests complete.
/// </summary>
public sealed class InfluxTargetState
{
    private long _routed;
    private long _failovers;
    private long _requests;
    private long _lines;
    private long _failures;
    private long _retries;
    private long _rejected;
    private long _reroutes;
    private long _inFlight;
    private long _latencyTicksEwma;
    private long _latencyTicksTotal;

    internal InfluxTargetState(int index, InfluxTargetOptions options, Func<InfluxCircuitState> circuit)
    {
        Index = index;
        Options = options;
        CircuitReader = circuit;
    }

    /// <summary>Position in <see cref="InfluxSinkOptions.Targets"/>.</summary>
    public int Index { get; }

    /// <summary>The target's name.</summary>
    public string Name => Options.Name;

    /// <summary>False while the target's circuit breaker is open (it failed repeatedly and is not due a probe).</summary>
    public bool IsAvailable => CircuitReader() != InfluxCircuitState.Open;

    /// <summary>The circuit breaker's state.</summary>
    public InfluxCircuitState Circuit => CircuitReader();

    /// <summary>Write requests to this target in flight now.</summary>
    public int InFlightRequests => (int)Interlocked.Read(ref _inFlight);

    /// <summary>Exponentially weighted mean latency of completed requests (weight 1/8 per request); zero before the first.</summary>
    public TimeSpan LatencyEwma => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicksEwma));

    internal InfluxTargetOptions Options { get; }

    private Func<InfluxCircuitState> CircuitReader { get; }

    internal InfluxTargetSnapshot Snapshot() => new(
        Name,
        Circuit,
        Interlocked.Read(ref _routed),
        Interlocked.Read(ref _failovers),
        Interlocked.Read(ref _reroutes),
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _lines),
        Interlocked.Read(ref _failures),
        Interlocked.Read(ref _retries),
        Interlocked.Read(ref _rejected),
        InFlightRequests,
        TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicksTotal)),
        LatencyEwma);

    internal void Routed(bool failover)
    {
        Interlocked.Increment(ref _routed);
        if (failover)
        {
            Interlocked.Increment(ref _failovers);
        }
    }

    internal void Rerouted() => Interlocked.Increment(ref _reroutes);

    internal void RequestStarted() => Interlocked.Increment(ref _inFlight);

    internal void RequestEnded(TimeSpan latency, bool success, int lines)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _latencyTicksTotal, latency.Ticks);
        var old = Interlocked.Read(ref _latencyTicksEwma);
        Interlocked.Exchange(ref _latencyTicksEwma, old == 0 ? latency.Ticks : old + ((latency.Ticks - old) / 8));
        if (success)
        {
            Interlocked.Add(ref _lines, lines);
        }
        else
        {
            Interlocked.Increment(ref _failures);
        }
    }

    internal void Retried() => Interlocked.Increment(ref _retries);

    internal void Rejected() => Interlocked.Increment(ref _rejected);
}
