using Microsoft.Extensions.Hosting;

namespace MetricStream.Host.Admin.Internal;

/// <summary>The admin listener's host lifetime: no signal handling of its own (the process owns the signals).</summary>
internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
