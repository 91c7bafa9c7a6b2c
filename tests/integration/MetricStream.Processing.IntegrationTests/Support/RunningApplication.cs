using MetricStream.Processing.Runtime;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>A <see cref="StreamsApplication"/> running in the background until disposed (then stopped cleanly).</summary>
internal sealed class RunningApplication : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private RunningApplication(StreamsApplication application)
    {
        Application = application;
        Run = application.RunAsync(_stop.Token);
    }

    public StreamsApplication Application { get; }

    public Task Run { get; }

    public static RunningApplication Start(Topology.Topology topology, StreamsApplicationOptions options) => new(new StreamsApplication(topology, options));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await Application.DisposeAsync();
            _stop.Dispose();
        }
    }
}
