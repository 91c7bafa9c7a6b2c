namespace MetricStream.Edge.Producing;

/// <summary>
/// Tells "Kafka is gone" from "Kafka is slow": asked by <see cref="PointBatchProducer"/> only when nothing at
/// all has been acknowledged for the stall timeout. A cold producer's first metadata round trip, a broker
/// that answers slowly, or a machine too busy to run the client's threads all look like a stall from inside
/// the producer, yet the brokers are still there; only a probe that finds none of them reachable trips the
/// circuit breaker.
/// </summary>
public interface IBrokerProbe
{
    /// <summary>True when at least one broker is reachable (or the answer is not known); false only when every broker refused.</summary>
    /// <param name="cancellationToken">Ends the probe early (the answer is then "reachable").</param>
    /// <returns>Whether any broker is reachable.</returns>
    Task<bool> AnyReachableAsync(CancellationToken cancellationToken);
}
