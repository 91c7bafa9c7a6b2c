using MetricStream.Avro.Records;

namespace MetricStream.Edge.Ingest;

/// <summary>
/// Receives what a parser finds in a request body, item by item and in body order: a syntactically valid
/// point, or an error for an item that could not be parsed. Parsers never throw for bad input; every bad
/// item becomes exactly one <see cref="OnError"/> call and parsing goes on with the next item.
/// </summary>
public interface IPointSink
{
    /// <summary>
    /// A parsed point. The parser reuses <paramref name="point"/> for the next item, so a sink that keeps
    /// the point must copy it (<see cref="MetricPoint.CopyFrom"/>) before returning.
    /// </summary>
    /// <param name="point">The point; its tenant is not set (the tenant comes from the API key).</param>
    /// <param name="item">1-based position of the item: the line number for line protocol, the time
    /// series index for remote_write, the metric index for JSON.</param>
    void OnPoint(MetricPoint point, int item);

    /// <summary>An item that was rejected, with a human-readable reason.</summary>
    /// <param name="item">1-based position of the item (see <see cref="OnPoint"/>).</param>
    /// <param name="reason">Why the item was rejected.</param>
    void OnError(int item, string reason);
}
