using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Testing.Influx;

namespace MetricStream.Sinks.IntegrationTests.Support;

/// <summary>Sinks against real influxd servers, with fast retry/breaker settings so fault tests run quickly.</summary>
internal static class SinkFactory
{
    public static InfluxSinkOptions Options(string database, params InfluxdFixture[] servers) => new()
    {
        Targets = [.. servers.Select((s, i) => new InfluxTargetOptions { Name = $"influx-{i}", Url = s.Url })],
        Destinations = InfluxDestinationOptions.Defaults(database),
        BatchMaxLines = 500,
        BatchLinger = TimeSpan.FromMilliseconds(50),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        BreakerFailureThreshold = 3,
        BreakerOpenDuration = TimeSpan.FromMilliseconds(500),
        RequestTimeout = TimeSpan.FromSeconds(10),

        // influxd runs on loopback, where the sink does not compress by default: keep the gzip path under test
        // against the real server (the plain path is the one wrk and the unit tests use).
        GzipLoopback = true,
    };

    public static async Task<InfluxSink> StartAsync(InfluxSinkOptions options, IInfluxDeadLetterPublisher? deadLetters = null)
    {
        var sink = new InfluxSink(options, deadLetters);
        await sink.StartAsync();
        return sink;
    }
}

/// <summary>Keeps dead letters in memory.</summary>
internal sealed class CapturingDeadLetters : IInfluxDeadLetterPublisher
{
    private readonly List<InfluxDeadLetter> _letters = [];

    public IReadOnlyList<InfluxDeadLetter> Letters
    {
        get
        {
            lock (_letters)
            {
                return [.. _letters];
            }
        }
    }

    public Task PublishAsync(InfluxDeadLetter letter, CancellationToken cancellationToken)
    {
        lock (_letters)
        {
            _letters.Add(letter);
        }

        return Task.CompletedTask;
    }
}
