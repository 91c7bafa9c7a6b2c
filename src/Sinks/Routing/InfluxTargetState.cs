using MetricStream.Sinks.InfluxDB;

namespace MetricStream.Sinks.Routing;

/// <summary>
/// The live state of one InfluxDB target, as routing strategies and metrics see it: availability (its
/// circuit breaker), load (requests in flight, latency) and counters. Read from any thread; values are
/// updated by the sink as requests complete.
/// </summary>
/// <remarks>
/// Every counter is a field updated with <see cref="Interlocked"/> only (no lock): a snapshot reads each one
/// atomically, but not all of them at one instant.
/// </remarks>
public sealed class InfluxTargetState
{
    /// <summary>Upper bounds of the request latency histogram buckets (the last, +Inf, is implied).</summary>
    public static readonly IReadOnlyList<TimeSpan> LatencyBucketBounds =
    [
        TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(50),
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
    ];

    private readonly long[] _routed = new long[RouteReasons.All.Count];
    private readonly long[] _latencyBuckets = new long[LatencyBucketBounds.Count + 1];
    private long _requests;
    private long _lines;
    private long _bytes;
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

    /// <summary>Points routed here for <paramref name="reason"/> so far.</summary>
    internal long RoutedFor(RouteReason reason) => Interlocked.Read(ref _routed[(int)reason]);

    internal InfluxTargetSnapshot Snapshot()
    {
        var routed = 0L;
        foreach (var reason in RouteReasons.All)
        {
            routed += RoutedFor(reason);
        }

        var cumulative = 0L;
        var buckets = new InfluxLatencyBucket[LatencyBucketBounds.Count];
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref _latencyBuckets[i]);
            buckets[i] = new InfluxLatencyBucket(LatencyBucketBounds[i], cumulative);
        }

        return new InfluxTargetSnapshot(
            Name,
            Circuit,
            routed,
            RoutedFor(RouteReason.Failover),
            Interlocked.Read(ref _reroutes),
            Interlocked.Read(ref _requests),
            Interlocked.Read(ref _lines),
            Interlocked.Read(ref _failures),
            Interlocked.Read(ref _retries),
            Interlocked.Read(ref _rejected),
            InFlightRequests,
            TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicksTotal)),
            LatencyEwma)
        {
            BytesSent = Interlocked.Read(ref _bytes),
            LatencyBuckets = buckets,
            LatencyCount = cumulative + Interlocked.Read(ref _latencyBuckets[^1]),
        };
    }

    internal void Routed(RouteReason reason) => Interlocked.Increment(ref _routed[(int)reason]);

    internal void Rerouted() => Interlocked.Increment(ref _reroutes);

    internal void RequestStarted() => Interlocked.Increment(ref _inFlight);

    internal void RequestEnded(TimeSpan latency, bool success, int lines, int bytes = 0)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _latencyTicksTotal, latency.Ticks);
        Interlocked.Increment(ref _latencyBuckets[BucketOf(latency)]);
        var old = Interlocked.Read(ref _latencyTicksEwma);
        Interlocked.Exchange(ref _latencyTicksEwma, old == 0 ? latency.Ticks : old + ((latency.Ticks - old) / 8));
        Interlocked.Add(ref _bytes, bytes);
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

    private static int BucketOf(TimeSpan latency)
    {
        var i = 0;
        while (i < LatencyBucketBounds.Count && latency > LatencyBucketBounds[i])
        {
            i++;
        }

        return i;
    }
}
