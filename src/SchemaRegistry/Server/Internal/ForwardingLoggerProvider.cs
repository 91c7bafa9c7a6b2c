using Microsoft.Extensions.Logging;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>
/// Hands the web host's loggers to the caller's <see cref="ILoggerFactory"/>, so the registry logs where the
/// host logs while the web host applies its own filters first (per-request logs are not wanted there).
/// The factory belongs to the caller and is not disposed here.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
