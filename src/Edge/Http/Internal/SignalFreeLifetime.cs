using Microsoft.Extensions.Hosting;

namespace MetricStream.Edge.Http.Internal;

/// <summary>
/// The edge's web host lifetime: it takes no SIGINT/SIGTERM for itself. The process hosting the edge
/// (<c>metricstream edge</c> or <c>up</c>) owns the signals and drains the edge through
/// <see cref="EdgeServer.StopAsync"/>; ASP.NET Core's console lifetime would otherwise start its own
/// shutdown on the first signal and swallow the second (which should force an exit).
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
