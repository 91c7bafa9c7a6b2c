namespace MetricStream.SchemaRegistry.Serdes;

/// <summary>
/// Confluent's TopicNameStrategy: the subject of a topic's values is <c>&lt;topic&gt;-value</c> and of its keys
/// <c>&lt;topic&gt;-key</c>, so every record of a topic is checked against one evolving schema.
/// </summary>
public static class SubjectNames
{
    /// <summary>The value subject of <paramref name="topic"/>: <c>metrics.points</c> -&gt; <c>metrics.points-value</c>.</summary>
    public static string ForValue(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return topic + "-value";
    }

    /// <summary>The key subject of <paramref name="topic"/>: <c>metrics.points</c> -&gt; <c>metrics.points-key</c>.</summary>
    public static string ForKey(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return topic + "-key";
    }
}
