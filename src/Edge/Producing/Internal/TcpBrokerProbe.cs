using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Producing.Internal;

/// <summary>
/// Probes brokers at the TCP level: a broker counts as reachable when a connection to it opens and the
/// peer does not close it within a short window. Refused, reset, closed at once (what a stopped broker, a
/// load balancer without backends or the embedded broker's "down" state does) or not opened within the
/// connect timeout means unreachable. Nothing is sent, so the probe works for every listener protocol
/// (plaintext, TLS, SASL) and a slow or overloaded broker (it still accepts) is never mistaken for a dead one.
/// </summary>
/// <remarks>
/// Thread-safe. Concurrent callers share one probe: <c>_current</c> is swapped under <c>_lock</c>, and a
/// finished probe's answer is reused for <see cref="ResultLifetime"/>, so a burst of stalled requests costs
/// one set of connections.
/// </remarks>
internal sealed class TcpBrokerProbe : IBrokerProbe
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan CloseWindow = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ResultLifetime = TimeSpan.FromMilliseconds(200);
    private readonly Func<IReadOnlyCollection<DnsEndPoint>> _brokers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task<bool>? _current;
    private long _finishedAt;

    /// <summary>Creates the probe.</summary>
    /// <param name="brokers">The addresses to try, read at each probe (bootstrap servers plus brokers from metadata).</param>
    /// <param name="time">Clock for the timeouts.</param>
    /// <param name="logger">Logs the verdict.</param>
    public TcpBrokerProbe(Func<IReadOnlyCollection<DnsEndPoint>> brokers, TimeProvider time, ILogger logger)
    {
        _brokers = brokers;
        _time = time;
        _logger = logger;
    }

    /// <summary>Parses <c>host:port,host:port</c> (an optional <c>SCHEME://</c> prefix per entry is ignored).</summary>
    /// <param name="bootstrapServers">The bootstrap list.</param>
    /// <returns>The endpoints that parse.</returns>
    public static IEnumerable<DnsEndPoint> Parse(string bootstrapServers)
    {
        foreach (var entry in bootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            var colon = address.LastIndexOf(':');
            if (colon > 0 && int.TryParse(address.AsSpan(colon + 1), out var port))
            {
                yield return new DnsEndPoint(address[..colon].Trim('[', ']'), port);
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> AnyReachableAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var fresh = _current is { IsCompleted: true } && _time.GetElapsedTime(_finishedAt) < ResultLifetime;
            if (_current is null || (_current.IsCompleted && !fresh))
            {
                _current = ProbeAllAsync();
            }

            return _current.WaitAsync(cancellationToken);
        }
    }

    private async Task<bool> ProbeAllAsync()
    {
        var brokers = _brokers();
        var results = await Task.WhenAll(brokers.Select(ProbeAsync)).ConfigureAwait(false);
        var any = brokers.Count == 0 || results.Any(r => r);
        lock (_lock)
        {
            _finishedAt = _time.GetTimestamp();
        }

        _logger.Log(any ? LogLevel.Debug : LogLevel.Warning, "Kafka broker probe: {Reachable} of {Count} brokers reachable", results.Count(r => r), brokers.Count);
        return any;
    }

    private async Task<bool> ProbeAsync(DnsEndPoint broker)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var connected = false;
        try
        {
            using (var connect = new CancellationTokenSource(ConnectTimeout, _time))
            {
                await socket.ConnectAsync(broker, connect.Token).ConfigureAwait(false);
            }

            connected = true;

            using var window = new CancellationTokenSource(CloseWindow, _time);
            var buffer = new byte[1];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, window.Token).ConfigureAwait(false);

            // A broker never speaks first; bytes mean something is there, 0 means it closed the connection.
            return read > 0;
        }
        catch (OperationCanceledException)
        {
            // Not connected within the connect timeout: unreachable. Connected and still open: reachable.
            return connected;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
