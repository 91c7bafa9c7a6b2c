using Microsoft.Extensions.Hosting;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>
/// A host lifetime that hooks nothing: the registry is embedded in a process that owns SIGINT/SIGTERM and
/// stops the registry by disposing it. (The default console lifetime would take those signals for itself.)
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
