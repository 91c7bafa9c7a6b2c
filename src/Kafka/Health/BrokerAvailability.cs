using System.Text.Json;

namespace MetricStream.Kafka.Health;

/// <summary>
/// Whether a client can reach at least one broker, learnt from librdkafka's callbacks: the
/// <c>Local: All broker connections are down</c> error marks it down; a statistics report with a
/// broker in state <c>UP</c>, or any successful delivery, marks it up. Thread-safe: callbacks arrive on
/// librdkafka's threads while request threads read <see cref="IsAvailable"/>.
/// </summary>
public sealed class BrokerAvailability
{
    private volatile bool _available = true;

    /// <summary>True unless the client last reported that every broker connection is down.</summary>
    public bool IsAvailable => _available;

    /// <summary>Raised when availability changes; the argument is the new value.</summary>
    public event Action<bool>? Changed;

    /// <summary>Records that every broker connection is down.</summary>
    public void MarkDown() => Set(false);

    /// <summary>Records that a broker answered.</summary>
    public void MarkUp() => Set(true);

    /// <summary>Reads a librdkafka statistics JSON document and marks up when any broker is <c>UP</c>.</summary>
    public void OnStatistics(string statisticsJson)
    {
        if (AnyBrokerUp(statisticsJson))
        {
            MarkUp();
        }
    }

    /// <summary>True when the statistics document lists a real broker (node id &gt;= 0) in state <c>UP</c>.</summary>
    public static bool AnyBrokerUp(string statisticsJson)
    {
        ArgumentNullException.ThrowIfNull(statisticsJson);
        using var doc = JsonDocument.Parse(statisticsJson);
        if (!doc.RootElement.TryGetProperty("brokers", out var brokers) || brokers.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var broker in brokers.EnumerateObject())
        {
            var isReal = broker.Value.TryGetProperty("nodeid", out var id) && id.TryGetInt32(out var n) && n >= 0;
            var isUp = broker.Value.TryGetProperty("state", out var state) && state.ValueEquals("UP");
            if (isReal && isUp)
            {
                return true;
            }
        }

        return false;
    }

    private void Set(bool value)
    {
        if (_available == value)
        {
            return;
        }

        _available = value;
        Changed?.Invoke(value);
    }
}
