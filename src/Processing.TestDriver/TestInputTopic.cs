using MetricStream.Avro.Records;

namespace MetricStream.Processing.TestDriver;

/// <summary>Pipes values into one input topic of a <see cref="TopologyTestDriver"/>; each call processes the value completely.</summary>
public sealed class TestInputTopic
{
    private readonly TopologyTestDriver _driver;

    internal TestInputTopic(TopologyTestDriver driver, string topic)
    {
        _driver = driver;
        Topic = topic;
    }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>Pipes a point; its <see cref="MetricPoint.Timestamp"/> is its event time. Accepted by point-batch and metric-point sources.</summary>
    /// <param name="point">The point (not kept).</param>
    public void PipeInput(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        _driver.Pipe(Topic, point);
    }

    /// <summary>Pipes a point with an explicit event time (overwrites the point's timestamp).</summary>
    /// <param name="point">The point (its timestamp is set).</param>
    /// <param name="eventTime">Event time.</param>
    public void PipeInput(MetricPoint point, DateTimeOffset eventTime)
    {
        ArgumentNullException.ThrowIfNull(point);
        point.Timestamp = eventTime;
        _driver.Pipe(Topic, point);
    }

    /// <summary>Pipes a batch (point-batch sources): each point is processed in order.</summary>
    /// <param name="batch">The batch.</param>
    public void PipeInput(PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _driver.Pipe(Topic, batch);
    }

    /// <summary>Pipes an aggregate (window-aggregate sources); its event time is its window end minus 1 ms.</summary>
    /// <param name="aggregate">The aggregate.</param>
    public void PipeInput(WindowAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        _driver.Pipe(Topic, aggregate);
    }

    /// <summary>Pipes points one after the other.</summary>
    /// <param name="points">The points.</param>
    public void PipeInputs(IEnumerable<MetricPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var point in points)
        {
            PipeInput(point);
        }
    }
}
