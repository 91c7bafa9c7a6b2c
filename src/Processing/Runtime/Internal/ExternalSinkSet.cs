using Confluent.Kafka;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>The external sinks of one task, one per external sink processor, opened when the task starts.</summary>
internal sealed class ExternalSinkSet : IAsyncDisposable
{
    private readonly Dictionary<string, IExternalSink> _byProcessor = new(StringComparer.Ordinal);

    public ExternalSinkSet(Topology.Topology topology, IReadOnlyDictionary<string, IExternalSinkProvider> providers, TopicPartition partition)
    {
        foreach (var sink in topology.Nodes.OfType<SinkNode>().Where(s => s.IsExternal))
        {
            var context = new ExternalSinkContext(topology.Name, sink.Name, sink.Provider!, sink.Destination!, partition);
            _byProcessor[sink.Name] = providers[sink.Provider!].Open(context);
        }
    }

    /// <summary>Fails when a sink of <paramref name="topology"/> names a provider missing from <paramref name="providers"/>.</summary>
    /// <exception cref="ArgumentException">A provider is not registered; the message names it, the sink and the fix.</exception>
    public static void CheckProviders(Topology.Topology topology, IReadOnlyDictionary<string, IExternalSinkProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        foreach (var sink in topology.Nodes.OfType<SinkNode>().Where(s => s.IsExternal))
        {
            if (!providers.ContainsKey(sink.Provider!))
            {
                var known = providers.Count == 0 ? "none" : string.Join(", ", providers.Keys.Order(StringComparer.Ordinal));
                throw new ArgumentException(
                    $"topology '{topology.Name}': sink '{sink.Name}' writes to '{sink.Target}', but no external sink provider '{sink.Provider}' is registered (registered: {known}). "
                    + $"Configure the {sink.Provider} sink for this process, or change the sink to 'topic: <kafka topic>'.",
                    nameof(providers));
            }
        }
    }

    public Task Write(SinkNode sink, StreamValueKind kind, in StreamRecord record) => _byProcessor[sink.Name].Write(kind, record);

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in _byProcessor.Values)
        {
            if (sink is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (sink is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }
}
